import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { Finding } from '../../index.js';
import { createContext } from '../context.js';
import { addJsonFlag, nonNegativeInt } from '../flags.js';
import { loadData } from '../load-data.js';
import { runDevelopment, siteTable } from '../pipeline/run.js';

/** The bundled UCI heart-disease data (4 hospitals), two levels above src/cli and dist/cli. */
const HEART = fileURLToPath(new URL('../../../data/heart-disease/heart_disease_4sites.csv', import.meta.url));

function counts(findings: readonly Finding[]): string {
  const by = (s: Finding['severity']): number => findings.filter((f) => f.severity === s).length;
  return `${by('critical')} critical, ${by('warning')} warning, ${by('info')} info`;
}

/**
 * `clinreg demo [--out DIR]`: the whole pipeline on the bundled 4-hospital heart data (target
 * `num > 0`, site column `site`): audit → shift → recommend → leave-one-site-out validation of the
 * recommended MLP → final model on all sites → MC-dropout uncertainty → report. Prints a per-site
 * table and the report path. Findings are the point of the demo, so they do not change the exit code.
 * @param program the root command.
 */
export function registerDemo(program: Command, _setExitCode: (code: number) => void): void {
  addJsonFlag(
    program
      .command('demo')
      .description('whole pipeline on the bundled 4-hospital heart data; writes an HTML report')
      .option('--out <dir>', 'output directory (model/, report.html, results.json)', 'clinreg-demo')
      .option('--seed <n>', 'seed of everything stochastic', nonNegativeInt, 0),
  ).action(async (flags: { out: string; seed: number; json?: boolean }) => {
    const ctx = createContext({ json: flags.json === true });
    const api = await import('../../index.js');
    const rel = relative(process.cwd(), HEART);
    const file = rel.startsWith('..') ? HEART : rel;
    const t0 = performance.now();
    const loaded = await loadData(file, { target: 'num', positive: '>0', site: 'site' });
    const { doc, developed } = await runDevelopment(api, ctx, loaded, {
      arch: 'mlp',
      validation: 'leave-one-site-out',
      seed: flags.seed,
      epochs: 100,
      mcPasses: 30,
      outDir: flags.out,
      command: ['clinreg', ...process.argv.slice(2)].join(' '),
    });
    if (ctx.json) return ctx.emitJson(doc);
    const seconds = (performance.now() - t0) / 1000;
    const std = [...developed.uncertainty.std].sort((a, b) => a - b);
    ctx.print(`clinreg demo — UCI Heart Disease, ${loaded.table.nRows} patients at 4 hospitals, event = num > 0`);
    ctx.print(`Findings: ${counts(doc.findings)} (audit, shift, validation; details in the report)`);
    ctx.print(`Leave-one-site-out validation of the recommended MLP (each site scored by the model that did not see it):`);
    ctx.print(siteTable(doc));
    ctx.print(`MC-dropout (${developed.uncertainty.passes} passes): median predictive SD ${std[Math.floor(std.length / 2)]!.toFixed(3)}`);
    ctx.print(`model:  ${String(doc['model'])}\nreport: ${String(doc['report'])}  (${seconds.toFixed(1)} s)`);
  });
}
