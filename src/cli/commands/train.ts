import { InvalidArgumentError, Option, type Command } from 'commander';
import { createContext } from '../context.js';
import { addDataFlags, addFailOnFlag, addJsonFlag, addMetaFlags, intInRange, metaOptions, nonNegativeInt, thresholdGrid, type DataFlags, type FailOn, type RandomEffectsFlags } from '../flags.js';
import { exitCodeFor } from '../findings-output.js';
import { loadData } from '../load-data.js';
import { commandLine, leakRefusal, printRun, provenance } from '../run-output.js';
import { appendUnlabelledPredictions } from '../unlabelled-predictions.js';
import { constantFeatures, constantFeaturesWarning } from '../constant-features.js';
import { checkSchemeFlags } from '../scheme-flags.js';

interface TrainFlags extends DataFlags, RandomEffectsFlags {
  target: string;
  arch: 'mlp' | 'transformer';
  validation?: 'leave-one-site-out' | 'group-kfold' | 'temporal' | 'stratified-kfold' | 'split';
  seed: number;
  epochs: number;
  mc: number;
  out: string;
  allowLeaks?: boolean;
  predictions: boolean;
  recalibrate: boolean;
  adapt: 'none' | 'per-site-norm' | 'dann';
  updateSizes: number[] | false;
  updateRepeats: number;
  thresholds?: number[];
  failOn: FailOn;
  json?: boolean;
}

/** Commander parser of `--update-sizes`: comma-separated integers ≥ 2, or 'none' (no experiment). */
function updateSizes(value: string): number[] | false {
  if (value.trim() === 'none') return false;
  const parts = value.split(',').map((s) => s.trim());
  if (!parts.every((s) => /^\d+$/.test(s) && Number(s) >= 2 && Number(s) <= 1_000_000)) {
    throw new InvalidArgumentError("Expected comma-separated integers from 2 to 1000000 (e.g. 25,50,100), or 'none'.");
  }
  return parts.map(Number);
}

/** The default output directory of `train`. */
export const DEFAULT_TRAIN_OUT = 'clinreg-out';

/**
 * `clinreg train FILE --target COL [...]`: `develop.developModel` (leakage audit that refuses
 * leaking features unless `--allow-leaks`, shift diagnosis, recommended configuration, validation
 * by a scheme chosen from the columns, final model, MC-dropout uncertainty), then
 * `develop.writeRunOutputs` (model/, report.html, results.json, predictions.csv as one set).
 * `--thresholds`, `--meta-method` and `--meta-ci` set the cross-site evaluation's decision-curve grid
 * and random-effects summaries. Exit 0 when the model was written; findings set exit 1 only with `--fail-on`.
 * @param program the root command.
 * @param setExitCode receives 1 when a finding reaches `--fail-on`.
 */
