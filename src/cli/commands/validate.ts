import { Option, type Command } from 'commander';
import { createContext } from '../context.js';
import { addFailOnFlag, addJsonFlag, addMetaFlags, commaList, metaOptions, thresholdGrid, type FailOn, type RandomEffectsFlags } from '../flags.js';
import { exitCodeFor, formatFindings } from '../findings-output.js';
import { readOptions } from '../load-data.js';
import { siteTable } from '../site-table.js';
import { writeSiteSummary } from './meta.js';
import { resolveModelDir } from '../model-dir.js';

interface ValidateFlags extends RandomEffectsFlags {
  target?: string;
  positive?: string;
  site?: string;
  inTraining: 'exclude' | 'refuse';
  delimiter?: string;
  missing?: string[];
  failOn: FailOn;
  json?: boolean;
  summaryOnly?: boolean;
  out?: string;
  thresholds?: number[];
}

/**
 * `clinreg validate MODEL_DIR FILE [--target COL] [--site COL]` (target: the model's by default): external validation of a saved
 * model, site by site (one cohort without `--site`): AUC with DeLong CI, calibration and Brier,
 * pooled AUC, heterogeneity and the prediction interval for a new hospital. Rows that were in the
 * model's training data (found by the fingerprint in model.json) are left out with a
 * `validation-rows-in-training` finding, or the run is refused with `--in-training refuse`.
 * `--thresholds` sets the decision-curve grid, `--meta-method`/`--meta-ci` the random-effects
 * summaries (REML + HKSJ by default). Exit 0 when it validated; findings set exit 1 only with `--fail-on`.
 * @param program the root command.
 * @param setExitCode receives 1 when a finding reaches `--fail-on`.
 */
