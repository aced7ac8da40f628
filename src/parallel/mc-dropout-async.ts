import { ValueError } from '../errors.js';
import { describeArchitecture } from '../io/architecture.js';
import { kernels } from '../kernels/kernels.js';
import type { AnyModule } from '../nn/module.js';
import { getGenerator, manualSeed } from '../stats/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../option-keys.js';
import { mcDropoutPredict, mcSettings, McSums, type McDropoutOptions, type McDropoutResult } from '../train/mc-dropout.js';
import { idleWorkers } from './idle-cores.js';
import { runPasses } from './mc-passes.js';
import { RangeQueue } from './range-queue.js';
import type { McTask, SharedModel } from './stats-task.js';
import { StatsWorkers } from './stats-workers.js';
import { skipUint32 } from './stream-skip.js';

/**
 * Seconds of passes left after the first (its time × the passes left) below which
 * `mcDropoutPredictAsync` stays on the calling thread by default. A worker thread costs about
 * 0.3–0.4 s of CPU to start and load the tensor engine from dist/ (measured on the 2-core EPYC,
 * load 11–12): the split pays from about 3× that.
 */
export const MIN_THREADED_MC_SECONDS = 1;

/** Options of {@link mcDropoutPredictAsync}: those of `mcDropoutPredict` plus where the passes run. */
export interface McDropoutAsyncOptions extends McDropoutOptions {
  /**
   * Worker threads (next to this thread, which runs passes too). Default: on the wasm and ts
   * kernel tiers, one per idle core but this one (`parallel.idleWorkers`) when the passes after the
   * first would take at least {@link MIN_THREADED_MC_SECONDS} here (the first is timed); none on
   * the native tier (its GEMM already uses the cores). 0 runs every pass here. Ignored (all here)
   * without `seed`.
   */
  threads?: number;
  /** Run on these threads instead of starting some (they stay open). */
  workers?: StatsWorkers;
}

const KEYS = { passes: true, seed: true, activation: true, returnSamples: true, threads: true, workers: true } as const satisfies Record<keyof Required<McDropoutAsyncOptions>, true>;

/** Calls so far: a thread builds the model of a call once. */
let calls = 0;

/**
 * `train.mcDropoutPredict` with the passes split across worker threads and this one. The result is
 * `mcDropoutPredict`'s for the same seed bit for bit: the model (architecture and state, in shared
 * memory) goes to each thread once; pass k starts at the stream position the serial run reaches
 * there (this thread counts the draws of its first pass; every later pass must draw as many), runs
 * on the same kernel tier, and the outputs are summed in pass order here. The global generator ends
 * where the serial run leaves it. Runs on this thread alone without `seed`, for a model
 * `io.describeArchitecture` cannot describe (custom modules), or when the passes do not draw a fixed
 * count (then the passes are rerun here, so the numbers stay the serial ones). Nothing else may draw
 * from the global generator meanwhile.
 * @param model a model built from clinreg's layers, containing Dropout modules. @param x input batch.
 * @param options those of `mcDropoutPredict`, `threads`, `workers`.
 * @throws what `mcDropoutPredict` throws; ValueError for a bad `threads`; a worker's error as WorkerTaskError with its code.
 * @example const { mean, std } = await parallel.mcDropoutPredictAsync(model, x, { passes: 30, seed: 0, threads: 1 });
 */
