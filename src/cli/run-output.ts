// What train and demo print after a development run, and the one-line leak refusal.
import type { develop as developNs, report } from '../index.js';
import { clinregVersion, type CliContext } from './context.js';
import { formatFindings } from './findings-output.js';
import { siteTable } from './site-table.js';
import { excerpt } from '../data/safe-text.js';
import { updatingSummaryLine } from '../report/updating-text.js';

/** The command line as typed (for the report footer). */
export function commandLine(): string {
  return ['clinreg', ...process.argv.slice(2)].join(' ');
}

/** The report footer: versions, kernel tier, seed and command. */
export async function provenance(seed: number, command: string): Promise<report.Provenance> {
  const { kernels } = await import('../index.js');
  return { clinregVersion: clinregVersion(), node: process.version, kernelTier: kernels.kernelInfo().tier, seed, command };
}

/**
 * The flags that fix leaking columns: `--id` for a row identifier when the run has none (it stays
 * out of the features and is written in the per-row outputs), `--exclude` for the rest.
 * @param leaks the gating findings, one per column.
 * @param hasId whether the run already names an `--id` column.
 */
export function leakFixes(leaks: readonly developNs.GatingLeak[], hasId: boolean): string {
  const id = hasId ? undefined : leaks.find((l) => l.code === 'id-like-feature')?.feature;
  const rest = [...new Set(leaks.map((l) => l.feature))].filter((c) => c !== id).map((c) => excerpt(c, 60));
  return [
    ...(id !== undefined ? [`--id ${excerpt(id, 60)} (a row identifier: kept out of the features, written in the outputs)`] : []),
    ...(rest.length > 0 ? [`--exclude ${rest.join(',')}`] : []),
  ].join(' and ');
}

/**
 * The CLI's one line for a run refused because of leaking columns: names the columns and the
 * flags that fix them ({@link leakFixes}).
 * @param err the library's refusal.
 * @param file the data file.
 * @param command the command refusing ('train', 'sweep').
 * @param hasId whether the run already names an `--id` column.
 */
export function leakRefusal(err: developNs.LeakageError, file: string, command = 'train', hasId = false): developNs.LeakageError {
  const what = err.leaks.map((l) => `'${excerpt(l.feature, 60)}' (${l.code})`).join(', ');
  return new (err.constructor as typeof developNs.LeakageError)(
    err.leaks,
    `${command}: ${file}: refusing to ${command} on ${err.columns.length === 1 ? 'a column that gives the outcome away or identifies' : 'columns that give the outcome away or identify'} the row: ${what}. ` +
      `Fix: ${leakFixes(err.leaks, hasId)} (or --allow-leaks to ${command} anyway).`,
  );
}

/**
 * Print a development run: data and the validation scheme used (and why), a warning when leaking
 * columns were allowed, the per-site table, the grouped findings and the output directory.
 */
export function printRun(ctx: CliContext, result: developNs.DevelopResult, written: developNs.WrittenRun, outDir: string): void {
  const events = result.y.reduce((a, v) => a + v, 0);
  ctx.print(
    `${result.source}: ${result.table.nRows} rows, ${result.rows.length} with outcome (${events} events), ${result.schema.features.length} features; ` +
      `validation: ${result.scheme.scheme} (${result.scheme.reason})`,
  );
  if (result.leaksAllowed.length > 0) {
    ctx.print(`WARNING: trained on leaking columns because of --allow-leaks: ${result.leaksAllowed.map((l) => `${excerpt(l.feature, 60)} (${l.code})`).join(', ')}`);
  }
  const cross = result.validation.crossSite;
  ctx.print(siteTable(cross.sites, cross.heterogeneity, undefined, cross.summaries));
  if (result.recalibration !== null) ctx.print(result.recalibration.summary);
  if (result.updating !== undefined) ctx.print(updatingSummaryLine(result.updating, written.reportPath));
  ctx.print(formatFindings('Findings', written.doc.findings, { details: written.reportPath }));
  const files = ['model/', 'report.html', 'results.json', ...(written.predictionsPath !== undefined ? ['predictions.csv'] : [])];
  ctx.print(`output: ${outDir}/ (${files.join(', ')})`);
}