export function registerValidate(program: Command, setExitCode: (code: number) => void): void {
  const cmd = program
    .command('validate')
    .description('validate a saved model on new data, site by site (AUC with DeLong CI, calibration, heterogeneity)')
    .argument('<model-dir>', 'directory written by clinreg train (model.json + model.safetensors)')
    .argument('<file>', 'CSV file with the outcome')
    .option('--target <col>', "binary outcome column (default: the model's)")
    .option('--positive <rule>', "which target values are events (default: the rule the model was trained with)")
    .option('--site <col>', 'hospital/site column (default: the file is one cohort)')
    .addOption(
      new Option('--in-training <action>', "rows that were in the model's training data: exclude them from the estimate, or refuse the run").choices(['exclude', 'refuse']).default('exclude'),
    )
    .option('--delimiter <char>', 'field delimiter (default: sniffed among , ; and tab)')
    .option('--missing <tokens>', "more cell texts that mean missing (comma-separated; empty cells, NA, NaN and ? always do)", commaList)
    .option('--thresholds <grid>', 'risk thresholds of the decision curves: start:stop:step or a comma list (default 0.05:0.5:0.01)', thresholdGrid);
  addJsonFlag(addFailOnFlag(addMetaFlags(cmd), 'none'));
  cmd.option('--summary-only', 'write only aggregate statistics for clinreg meta (federated validation; small cells suppressed)').option('--out <file>', 'with --summary-only: the SITE.summary.json to write');
  cmd.action(async (modelArg: string, file: string, flags: ValidateFlags) => {
    const modelDir = resolveModelDir(modelArg); // a train output set (DIR/model inside) is accepted
    const ctx = createContext({ json: flags.json === true });
    const { conformal, data, develop, io, ValueError } = await import('../../index.js');
    const given = (key: string, flag: string): string[] => (cmd.getOptionValueSource(key) === 'cli' ? [flag] : []);
    if (flags.summaryOnly === true) {
      const pooled = [...given('metaMethod', '--meta-method'), ...given('metaCi', '--meta-ci'), ...given('failOn', '--fail-on')];
      if (pooled.length > 0) {
        throw new ValueError(`validate: ${pooled.join(', ')} ${pooled.length > 1 ? 'act' : 'acts'} on pooled results and findings, which --summary-only leaves to clinreg meta. Fix: pass ${pooled.length > 1 ? 'them' : 'it'} to clinreg meta.`);
      }
    } else if (flags.out !== undefined) {
      throw new ValueError('validate: --out is the SITE.summary.json of --summary-only; validate prints its results (--json for a document). Fix: add --summary-only or drop --out.');
    }
    const trained = io.loadModel(modelDir);
    // As in update: the model's own outcome column unless --target names another.
    const target = flags.target ?? trained.schema?.target;
    if (target === undefined) throw new ValueError(`validate: ${modelDir} records no target column. Fix: pass --target COL.`);
    const table = await data.readCsv(file, readOptions(flags));
    if (flags.summaryOnly === true) return writeSiteSummary(ctx, trained, table, file, { ...flags, target });
    const v = develop.validateModel(trained, table, target, {
      inTraining: flags.inTraining,
      ...(flags.site !== undefined ? { site: flags.site } : {}),
      ...(flags.positive !== undefined ? { positive: flags.positive } : {}),
      crossSite: { ...metaOptions(flags), ...(flags.thresholds !== undefined ? { thresholds: flags.thresholds } : {}) },
    });
    const cross = v.crossSite;
    setExitCode(exitCodeFor(v.findings, flags.failOn));
    // Rows outside the stored training range or with a level never seen in training, as predict flags them:
    // a new hospital's coding ('20to50' for '20-50') would otherwise change the numbers without a word.
    const ranges = conformal.storedRanges(trained.metadata);
    const flagged = ranges === null ? null : conformal.flagOutOfRange(table, ranges);
    const outOfRange = flagged === null ? null : {
      rows: flagged.length,
      byFeature: Object.fromEntries(ranges!.map((r) => [r.feature, flagged.filter((o) => o.features.includes(r.feature)).length]).filter(([, k]) => (k as number) > 0)) as Record<string, number>,
    };
    const doc = {
      model: modelDir,
      file,
      rows: table.nRows,
      validatedRows: v.validatedRows,
      rowsInTraining: v.rowsInTraining,
      trainingRowsChecked: v.trainingRowsChecked,
      outOfRange,
      recalibration: trained.recalibration,
      sites: cross.sites,
      pooled: cross.pooled,
      heterogeneity: cross.heterogeneity,
      summaries: cross.summaries,
      findings: v.findings,
    };
    if (ctx.json) return ctx.emitJson(doc);
    const unlabelled = table.nRows - v.validatedRows - v.rowsInTraining;
    const leftOut = [
      ...(v.rowsInTraining > 0 ? [`${v.rowsInTraining} rows left out: in the training data`] : []),
      ...(unlabelled > 0 ? [`${unlabelled} rows without an outcome left out`] : []),
    ];
    ctx.print(
      `${file}: ${v.validatedRows} rows scored by ${modelDir}${leftOut.length > 0 ? ` (${leftOut.join('; ')})` : ''}` +
        `${trained.recalibration !== null ? `, recalibrated (${trained.recalibration.method})` : ''}${flags.site === undefined ? '; one cohort (no --site)' : ''}`,
    );
    if (v.trainingRowsChecked !== 'all') {
      ctx.print(`note: the model has no training fingerprint; rows in its training data were looked for ${v.trainingRowsChecked === 'none' ? 'nowhere' : 'among the rows its preprocessing was fitted on only'}.`);
    }
    if (outOfRange !== null && outOfRange.rows > 0) {
      const by = Object.entries(outOfRange.byFeature).sort((a, b) => b[1] - a[1]).map(([f, k]) => `${f} ${k}`).join(', ');
      ctx.print(`note: ${outOfRange.rows} of ${table.nRows} rows have a value outside the training range or a level not seen in training (${by}); the model extrapolates there (predict --json lists the rows).`);
    }
    ctx.print(siteTable(cross.sites, cross.heterogeneity, undefined, cross.summaries));
    ctx.print(formatFindings('Validation findings', v.findings, { details: 'every finding: --json' }));
  });
}
