import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { Command } from 'commander';
import type { OutputSet } from '../../develop/output-set.js';
import { packagePath } from '../../package-root.js';
import { IdleCoresProbe } from '../../parallel/idle-cores.js';
import { createContext } from '../context.js';
import { addJsonFlag, nonNegativeInt } from '../flags.js';
import { loadData } from '../load-data.js';
import { commandLine, printRun, provenance } from '../run-output.js';

/** The bundled UCI heart-disease data (4 hospitals), in the package root's data/. */
const HEART = packagePath('data', 'heart-disease', 'heart_disease_4sites.csv');
/** Its leave-one-site-out folds and labelled rows: the threads are started before it is read. */
const HEART_FOLDS = 4;
const HEART_ROWS = 920;

/** Wall time of each pipeline stage, in order: a stage runs from its mark to the next one. */
class StageClock {
  private readonly marks: { stage: string; at: number }[] = [];
  constructor(private readonly t0: number) {}
  /** A stage starts now (developModel's progress notes name them; fold notes belong to validation). */
  mark(stage: string): void {
    if (/^fold \d+\//.test(stage)) return;
    this.marks.push({ stage, at: performance.now() });
  }
  /**
   * Seconds per stage up to now, the total since the clock started, and the start-up before it
   * (Node and clinreg's modules loading: `performance.now()` counts from the process start).
   */
  seconds(): { stages: { stage: string; seconds: number }[]; totalSeconds: number; startupSeconds: number } {
    const end = performance.now();
    const stages = this.marks.map((m, k) => ({ stage: m.stage, seconds: ((this.marks[k + 1]?.at ?? end) - m.at) / 1000 }));
    return { stages, totalSeconds: (end - this.t0) / 1000, startupSeconds: this.t0 / 1000 };
  }
}

/**
 * `clinreg demo [--out DIR]`: `train` on the bundled 4-hospital heart data (target `num > 0`,
 * site column `site`): audit → shift → recommend → leave-one-site-out validation of the
 * recommended MLP → final model on all sites → MC-dropout uncertainty → report. Prints one screen:
 * the per-site table, the grouped findings and the output directory. Exit 0 when it ran. `--json`
 * prints results.json's document plus `timing`: the wall seconds of every stage (load, leakage
 * audit, shift diagnosis, validation, updating experiment, final model, MC dropout, writing). With
 * an idle core besides this thread's (measured while the pipeline loads, `parallel.IdleCoresProbe`)
 * the shift diagnosis, part of the folds and the report's charts run on a worker thread
 * (`--threads`, default `autoThreads` of the measured idle cores; 0 keeps all on this thread); the
 * outputs are byte for byte the same.
 * @param program the root command.
 */
export function registerDemo(program: Command, _setExitCode: (code: number) => void): void {
  addJsonFlag(
    program
      .command('demo')
      .description('whole pipeline on the bundled 4-hospital heart data; writes an HTML report')
      .option('--out <dir>', 'output directory (model/, report.html, results.json, predictions.csv)', 'clinreg-demo')
      .option('--seed <n>', 'seed of everything stochastic', nonNegativeInt, 0)
      .option('--threads <n>', 'worker threads for the shift diagnosis, folds and report charts (0: all on this thread; default: one per core idle now besides this one, up to 4)', nonNegativeInt),
  ).action(async (flags: { out: string; seed: number; threads?: number; json?: boolean }) => {
    const ctx = createContext({ json: flags.json === true });
    // How idle the other cores are now, measured while this thread loads the development pipeline
    // (the whole library, index.js, costs ~0.1 s more CPU to load): a worker pays only on a core that would idle.
    const probe = new IdleCoresProbe();
    const develop = await import('../../develop/index.js');
    const idle = probe.idleCores();
    const cores = availableParallelism(); // os.cpus() may list cores this process cannot use: idle ones beyond these do not count
    const threads = flags.threads ?? develop.autoThreads(HEART_FOLDS, HEART_ROWS, idle === null ? undefined : cores - 1 - Math.min(idle, cores - 1));
    // V8 optimises hot functions on background threads: ~1.3-1.9 s of CPU in a demo run of 3.5-4.7 s (per-thread CPU
    // from /proc, load 5-6), on the core a worker thread would use. With a worker, functions must run 4× as long before
    // they are optimised: 0.55-0.9 s less background CPU, 0.02-0.15 s more on each of the two threads (3 runs each).
    // JIT tiers give the same numbers; on one thread the default is kept (there the compiler has the idle core).
    if (threads > 0) setFlagsFromString(`--interrupt-budget=${4 * 67_584}`);
    const workers = threads > 0 ? new develop.DevelopWorkers({ threads }) : undefined;
    workers?.warmCharts().catch(() => undefined); // Vega loads there before the charts arrive; an error shows when a chart renders
    let out: OutputSet | undefined;
    try {
      out = develop.OutputSet.open(flags.out);
      const rel = relative(process.cwd(), HEART);
      const file = rel.startsWith('..') ? HEART : rel;
      const t0 = performance.now();
      const clock = new StageClock(t0);
      clock.mark('load data');
      const loaded = await loadData(file, { target: 'num', positive: '>0', site: 'site' });
      const result = await develop.developModelAsync(loaded.table, loaded.schema!, {
        seed: flags.seed,
        ...(workers !== undefined ? { workers, prerenderCharts: true } : { threads: 0 }),
        onProgress: (t) => {
          clock.mark(t);
          if (ctx.progress) ctx.note(t);
        },
        progressBars: ctx.progress,
      });
      clock.mark('report and outputs');
      const written = await develop.writeRunOutputs(out, result, {
        report: develop.toReportInput(result, { provenance: await provenance(flags.seed, commandLine()) }),
        ...(workers !== undefined ? { renderChart: workers.renderChart } : {}),
      });
      if (ctx.json) return ctx.emitJson({ ...written.doc, timing: clock.seconds() });
      const std = [...result.uncertainty.std].sort((a, b) => a - b);
      ctx.print(`clinreg demo — UCI Heart Disease, ${loaded.table.nRows} patients at 4 hospitals, event = num > 0`);
      printRun(ctx, result, written, flags.out);
      ctx.print(
        `MC dropout (${result.uncertainty.passes} passes): median predictive SD ${std[Math.floor(std.length / 2)]!.toFixed(3)}; ` +
          `open ${written.reportPath} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
      );
    } finally {
      out?.abort();
      await workers?.close();
    }
  });
}