export async function mcDropoutPredictAsync(model: AnyModule, x: Tensor, options: McDropoutAsyncOptions = {}): Promise<McDropoutResult> {
  const who = 'mcDropoutPredictAsync';
  checkOptions(who, options, KEYS);
  const { threads, workers: given, ...mc } = options;
  if (threads !== undefined && (!Number.isSafeInteger(threads) || threads < 0)) {
    throw new ValueError(`${who}: threads must be an integer ≥ 0. Received: threads=${String(threads)}.`);
  }
  const { passes, sigmoid } = mcSettings(who, model, mc);
  const seed = mc.seed;
  const arch = describable(model);
  if (seed === undefined || arch === undefined || threads === 0) return mcDropoutPredict(model, x, mc);

  manualSeed(seed);
  const sums = new McSums(passes, sigmoid, mc.returnSamples === true);
  // Pass 0 here, timed and counting its draws: pass k starts k × perPass draws into the stream.
  const t0 = performance.now();
  const perPass = runPasses(model, x, 1, (out) => sums.add(out.data, out.shape))[0]!;
  const left = ((passes - 1) * (performance.now() - t0)) / 1000;
  const auto = (): number => (kernels().tier !== 'native' && left >= MIN_THREADED_MC_SECONDS ? idleWorkers(passes - 1) : 0);
  const n = given?.size ?? threads ?? auto();
  if (n === 0 || !Number.isFinite(perPass)) {
    // The rest here: the stream goes on as in the serial run.
    runPasses(model, x, passes - 1, (out) => sums.add(out.data, out.shape));
    return sums.result();
  }
  const rest = passes - 1;
  const ranges = Math.min(rest, 4 * (n + 1));
  const bounds = Array.from({ length: ranges + 1 }, (_, i) => 1 + Math.floor((i * rest) / ranges));
  const workers = given ?? new StatsWorkers({ threads: n });
  try {
    const task: Omit<McTask, 'first' | 'count'> = { kind: 'mc', call: ++calls, model: shareModel(model, arch!), x: sharedCopy(x.data), xShape: [...x.shape], seed, perPass, tier: kernels().tier };
    const queue = new RangeQueue<{ outputs: Float32Array[]; shape: number[]; drawn: number[] }>(ranges, workers, async (i) => {
      const reply = await workers.mcPasses({ ...task, first: bounds[i]!, count: bounds[i + 1]! - bounds[i]! });
      const size = reply.outputs.length / reply.drawn.length;
      return { outputs: reply.drawn.map((_, k) => reply.outputs.subarray(k * size, (k + 1) * size)), shape: reply.shape, drawn: reply.drawn };
    });
    let at = 1; // the pass this thread's stream stands at; its ranges come in increasing order
    const parts = await queue.finish((i) => {
      skipUint32(getGenerator(), (bounds[i]! - at) * perPass);
      const outs: Float32Array[] = [];
      let shape: number[] = [];
      const drawn = runPasses(model, x, bounds[i + 1]! - bounds[i]!, (out) => {
        outs.push(out.data.slice()); // kept past the pass: a copy, whatever the engine does with its buffers
        shape = [...out.shape];
      });
      at = bounds[i + 1]!;
      return { outputs: outs, shape, drawn };
    });
    skipUint32(getGenerator(), (passes - at) * perPass); // where the serial run leaves the stream
    if (parts.some((p) => p.drawn.some((d) => d !== perPass))) return mcDropoutPredict(model, x, mc); // passes of varying draws: the serial run
    for (const p of parts) for (const o of p.outputs) sums.add(o, p.shape);
    return sums.result();
  } finally {
    if (given === undefined) await workers.close();
  }
}

/** The model's architecture as data, or undefined for a model with layers the format does not know. */
function describable(model: AnyModule): ReturnType<typeof describeArchitecture> | undefined {
  try {
    return describeArchitecture(model);
  } catch (err) {
    if (err instanceof ValueError) return undefined;
    throw err;
  }
}

/** The architecture and every state tensor (parameters, buffers) packed in one shared buffer. */
function shareModel(model: AnyModule, arch: ReturnType<typeof describeArchitecture>): SharedModel {
  const state = [...model.stateDict()];
  const total = state.reduce((a, [, t]) => a + t.size, 0);
  const data = new Float32Array(new SharedArrayBuffer(total * 4));
  const entries: SharedModel['entries'] = [];
  let offset = 0;
  for (const [key, t] of state) {
    data.set(t.data, offset);
    entries.push({ key, shape: [...t.shape], offset });
    offset += t.size;
  }
  return { arch, entries, data };
}

/** A copy of `values` in shared memory. */
function sharedCopy(values: Float32Array): Float32Array {
  const out = new Float32Array(new SharedArrayBuffer(values.byteLength));
  out.set(values);
  return out;
}
