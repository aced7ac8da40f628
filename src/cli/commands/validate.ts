import { Option, type Command } from 'commander';
import { createContext } from '../context.js';
import { addFailOnFlag, addJsonFlag, commaList, type FailOn } from '../flags.js';
import { exitCodeFor, formatFindings } from '../findings-output.js';
import { readOptions } from '../load-data.js';
import { siteTable } from '../site-table.js';

interface ValidateFlags {
  target: string;
  positive?: string;
  site?: string;
  inTraining: 'exclude' | 'refuse';
  delimiter?: string;
  missing?: string[];
  failOn: FailOn;
  json?: boolean;
}

/**
 * `clinreg validate MODEL_DIR FILE --target COL [--site COL]`: external validation of a saved
 * model, site by site (one cohort without `--site`): AUC with DeLong CI, calibration and Brier,
 * pooled AUC, heterogeneity and the prediction interval for a new hospital. Rows that were in the
 * model's training data (found by the fingerprint in model.json) are left out with a
 * `validation-rows-in-training` finding, or the run is refused with `--in-training refuse`.
 * Exit 0 when it validated; findings set exit 1 only with `--fail-on`.
 * @param program the root command.
 * @param setExitCode receives 1 when a finding reaches `--fail-on`.
 */
export function registerValidate(program: Command, setExitCode: (code: number) => void): void {
  const cmd = program
    .command('validate')
    .description('validate a saved model on new data, site by site (AUC with DeLong CI, calibration, heterogeneity)')
    .argument('<model-dir>', 'directory written by clinreg train (model.json + model.safetensors)')
    .argument('<file>', 'CSV file with the outcome')
    .requiredOption('--target <col>', 'binary outcome column')
    .option('--positive <rule>', "which target values are events (default: the rule the model was trained with)")
    .option('--site <col>', 'hospital/site column (default: the file is one cohort)')
    .addOption(
      new Option('--in-training <action>', "rows that were in the model's training data: exclude them from the estimate, or refuse the run").choices(['exclude', 'refuse']).default('exclude'),
    )
    .option('--delimiter <char>', 'field delimiter (default: sniffed among , ; and tab)')
    .option('--missing <tokens>', "cell texts meaning missing (comma-separated; default '', NA, NaN, ?)", commaList);
  addJsonFlag(addFailOnFlag(cmd, 'none'));
  cmd.action(async (modelDir: string, file: string, flags: ValidateFlags) => {
    const ctx = createContext({ json: flags.json === true });
    const { data, develop, io, validate, DataError, ValueError } = await import('../../index.js');
    const trained = io.loadModel(modelDir);
    const table = await data.readCsv(file, readOptions(flags));
    // The event rule the model was trained with applies unless --positive says otherwise.
    const positive = flags.positive ?? trained.schema?.positive;
    const schema = data.createSchema(table, {
      target: flags.target,
      ...(positive !== undefined ? { positive } : {}),
      ...(flags.site !== undefined ? { site: flags.site } : {}),
    });
    const labelled = data.rowsWithTarget(table, schema);
    const fp = validate.storedTrainingFingerprint(trained.metadata, trained.preprocessor?.fitFingerprint);
    const seen = fp === null ? new Uint8Array(table.nRows) : validate.rowsInTraining(fp.fingerprint, table);
    const rows = labelled.filter((r) => seen[r] === 0);
    const nSeen = labelled.length - rows.length;
    if (nSeen > 0 && flags.inTraining === 'refuse') {
      throw new ValueError(
        `validate: ${nSeen} of ${labelled.length} rows of ${file} were in the model's training data (validation-rows-in-training). Fix: validate on rows the model has not seen, or give --in-training exclude to leave them out.`,
      );
    }
    if (rows.length === 0) {
      throw new ValueError(`validate: all ${labelled.length} rows of ${file} were in the model's training data (validation-rows-in-training); nothing is left for an external estimate. Fix: validate on data the model has not seen.`);
    }
    const y = data.binaryTarget(table, schema, { rows });
    const yProb = develop.predictProba(trained, table, { rows });
    let sites: string[];
    const siteColumn = flags.site;
    if (siteColumn === undefined) sites = Array.from(rows, () => 'all');
    else {
      const all = table.strings(siteColumn);
      sites = Array.from(rows, (r) => {
        const s = all[r];
        if (s === null || s === undefined) throw new DataError('the site is missing; every row needs a site. Fix: fill it in or remove the row.', { file, row: table.fileRow(r), column: siteColumn });
        return s;
      });
    }
    const cross = validate.evaluateCrossSite({ yTrue: y, yProb, sites });
    const findings = [...cross.findings];
    if (nSeen > 0) {
      const bySite = flags.site === undefined ? undefined : countBySite(table.strings(flags.site), labelled, seen);
      findings.unshift(validate.rowsInTrainingFinding(nSeen, labelled.length, bySite));
    }
    setExitCode(exitCodeFor(findings, flags.failOn));
    const doc = {
      model: modelDir,
      file,
      rows: table.nRows,
      validatedRows: rows.length,
      rowsInTraining: nSeen,
      // Which rows the check could see: all training rows, only those preprocessing was fitted on
      // (models saved without a training fingerprint), or none.
      trainingRowsChecked: fp === null ? 'none' : fp.complete ? 'all' : 'preprocessing-fit rows only',
      recalibration: trained.recalibration,
      sites: cross.sites,
      pooled: cross.pooled,
      heterogeneity: cross.heterogeneity,
      findings,
    };
    if (ctx.json) return ctx.emitJson(doc);
    ctx.print(
      `${file}: ${rows.length} rows scored by ${modelDir}${nSeen > 0 ? ` (${nSeen} rows left out: in the training data)` : ''}` +
        `${trained.recalibration !== null ? `, recalibrated (${trained.recalibration.method})` : ''}${flags.site === undefined ? '; one cohort (no --site)' : ''}`,
    );
    if (fp === null || !fp.complete) {
      ctx.print(`note: the model has no training fingerprint; rows in its training data were looked for ${fp === null ? 'nowhere' : 'among the rows its preprocessing was fitted on only'}.`);
    }
    ctx.print(siteTable(cross.sites, cross.heterogeneity));
    ctx.print(formatFindings('Validation findings', findings, { details: 'every finding: --json' }));
  });
}

function countBySite(sites: readonly (string | null)[], rows: Int32Array, seen: Uint8Array): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) if (seen[r] === 1) out.set(sites[r] ?? '(missing)', (out.get(sites[r] ?? '(missing)') ?? 0) + 1);
  return out;
}
