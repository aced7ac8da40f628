import type { Command } from 'commander';
import { createContext } from '../context.js';
import { addDataFlags, addFailOnFlag, addJsonFlag, type DataFlags, type FailOn } from '../flags.js';
import { exitCodeFor, formatFindings } from '../findings-output.js';
import { loadData, siteLabels } from '../load-data.js';
import { loadTrainedModel, modelInputs, predictProba } from '../model-inputs.js';
import { siteTable } from '../pipeline/run.js';

interface ValidateFlags extends DataFlags {
  target: string;
  site: string;
  failOn: FailOn;
  json?: boolean;
}

/**
 * `clinreg validate MODEL_DIR FILE --target COL --site COL`: external validation of a saved
 * model, site by site: AUC with DeLong CI, calibration and Brier per site, pooled AUC,
 * heterogeneity and the prediction interval for a new hospital.
 * @param program the root command.
 * @param setExitCode receives 1 when a finding reaches `--fail-on`.
 */
export function registerValidate(program: Command, setExitCode: (code: number) => void): void {
  const cmd = program
    .command('validate')
    .description('validate a saved model on new data, site by site (AUC with DeLong CI, heterogeneity)')
    .argument('<model-dir>', 'directory written by clinreg train (model.json + model.safetensors)')
    .argument('<file>', 'CSV file with the outcome');
  addJsonFlag(addFailOnFlag(addDataFlags(cmd, { target: 'required', site: 'required' })));
  cmd.action(async (modelDir: string, file: string, flags: ValidateFlags) => {
    const ctx = createContext({ json: flags.json === true });
    const api = await import('../../index.js');
    const trained = loadTrainedModel(api, modelDir);
    // The event rule the model was trained with applies unless --positive says otherwise.
    const positive = flags.positive ?? trained.schema?.positive;
    const loaded = await loadData(file, { ...flags, ...(positive !== undefined ? { positive } : {}) });
    const yProb = predictProba(api, trained.model, modelInputs(api, trained, loaded.table));
    const sites = await siteLabels(loaded, flags.site);
    const cross = api.validate.evaluateCrossSite({ yTrue: loaded.y!, yProb, sites });
    setExitCode(exitCodeFor(cross.findings, flags.failOn));
    const doc = {
      model: modelDir,
      file,
      rows: loaded.table.nRows,
      sites: cross.sites.map((s) => ({ site: s.site, n: s.n, events: s.events, nonEvents: s.nonEvents, auc: s.auc, ci: s.ci, status: s.status, brier: s.brier, calibration: s.calibration })),
      pooled: cross.pooled,
      heterogeneity: cross.heterogeneity,
      findings: cross.findings,
    };
    if (ctx.json) return ctx.emitJson(doc);
    ctx.print(`${file}: ${loaded.table.nRows} rows scored by ${modelDir}`);
    ctx.print(siteTable(doc));
    ctx.print(formatFindings('Validation findings', cross.findings));
  });
}
