import type { Command } from 'commander';
import type { checks, Finding } from '../../index.js';
import { createContext } from '../context.js';
import { addDataFlags, addFailOnFlag, addJsonFlag, type DataFlags, type FailOn } from '../flags.js';
import { exitCodeFor, formatFindings } from '../findings-output.js';
import { loadData, siteLabels } from '../load-data.js';
import { excerpt } from '../../data/safe-text.js';
import { leakFixes } from '../run-output.js';

interface AuditFlags extends DataFlags {
  target: string;
  failOn: FailOn;
  json?: boolean;
}

/**
 * `clinreg audit FILE --target COL [--site COL] [--patient COL] [--time COL] [--split COL]`:
 * leakage audit (patient and temporal overlap, duplicates, target proxies, preprocessing fitted
 * on all rows, id-like features). The split audited is `--split` when given; otherwise, with
 * `--site`, the folds that train's validation will use (each site held out, or site-grouped 5-fold
 * when most rows are at small sites or there are over 20 sites); otherwise only the split-free
 * checks run.
 * @param program the root command.
 * @param setExitCode receives 1 when a finding reaches `--fail-on`.
 */
export function registerAudit(program: Command, setExitCode: (code: number) => void): void {
  const cmd = program
    .command('audit')
    .description('leakage audit: patient/time overlap, duplicates, target proxies, id-like features')
    .argument('<file>', 'CSV file');
  addJsonFlag(addFailOnFlag(addDataFlags(cmd, { target: 'required', site: 'optional' }), 'critical'));
  cmd.action(async (file: string, flags: AuditFlags) => {
    const ctx = createContext({ json: flags.json === true });
    const api = await import('../../index.js');
    const loaded = await loadData(file, flags);
    const schema = loaded.schema!;
    const options: checks.AuditLeakageOptions = {};
    let splits: string;
    if (schema.split !== undefined) {
      splits = `split column '${schema.split}'`;
    } else if (schema.site !== undefined && new Set(await siteLabels(loaded, schema.site)).size >= 2) {
      const groups = await siteLabels(loaded, schema.site);
      const perSite = [...groups.reduce((m, g) => m.set(g, (m.get(g) ?? 0) + 1), new Map<string, number>()).values()];
      const scheme = api.develop.chooseScheme(schema, 'auto', perSite);
      // The folds train validates with (and audits): each site in turn, or for many small sites
      // GroupKFold by site over the labelled rows — not one fold per site.
      const audit = api.develop.leakageAuditFolds(loaded.table, schema, scheme);
      if (audit.folds !== undefined) options.folds = audit.folds;
      splits =
        audit.kind === 'site-grouped-kfold'
          ? `site-grouped ${audit.k}-fold by '${schema.site}' (${perSite.length} sites: whole sites held out in ${audit.k} groups, as train validates)`
          : audit.kind === 'leave-one-site-out'
            ? `leave-one-site-out by '${schema.site}' (${audit.k} folds)`
            : `none (fewer than 2 sites in '${schema.site}' have rows with an outcome; split-free checks only)`;
    } else if (schema.site !== undefined) {
      // One site: no site-wise split to audit (as developModel); said in the user's terms.
      splits = `none (--site '${schema.site}' holds a single site; split-free checks only)`;
    } else {
      splits = 'none (split-free checks only; give --split or --site to audit a split)';
    }
    const findings: Finding[] = api.checks.auditLeakage(loaded.table, schema, options);
    setExitCode(exitCodeFor(findings, flags.failOn));
    if (ctx.json) {
      return ctx.emitJson({ file, rows: loaded.table.nRows, target: schema.target, features: schema.features, splits, findings });
    }
    ctx.print(`${file}: ${loaded.table.nRows} rows, target '${schema.target}', ${schema.features.length} features; split audited: ${splits}`);
    ctx.print(formatFindings('Leakage findings', findings, { details: 'every finding: --json' }));
    const leaks = api.develop.gatingLeaks(findings, schema.features);
    if (leaks.length > 0) {
      ctx.print(`train refuses these columns: ${leaks.map((l) => `${excerpt(l.feature, 60)} (${l.code})`).join(', ')}. Fix: ${leakFixes(leaks, flags.id !== undefined)}`);
    }
  });
}
