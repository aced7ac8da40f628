import type { Command } from 'commander';
import type { data } from '../../index.js';
import { createContext } from '../context.js';
import { addDataFlags, addFailOnFlag, addJsonFlag, type DataFlags, type FailOn } from '../flags.js';
import { exitCodeFor, formatFindings } from '../findings-output.js';
import { loadData, readOptions, refuseBadColumns } from '../load-data.js';
import { excerpt } from '../../data/safe-text.js';

interface ShiftFlags extends DataFlags {
  site: string;
  failOn: FailOn;
  json?: boolean;
}

/**
 * Features for shift diagnosis: every column without a role. Without `--target` the outcome (if
 * in the file) is compared like any feature, which shows label shift between sites.
 */
function shiftSchema(table: data.Table, flags: ShiftFlags): data.Schema {
  const roles = [flags.site, flags.target, flags.patient, flags.time, flags.split, flags.id, ...(flags.exclude ?? [])].filter((c): c is string => c !== undefined);
  const features = (flags.features ?? table.columnNames).filter((c) => !roles.includes(c));
  const listed = new Set(flags.categorical ?? []);
  const schema: data.Schema = {
    // detectShift never reads the target; Schema requires one, so without --target the site
    // column stands in (it is excluded from the features above either way).
    target: flags.target ?? flags.site,
    site: flags.site,
    features,
    categorical: features.filter((f) => listed.has(f) || table.column(f).kind === 'categorical'),
  };
  if (flags.patient !== undefined) schema.patient = flags.patient;
  return schema;
}

/** At most 8 names (made safe to print), then a count of the rest. */
function firstFew(names: readonly string[]): string {
  const shown = names.slice(0, 8).map((n) => excerpt(n, 40)).join(', ');
  return names.length > 8 ? `${shown}, … ${names.length - 8} more` : shown;
}

/**
 * `clinreg shift FILE --site COL [--json]`: distribution, missingness and constant-value shift of
 * every feature at every site against the others, plus a domain classifier (can a model tell the
 * hospitals apart?).
 * @param program the root command.
 * @param setExitCode receives 1 when a finding reaches `--fail-on`.
 */
export function registerShift(program: Command, setExitCode: (code: number) => void): void {
  const cmd = program
    .command('shift')
    .description('domain shift across sites: per-feature distribution and missingness, constant values, site separability')
    .argument('<file>', 'CSV file');
  addJsonFlag(addFailOnFlag(addDataFlags(cmd, { target: 'optional', site: 'required' }), 'critical'));
  cmd.action(async (file: string, flags: ShiftFlags) => {
    const ctx = createContext({ json: flags.json === true });
    const api = await import('../../index.js');
    let schema: data.Schema;
    let table: data.Table;
    if (flags.target !== undefined) {
      const loaded = await loadData(file, flags);
      table = loaded.table;
      schema = loaded.schema!;
    } else {
      table = await api.data.readCsv(file, readOptions(flags));
      refuseBadColumns(file, table, flags);
      schema = shiftSchema(table, flags);
    }
    const result = api.checks.detectShift(table, schema);
    // Columns that identify rows are left out by detectShift (an id-like-feature warning each).
    const leftOut = new Set(result.findings.filter((f) => f.code === 'id-like-feature').map((f) => f.feature!));
    const features = schema.features.filter((f) => !leftOut.has(f));
    setExitCode(exitCodeFor(result.findings, flags.failOn));
    if (ctx.json) {
      return ctx.emitJson({
        file,
        rows: table.nRows,
        site: flags.site,
        features,
        findings: result.findings,
        siteMatrix: result.siteMatrix,
        domainAuc: result.domainAuc,
        ...(result.domainSkippedSites !== undefined ? { domainSkippedSites: result.domainSkippedSites } : {}),
        featureStats: result.features,
      });
    }
    ctx.print(`${file}: ${table.nRows} rows, ${result.siteMatrix.sites.length} sites (${firstFew(result.siteMatrix.sites)}), ${features.length} features${leftOut.size > 0 ? ` (left out, identifying rows: ${firstFew([...leftOut])})` : ''}`);
    if (result.domainAuc !== null) {
      ctx.print(`Domain classifier AUC (site vs rest; 0.5 = indistinguishable): ${firstFew(result.domainAuc.map((d) => `${d.site} ${d.auc.toFixed(3)}`))}`);
      const skipped = result.domainSkippedSites ?? [];
      if (skipped.length > 0) ctx.print(`  left out of the domain classifier (fewer than 2 rows at the site): ${firstFew(skipped)}`);
    }
    ctx.print(formatFindings('Shift findings', result.findings, { details: 'every finding: --json' }));
  });
}
