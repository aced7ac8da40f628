import { Option, type Command } from 'commander';
import { createContext } from '../context.js';
import { addDataFlags, addJsonFlag, intInRange, nonNegativeInt, type DataFlags } from '../flags.js';
import { readOptions, schemaRoles } from '../load-data.js';
import { refuseTextTimeColumn } from '../time-column.js';
import { checkSchemeFlags } from '../scheme-flags.js';
import { commandLine, leakRefusal, provenance } from '../run-output.js';
import type { sweep as sweepNs } from '../../index.js';

interface SweepFlags extends DataFlags {
  target: string;
  grid: string[];
  validation?: 'leave-one-site-out' | 'group-kfold' | 'temporal' | 'stratified-kfold' | 'split';
  seed: number;
  allowLeaks?: boolean;
  threads?: number;
  redis?: string;
  timeout?: number;
  out?: string;
  json?: boolean;
}

/**
 * `clinreg sweep FILE --target Y [--site S] --grid dropout=0.1,0.3 weightDecay=1e-4,1e-3 …`: every
 * configuration of the grid (over the recommended base) × every fold of the validation scheme,
 * run on worker threads (default) or, with `--redis URL`, as a BullMQ queue that `clinreg worker`
 * processes on any number of machines. Prints the configurations side by side (log loss, pooled
 * and per-site AUC, O:E, slope) with the chosen one; `--out` writes results.json and report.html.
 * Bad grid syntax is a usage error naming `--grid` (exit 2, one line).
 * @param program the root command.
 */
export function registerSweep(program: Command): void {
  const cmd = program
    .command('sweep')
    .description('cross-validate a grid of training configurations (per-site AUC, O:E, slope side by side) on worker threads or on Redis workers')
    .argument('<file>', 'CSV file');
  addDataFlags(cmd, { target: 'required', site: 'optional' })
    .requiredOption('--grid <terms...>', 'settings to sweep, e.g. dropout=0.1,0.3 weightDecay=1e-4,1e-3 hiddenSizes=64x32,32 (also lr, labelSmoothing, epochs, batchSize, patience)')
    .addOption(
      new Option('--validation <scheme>', 'default: leave-one-site-out with --site, else as train chooses').choices(['leave-one-site-out', 'group-kfold', 'temporal', 'stratified-kfold', 'split']),
    )
    .option('--allow-leaks', 'sweep even on columns the leakage audit finds give the outcome away or identify the row')
    .option('--seed <n>', 'base seed (each job: seed + fold index, whichever process runs it)', nonNegativeInt, 0)
    .option('--threads <n>', 'worker threads for the in-process run (0: this thread; default: the cores)', intInRange(0, 1024))
    .option('--redis <url>', 'run the jobs through Redis (redis://HOST:PORT): start `clinreg worker --redis URL` on each machine')
    .option('--timeout <seconds>', 'with --redis: give up when the jobs are not all done after this long', intInRange(1, 30 * 24 * 3600))
    .option('--out <dir>', 'write results.json and report.html into this directory (replaced as one set)');
  addJsonFlag(cmd);
  cmd.action(async (file: string, flags: SweepFlags) => {
    const ctx = createContext({ json: flags.json === true });
    const { sweep, develop, data, DataError } = await import('../../index.js');
    const grid = sweep.parseGrid(flags.grid, '--grid');
    checkSchemeFlags('sweep', flags.validation, flags);
    if (flags.redis !== undefined) await sweep.checkRedis(flags.redis, '--redis'); // an unreachable server fails before any work
    const out = flags.out !== undefined ? develop.OutputSet.open(flags.out) : undefined; // a bad --out fails before any work
    try {
      const { missing } = readOptions(flags); // --missing tokens added to the defaults
      const read = {
        ...(flags.delimiter !== undefined ? { delimiter: flags.delimiter } : {}),
        ...(missing !== undefined ? { missing: [...missing] } : {}),
        ...(flags.categorical !== undefined ? { categorical: flags.categorical } : {}),
      };
      let plan: sweepNs.SweepPlan;
      try {
        plan = sweep.planSweep(sweep.dataRef(file, schemaRoles(flags), read), {
          grid, seed: flags.seed, allowLeaks: flags.allowLeaks === true, ...(flags.validation !== undefined ? { scheme: flags.validation } : {}),
        });
      } catch (err) {
        if (err instanceof DataError && flags.time !== undefined && err.column === flags.time) {
          // The library refused the time column in its own words: say it in the flag's.
          refuseTextTimeColumn(file, await data.readCsv(file, read), flags);
        }
        if (!(err instanceof develop.LeakageError)) throw err;
        throw leakRefusal(err, file, 'sweep', flags.id !== undefined);
      }
      const where = flags.redis !== undefined ? `on Redis ${flags.redis} (start: clinreg worker --redis ${flags.redis})` : `on ${flags.threads === 0 ? 'this thread' : `${flags.threads ?? 'all'} worker thread(s)`}`;
      ctx.note(`sweep ${plan.id}: ${plan.configs.length} configuration(s) × ${plan.folds.length} fold(s) (${plan.scheme.scheme}: ${plan.scheme.reason}) = ${plan.jobs.length} jobs ${where}`);
      const onJob = (r: sweepNs.SweepJobResult, done: number, total: number): void => {
        if (ctx.progress) ctx.note(`job ${done}/${total}: ${plan.labels[r.configIndex]} held out ${r.foldName}, AUC ${r.externalAuc?.toFixed(3) ?? '—'}`);
      };
      const result =
        flags.redis !== undefined
          ? await sweep.runSweepOnRedis(plan, { redis: flags.redis, onJob, ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout * 1000 } : {}) })
          : await sweep.runSweep(plan, { onJob, ...(flags.threads !== undefined ? { threads: flags.threads } : {}) });
      if (out !== undefined) await sweep.writeSweepOutputs(out, plan, result, await provenance(flags.seed, commandLine()));
      const doc = sweep.sweepDocument(plan, result);
      if (result.kernels.length > 1) {
        ctx.note(`note: the jobs ran on different kernel tiers (${result.kernels.join(', ')}); tiers agree to about 1e-5, so numbers can differ slightly from a single-tier run (set CLINREG_KERNELS on every worker for identical numbers)`);
      }
      if (ctx.json) return ctx.emitJson(doc);
      ctx.print(sweepTable(doc));
      if (flags.out !== undefined) ctx.note(`results.json and report.html written to ${flags.out}`);
    } catch (err) {
      out?.abort();
      throw err;
    }
  });
}

