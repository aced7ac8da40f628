import { InvalidArgumentError, Option, type Command } from 'commander';
import { createContext } from '../context.js';
import { addJsonFlag, openUnitRate } from '../flags.js';
import { readOptions } from '../load-data.js';
import { resolveModelDir } from '../model-dir.js';
import type { data, io } from '../../index.js';

interface UpdateFlags {
  target?: string;
  positive?: string;
  method: 'closed-test' | 'intercept' | 'logistic' | 'output-layer' | 'fine-tune';
  alpha: number;
  ridge: number;
  out: string;
  delimiter?: string;
  missing?: string[];
  json?: boolean;
}

/**
 * `clinreg update MODEL_DIR LOCAL.csv --out DIR [--target COL] [--positive RULE] [--method M]`:
 * update a saved model for a new site with its labelled local patients (`update.updateModel`:
 * intercept update, logistic recalibration, output-layer re-estimation, or the closed test that
 * picks the simplest the data support) and write the updated model as a new model directory whose
 * model.json records the method, m and the chosen level. `predict` and `validate` apply it.
 * @param program the root command.
 */
export function registerUpdate(program: Command, _setExitCode: (code: number) => void): void {
  const cmd = program
    .command('update')
    .description('update a saved model for a new site with its labelled local patients (recalibration or closed test)')
    .argument('<model-dir>', 'directory written by clinreg train')
    .argument('<file>', 'CSV file of local patients with the outcome')
    .requiredOption('--out <dir>', 'directory for the updated model (written atomically)')
    .option('--target <col>', 'binary outcome column (default: the model\'s)')
    .option('--positive <rule>', "which target values are events (default: the model's rule)")
    .addOption(new Option('--method <method>', 'updating method').choices(['closed-test', 'intercept', 'logistic', 'output-layer', 'fine-tune']).default('closed-test'))
    .option('--alpha <a>', 'significance level of the closed test', openUnitRate, 0.05)
    .option('--ridge <lambda>', 'output-layer method: ridge penalty shrinking the new weights toward the original ones', nonNegativeNumber, 0)
    .option('--delimiter <char>', 'field delimiter (default: sniffed)')
    .option('--missing <tokens>', "more cell texts that mean missing (comma-separated; empty cells, NA, NaN and ? always do)", (v: string) => v.split(',').map((s) => s.trim()));
  addJsonFlag(cmd);
  cmd.action(async (modelArg: string, file: string, flags: UpdateFlags) => {
    const modelDir = resolveModelDir(modelArg); // a train output set (DIR/model inside) is accepted
    const ctx = createContext({ json: flags.json === true });
    const api = await import('../../index.js');
    const loaded = api.io.loadModel(modelDir);
    const target = flags.target ?? loaded.schema?.target;
    if (target === undefined) throw new api.ValueError(`update: ${modelDir} records no target column. Fix: pass --target COL.`);
    // The model's event rule applies to its own target unless --positive says otherwise.
    const positive = flags.positive ?? (target === loaded.schema?.target ? loaded.schema.positive : undefined);
    const table = await api.data.readCsv(file, readOptions(flags));
    if (!table.columnNames.includes(target)) {
      throw new api.DataError(`the outcome column '${target}' is not in the file. Fix: pass --target COL.`, { file });
    }
    const result = api.update.updateModel(loaded, table, { target, ...(positive !== undefined ? { positive } : {}) }, {
      method: flags.method, alpha: flags.alpha, ridge: flags.ridge, source: file,
    });
    api.update.saveUpdatedModel(flags.out, loaded, result);
    const seen = seenInTraining(api, loaded, table, target);
    const notes = seen === 0 ? result.notes : [
      ...result.notes,
      `note: ${seen} of the ${result.m} local patients were in the model's training data (its stored fingerprint): an update fitted on patients the model has seen looks better than it will on new ones. Fix: update on patients the model has not seen.`,
    ];
    const doc = {
      model: modelDir, file, out: flags.out, method: result.method, level: result.level, m: result.m, events: result.events,
      recalibration: result.recalibration, logLik: Object.fromEntries(result.fits.map((f) => [f.level, f.logLik])),
      closedTest: result.closedTest, notes, findings: [],
    };
    if (ctx.json) return ctx.emitJson(doc);
    ctx.print(`${file}: ${result.m} local patients (${result.events} events) update ${modelDir}`);
    for (const s of result.closedTest?.steps ?? []) {
      ctx.print(`  ${s.level.padEnd(12)} vs ${result.closedTest!.reference}: LR ${s.statistic.toFixed(2)} on ${s.dof} df, p = ${s.pValue.toPrecision(3)}${s.rejected ? ' (rejected)' : ''}`);
    }
    for (const note of notes) ctx.print(`  ${note}`);
    const r = result.recalibration;
    // Updates compose: a model that carried a recalibration gets a new mapping of the network's logit that
    // replaces it (an intercept update keeps the stored slope); the old one is said beside it.
    const before = loaded.recalibration;
    const composed = before === null || before === undefined ? '' : `; it replaces the model's stored ${before.intercept.toFixed(4)} + ${before.slope.toFixed(4)} · logit`;
    const how = result.level === 'original' ? 'model kept as it is' : result.level === 'output-layer' ? 'output layer re-estimated' : result.level === 'fine-tune' ? 'every weight fine-tuned' : `logit' = ${r!.intercept.toFixed(4)} + ${r!.slope.toFixed(4)} · logit${composed}`;
    ctx.print(`level: ${result.level} (${how}); updated model written to ${flags.out}`);
  });
}

/**
 * How many rows with an outcome the model's stored training fingerprint recognises: 0 without one,
 * or when they are no more than chance gives over coarse features (validate.trainingMatches).
 */
function seenInTraining(api: typeof import('../../index.js'), loaded: io.LoadedModel, table: data.Table, target: string): number {
  const stored = api.validate.storedTrainingFingerprint(loaded.metadata, loaded.preprocessor?.fitFingerprint);
  if (stored === null) return 0;
  const outcome = table.strings(target);
  const labelled = Int32Array.from({ length: table.nRows }, (_, i) => i).filter((i) => outcome[i] !== null);
  const matches = api.validate.trainingMatches(stored.fingerprint, table, labelled);
  return matches.byChance ? 0 : matches.matched;
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0) || !Number.isFinite(n)) throw new InvalidArgumentError('Expected a finite number ≥ 0.');
  return n;
}
