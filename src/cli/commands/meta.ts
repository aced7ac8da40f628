import type { Command } from 'commander';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, type CliContext } from '../context.js';
import type { data, io } from '../../index.js';
import { addFailOnFlag, addJsonFlag, addMetaFlags, metaOptions, type FailOn, type RandomEffectsFlags } from '../flags.js';
import { exitCodeFor, formatFindings } from '../findings-output.js';
import { siteTable } from '../site-table.js';
import { prepareOutFile } from '../out-file.js';

interface MetaFlags extends RandomEffectsFlags {
  out?: string;
  failOn: FailOn;
  json?: boolean;
}

/**
 * `clinreg meta SUMMARY.json... [--out DIR] [--meta-method reml|dl] [--meta-ci hksj|z]`: pool site summaries written by `clinreg validate
 * --summary-only` at each hospital into the cross-site table, random-effects summaries (REML +
 * HKSJ by default), findings and, with `--out`, meta.json and report.html. A malformed or tampered summary is
 * a data error (exit 2, one line). Findings set exit 1 only with `--fail-on`.
 * @param program the root command.
 * @param setExitCode receives 1 when a finding reaches `--fail-on`.
 */
export function registerMeta(program: Command, setExitCode: (code: number) => void): void {
  const cmd = program
    .command('meta')
    .description('pool per-site validation summaries (clinreg validate --summary-only) into the cross-site table, heterogeneity and report')
    .argument('<summaries...>', 'site summary files (SITE.summary.json)')
    .option('--out <dir>', 'write meta.json and report.html into this directory');
  addJsonFlag(addFailOnFlag(addMetaFlags(cmd), 'none'));
  cmd.action(async (files: string[], flags: MetaFlags) => {
    const ctx = createContext({ json: flags.json === true });
    const { federated, io, report, DataError } = await import('../../index.js');
    const parsed = files.map((file) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new DataError(`cannot read the summary (${(e as NodeJS.ErrnoException).code ?? 'error'}). Fix: check the path.`, { file });
      }
      return federated.parseSiteSummary(text, file);
    });
    const meta = federated.metaAnalyse(parsed, metaOptions(flags));
    setExitCode(exitCodeFor(meta.findings, flags.failOn));
    const doc = { files, ...meta };
    if (flags.out !== undefined) {
      mkdirSync(flags.out, { recursive: true });
      await io.writeFileAtomic(join(flags.out, 'meta.json'), `${JSON.stringify(doc, null, 2)}\n`);
      await report.writeReport(join(flags.out, 'report.html'), federated.metaReportInput(meta, files));
    }
    if (ctx.json) return ctx.emitJson(doc);
    ctx.print(`${files.length} summar${files.length === 1 ? 'y' : 'ies'}: ${meta.sites.length} site${meta.sites.length === 1 ? '' : 's'}, ${meta.pooled.n} patients (${meta.pooled.events} events); pooled O:E ${meta.pooled.oe.toFixed(3)}`);
    if (meta.suppressed.length > 0) ctx.print(`suppressed at source (fewer than 5 events or non-events): ${meta.suppressed.map((s) => s.site).join(', ')}`);
    ctx.print(siteTable(meta.sites, meta.heterogeneity, undefined, meta.summaries));
    ctx.print(formatFindings('Meta-analysis findings', meta.findings, { details: 'every finding: --json' }));
    if (flags.out !== undefined) ctx.note(`meta.json and report.html written to ${flags.out}`);
  });
}

/** The flags `clinreg validate --summary-only` passes on. */
export interface SummaryOnlyFlags {
  target: string;
  positive?: string;
  site?: string;
  inTraining: 'exclude' | 'refuse';
  out?: string;
  json?: boolean;
  /** Net-benefit thresholds of the summary (`--thresholds`). Default 0.05–0.50 step 0.01. */
  thresholds?: number[];
}

/**
 * `clinreg validate MODEL_DIR SITE.csv --target Y --summary-only --out SITE.summary.json`: the
 * hospital side of `clinreg meta`. Writes only aggregates (`federated.summariseModel`, small
 * cells suppressed) to `--out`, or prints them with `--json`; nothing row-level is printed.
 * @throws ValueError without `--out` or `--json`.
 */
export async function writeSiteSummary(ctx: CliContext, loaded: io.LoadedModel, table: data.Table, file: string, flags: SummaryOnlyFlags): Promise<void> {
  const { federated, io: ioNs, ValueError } = await import('../../index.js');
  if (flags.out === undefined && !ctx.json) throw new ValueError('validate: --summary-only needs --out SITE.summary.json (or --json). Fix: add --out.');
  if (flags.out !== undefined) prepareOutFile(flags.out, 'validate --out');
  let summary: ReturnType<typeof federated.summariseModel>;
  try {
    summary = federated.summariseModel(loaded, table, flags.target, {
      inTraining: flags.inTraining,
      ...(flags.site !== undefined ? { site: flags.site } : {}),
      ...(flags.positive !== undefined ? { positive: flags.positive } : {}),
      ...(flags.thresholds !== undefined ? { thresholds: flags.thresholds } : {}),
    });
  } catch (err) {
    // Said in the command's terms, not the library function's (the same words as validate's own refusals).
    if (err instanceof ValueError && err.message.startsWith('summariseModel: ')) throw new ValueError(`validate --summary-only: ${err.message.slice('summariseModel: '.length)}`);
    throw err;
  }
  if (flags.out !== undefined) await ioNs.writeFileAtomic(flags.out, `${JSON.stringify(summary, null, 2)}\n`);
  if (ctx.json) return ctx.emitJson(summary);
  const kept = summary.sites.filter((s) => !s.suppressed).length;
  ctx.print(`${file}: summary of ${summary.sites.length} site(s) written to ${flags.out!} (${summary.sites.length - kept} suppressed: fewer than 5 events or non-events); no row-level values.`);
  if (kept === 0) {
    ctx.print(`note: every site is suppressed, so the summary holds no numbers and clinreg meta cannot pool it. Fix: ${flags.site !== undefined ? 'summarise without --site (the file as one cohort) or with a coarser site column' : 'summarise more patients'}.`);
  }
}
