import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding, validate } from '../../index.js';
import type { CliContext } from '../context.js';
import { clinregVersion } from '../context.js';
import type { LoadedData } from '../load-data.js';
import { siteLabels } from '../load-data.js';
import { developModel, type Developed } from './develop.js';
import { developmentReport } from './report-input.js';

type Api = typeof import('../../index.js');

/** Settings of a development run (`train` and `demo`). */
export interface RunOptions {
  arch: 'mlp' | 'transformer';
  validation: validate.ValidationScheme;
  seed: number;
  epochs: number;
  mcPasses: number;
  /** Output directory: `model/`, `report.html` and `results.json` are written there atomically. */
  outDir: string;
  /** The command line, for the report footer. */
  command: string;
}

/** What a development run wrote and found. */
export interface RunResult {
  /** The JSON document of `--json` (also written as results.json). */
  doc: Record<string, unknown> & { findings: Finding[] };
  developed: Developed;
  modelDir: string;
  reportPath: string;
}

/**
 * The whole pipeline on loaded data: leakage audit (site folds), shift diagnosis (with a site
 * column), recommendation, validation by the chosen scheme, final model on all rows, MC-dropout
 * uncertainty, then the model, the HTML report and results.json written atomically to `outDir`.
 * @param api the public clinreg API.
 * @param ctx the command context (progress only on a TTY).
 * @param loaded data with schema and labels (site required for leave-one-site-out).
 * @param options see {@link RunOptions}.
 */
export async function runDevelopment(api: Api, ctx: CliContext, loaded: LoadedData, options: RunOptions): Promise<RunResult> {
  const schema = loaded.schema!;
  const y = loaded.y!;
  if (options.validation === 'leave-one-site-out' && schema.site === undefined) {
    throw new api.ValueError('train: leave-one-site-out validation needs a site column. Fix: give --site COL (the hospital column), or choose --validation group-kfold (with --patient) or temporal (with --time).');
  }
  const step = (text: string): void => {
    if (ctx.progress) ctx.note(text);
  };
  step('leakage audit');
  let leakage: Finding[];
  if (schema.split !== undefined) leakage = api.checks.auditLeakage(loaded.table, schema, {});
  else if (schema.site !== undefined) {
    const groups = await siteLabels(loaded, schema.site);
    const folds = [...new api.modelSelection.LeaveOneGroupOut().split(loaded.table.nRows, undefined, groups)];
    leakage = api.checks.auditLeakage(loaded.table, schema, { folds });
  } else leakage = api.checks.auditLeakage(loaded.table, schema, {});
  step('shift diagnosis');
  const shift = schema.site !== undefined ? api.checks.detectShift(loaded.table, schema) : undefined;
  step(`${options.validation} validation`);
  const developed = developModel(api, { table: loaded.table, schema, y }, { ...options, progress: ctx.progress, note: (t) => ctx.note(t) });

  mkdirSync(options.outDir, { recursive: true });
  const modelDir = join(options.outDir, 'model');
  const cross = developed.loso.crossSite;
  api.io.saveModel(modelDir, {
    model: developed.final.model,
    preprocessor: developed.final.preprocessor,
    schema,
    metadata: { seed: options.seed, trainedOn: loaded.file, validation: options.validation, arch: options.arch, pooledAuc: cross.heterogeneity?.auc ?? null },
  });
  const reportPath = join(options.outDir, 'report.html');
  const input = developmentReport(api, { file: loaded.file, table: loaded.table, schema, y }, leakage, shift, developed, options.validation, {
    clinregVersion: clinregVersion(),
    node: process.version,
    kernelTier: api.kernels.kernelInfo().tier,
    seed: options.seed,
    command: options.command,
  });
  await api.report.writeReport(reportPath, input);
  const findings = [...leakage, ...(shift?.findings ?? []), ...cross.findings, ...developed.overfitting];
  const het = cross.heterogeneity;
  const doc = {
    file: loaded.file,
    rows: loaded.table.nRows,
    validation: options.validation,
    arch: options.arch,
    config: developed.config,
    sites: cross.sites.map((s) => ({ site: s.site, n: s.n, events: s.events, nonEvents: s.nonEvents, auc: s.auc, ci: s.ci, status: s.status })),
    pooled: cross.pooled,
    heterogeneity: het,
    folds: developed.loso.folds.map((f) => ({
      site: f.site,
      nTrain: f.nTrain,
      nTest: f.nTest,
      developmentAuc: f.developmentAuc,
      internalAuc: f.internalAuc,
      externalAuc: f.externalAuc,
      epochs: f.history?.epochs.length ?? null,
      bestEpoch: f.history?.bestEpoch === undefined ? null : f.history.bestEpoch + 1,
    })),
    model: modelDir,
    report: reportPath,
    findings,
  };
  await api.io.writeFileAtomic(join(options.outDir, 'results.json'), `${JSON.stringify(doc, null, 2)}\n`);
  return { doc, developed, modelDir, reportPath };
}

/** The short per-site table printed on the terminal. */
export function siteTable(doc: RunResult['doc']): string {
  const sites = doc['sites'] as { site: string; n: number; events: number; auc: number | null; ci: [number, number] | null; status: string }[];
  const w = Math.max(4, ...sites.map((s) => s.site.length));
  const lines = [`${'site'.padEnd(w)}  ${'n'.padStart(5)}  ${'events'.padStart(6)}  ${'AUC'.padStart(5)}  ${'95% CI'.padEnd(13)}  status`];
  for (const s of sites) {
    const auc = s.auc === null ? '  –  ' : s.auc.toFixed(3);
    const ci = s.ci === null ? '–' : `${s.ci[0].toFixed(2)}–${s.ci[1].toFixed(2)}`;
    lines.push(`${s.site.padEnd(w)}  ${String(s.n).padStart(5)}  ${String(s.events).padStart(6)}  ${auc.padStart(5)}  ${ci.padEnd(13)}  ${s.status}`);
  }
  const het = doc['heterogeneity'] as { auc: number; ci: [number, number]; predictionInterval: [number, number] | null; i2: number } | null;
  if (het !== null) {
    lines.push(
      `summary AUC (random effects) ${het.auc.toFixed(3)} (95% CI ${het.ci[0].toFixed(2)}–${het.ci[1].toFixed(2)})` +
        (het.predictionInterval !== null ? `, new hospital 95% PI ${het.predictionInterval[0].toFixed(2)}–${het.predictionInterval[1].toFixed(2)}` : '') +
        `, I² ${(100 * het.i2).toFixed(0)}%`,
    );
  }
  return lines.join('\n');
}