/**
 * The configurations side by side: one line each (log loss, pooled AUC, O:E, slope), then the
 * per-site AUC, O:E and slope with sites as columns; the chosen one starred, the rule below.
 */
export function sweepTable(doc: sweepNs.SweepDocument): string {
  const f = (v: number | null, d: number): string => (v === null ? '—' : v.toFixed(d));
  const sites = doc.configurations[0]?.sites.map((s) => s.site) ?? [];
  const label = (i: number): string => `${i === doc.chosen.index ? '*' : ' '}${i + 1} ${doc.configurations[i]!.label}`;
  const width = Math.max(13, ...doc.configurations.map((_, i) => label(i).length));
  const row = (cells: string[], w: number[]): string => cells.map((c, j) => (j === 0 ? c.padEnd(w[j]!) : c.padStart(w[j]!))).join('  ');
  const lines: string[] = [];
  const head = ['configuration', 'log loss', 'pooled AUC', 'O:E', 'slope'];
  const w = [width, 9, 10, 6, 6];
  lines.push(row(head, w));
  doc.configurations.forEach((c, i) => lines.push(row([label(i), f(c.logLoss, 4), f(c.pooled.auc, 3), f(c.pooled.oe, 2), f(c.pooled.slope, 2)], w)));
  for (const [name, pick, d] of [['AUC', (s: sweepNs.SweepSiteNumbers) => s.auc, 3], ['O:E', (s: sweepNs.SweepSiteNumbers) => s.oe, 2], ['slope', (s: sweepNs.SweepSiteNumbers) => s.slope, 2]] as const) {
    const sw = [width, ...sites.map((s) => Math.max(s.length, 6))];
    lines.push('', row([`${name} by site`, ...sites], sw));
    doc.configurations.forEach((c, i) => lines.push(row([label(i), ...c.sites.map((s) => f(pick(s), d))], sw)));
  }
  lines.push('', `* chosen: ${doc.chosen.label} — ${doc.rule}.`);
  return lines.join('\n');
}