export function registerTrain(program: Command, setExitCode: (code: number) => void): void {
  const cmd = program
    .command('train')
    .description('validate the recommended model (scheme chosen from the columns), train it on all rows, write model + report')
    .argument('<file>', 'CSV file');
  addDataFlags(cmd, { target: 'required', site: 'optional' })
    .addOption(new Option('--arch <arch>', 'model family (tabular)').choices(['mlp', 'transformer']).default('mlp'))
    .addOption(
      new Option('--validation <scheme>', 'default: split with --split, leave-one-site-out with --site, temporal with --time, group-kfold with --patient, else stratified-kfold')
        .choices(['leave-one-site-out', 'group-kfold', 'temporal', 'stratified-kfold', 'split']),
    )
    .option('--allow-leaks', 'train even on columns the audit finds give the outcome away (the report says so at the top)')
    .option('--seed <n>', 'seed of everything stochastic', nonNegativeInt, 0)
    .option('--epochs <n>', 'maximum epochs per fit, 1–10000 (early stopping ends sooner)', intInRange(1, 10_000), 100)
    .option('--mc <passes>', 'MC-dropout passes for the uncertainty of the final model (2–1000)', intInRange(2, 1000), 30)
    .addOption(new Option('--adapt <method>', 'also validate with domain adaptation and say where it hurts (adaptation-hurts); the final model is not adapted').choices(['none', 'per-site-norm', 'dann']).default('none'))
    .option('--update-sizes <list>', "leave-one-site-out updating experiment: numbers m of local patients, e.g. 25,50,100, or 'none' to skip it", updateSizes, [25, 50, 100])
    .option('--update-repeats <n>', 'random draws of m patients per site in the updating experiment (1–1000)', intInRange(1, 1000), 20)
    .option('--no-predictions', 'do not write predictions.csv')
    .option('--no-recalibrate', 'do not recalibrate the final model on its early-stopping rows (default: recalibrated when they hold ≥ 10 events and non-events)')
    .option('--out <dir>', 'output directory (model/, report.html, results.json, predictions.csv)', DEFAULT_TRAIN_OUT)
    .option('--thresholds <grid>', 'risk thresholds of the decision curves: start:stop:step or a comma list (default 0.05:0.5:0.01)', thresholdGrid);
  addJsonFlag(addFailOnFlag(addMetaFlags(cmd), 'none'));
  cmd.action(async (file: string, flags: TrainFlags) => {
    const ctx = createContext({ json: flags.json === true });
    const { data, develop, ValueError } = await import('../../index.js');
    if (flags.mc < 2 || flags.mc > 1000) throw new ValueError(`train: --mc must be 2 to 1000 passes. Received: --mc ${flags.mc}.`);
    // predictions.csv is [id,]row[,site],event[,oof_probability],probability,sd: an --id named like one of them
    // would only fail when the trained set is written.
    const perRow = ['row', ...(flags.site !== undefined ? [flags.site] : []), 'event', 'oof_probability', 'probability', 'sd'];
    if (flags.predictions && flags.id !== undefined && perRow.includes(flags.id)) {
      throw new ValueError(`train: --id ${flags.id}: predictions.csv has its own '${flags.id}' column. Fix: rename the id column in the file, or pass --no-predictions.`);
    }
    checkSchemeFlags('train', flags.validation, flags);
    const out = develop.OutputSet.open(flags.out); // a bad --out is reported before any work
    try {
      const loaded = await loadData(file, flags);
      const trainingRows = data.rowsWithTarget(loaded.table, loaded.schema!);
      const constant = constantFeaturesWarning(constantFeatures(loaded.table, loaded.schema!.features, trainingRows), trainingRows.length);
      if (constant !== null) ctx.note(constant);
      let result;
      try {
        result = await develop.developModelAsync(loaded.table, loaded.schema!, { // folds on worker threads when cores are idle (autoThreads)
          arch: flags.arch,
          scheme: flags.validation ?? 'auto',
          seed: flags.seed,
          epochs: flags.epochs,
          mcPasses: flags.mc,
          allowLeaks: flags.allowLeaks === true,
          recalibrate: flags.recalibrate,
          adapt: flags.adapt,
          updating: flags.updateSizes === false ? false : { sizes: flags.updateSizes, repeats: flags.updateRepeats },
          crossSite: { ...metaOptions(flags), ...(flags.thresholds !== undefined ? { thresholds: flags.thresholds } : {}) },
          onProgress: (t) => ctx.progress && ctx.note(t),
          progressBars: ctx.progress,
        });
      } catch (err) {
        throw err instanceof develop.LeakageError ? leakRefusal(err, file, 'train', flags.id !== undefined) : err;
      }
      const written = await develop.writeRunOutputs(out, result, {
        report: develop.toReportInput(result, { provenance: await provenance(result.seed, commandLine()), ...(flags.id !== undefined ? { id: flags.id } : {}) }),
        predictions: flags.predictions,
        ...(flags.id !== undefined ? { id: flags.id } : {}),
      });
      const unlabelled = await appendUnlabelledPredictions(result, written, { mcPasses: flags.mc, ...(flags.id !== undefined ? { id: flags.id } : {}) });
      setExitCode(exitCodeFor(written.doc.findings, flags.failOn));
      if (ctx.json) return ctx.emitJson(written.doc);
      printRun(ctx, result, written, flags.out);
      const left = result.table.nRows - result.rows.length;
      if (unlabelled > 0) {
        ctx.print(`predictions.csv also scores the ${unlabelled} rows without an outcome with the final model (last, 'event' empty; used in no metric)`);
      } else if (left > 0) {
        ctx.print(`${left} rows without an outcome were not scored (--no-predictions); score them with: clinreg predict ${flags.out}/model ${file}`);
      }
    } finally {
      out.abort(); // no-op after a commit
    }
  });
}
