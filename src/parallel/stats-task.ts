// Tasks of a StatsWorkers thread: a range of bootstrap replicates, a range of MC-dropout passes.
// Each starts from the stream position the serial run reaches there, so its numbers are the
// serial run's bit for bit. Modules load on the first task that needs them (a bootstrap thread
// never loads the tensor engine).
import type { LayerSpec } from '../io/architecture.js';
import type { KernelTier } from '../kernels/kernels.js';
import type { MetricName } from '../metrics/registry.js';
import type { AnyModule } from '../nn/module.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Generator } from '../stats/random.js';
import { skipUint32 } from './stream-skip.js';

/** Bootstrap replicates `[first, first + count)` of `bootstrapCi` (labels and scores in shared memory). */
export interface BootstrapTask {
  kind: 'bootstrap';
  /** Identifies the call: a thread goes on from where its previous range of the call left the stream. */
  call: number;
  metric: MetricName;
  yTrue: Float64Array;
  yScore: Float64Array;
  stratified: boolean;
  seed: number;
  /** 32-bit draws the replicates before `first` consume from `new Generator(seed)`. */
  skip: number;
  count: number;
  /** 32-bit draws consumed after the range (where the stream stands when it is done). */
  end: number;
}

/** The metric on each replicate of a {@link BootstrapTask} where it is defined, and how many it was not. */
export interface BootstrapReply {
  stats: Float64Array;
  nSkipped: number;
}

/** A model as data: its architecture and its state packed in one shared buffer. */
export interface SharedModel {
  arch: LayerSpec;
  /** Every state-dict tensor: key, shape, offset in `data`. */
  entries: { key: string; shape: number[]; offset: number }[];
  data: Float32Array;
}

/** MC-dropout passes `[first, first + count)` of `mcDropoutPredict(model, x, { seed })`. */
export interface McTask {
  kind: 'mc';
  /** Identifies the call: a thread builds its model once per call. */
  call: number;
  model: SharedModel;
  x: Float32Array;
  xShape: number[];
  seed: number;
  /** 32-bit draws one pass consumes (measured on the calling thread). */
  perPass: number;
  first: number;
  count: number;
  /** The calling thread's kernel tier: the passes run on the same one. */
  tier: KernelTier;
}

/** Raw outputs of the passes of a {@link McTask} (count × output size) and the draws each pass took. */
export interface McReply {
  outputs: Float32Array;
  shape: number[];
  drawn: number[];
}

/** What a StatsWorkers thread runs. */
export type StatsTask = BootstrapTask | McTask;

/** Run one task of a StatsWorkers thread. */
export async function runStatsTask(task: StatsTask): Promise<BootstrapReply | McReply> {
  return task.kind === 'bootstrap' ? runBootstrapTask(task) : runMcTask(task);
}

/** The stream of the latest bootstrap call on this thread and its position (32-bit draws). */
let bootCache: { call: number; rng: Generator; at: number } | undefined;

async function runBootstrapTask(t: BootstrapTask): Promise<BootstrapReply> {
  const [{ bootstrapClasses, bootstrapReplicates }, { getMetric }, { Generator }] = await Promise.all([
    import('../metrics/bootstrap.js'),
    import('../metrics/registry.js'),
    import('../stats/random.js'),
  ]);
  let nPos = 0;
  for (let i = 0; i < t.yTrue.length; i++) nPos += t.yTrue[i] === 1 ? 1 : 0;
  // A thread's ranges of one call come in increasing order: it goes on from the last one.
  if (bootCache?.call !== t.call || bootCache.at > t.skip) bootCache = { call: t.call, rng: new Generator(t.seed), at: 0 };
  skipUint32(bootCache.rng, t.skip - bootCache.at);
  const reply = bootstrapReplicates(getMetric(t.metric).fn, t.yTrue, t.yScore, bootstrapClasses(t.yTrue, t.yTrue.length, nPos), bootCache.rng, t.count, t.stratified);
  bootCache.at = t.end;
  return reply;
}

/** The model of the latest MC call on this thread and the pass its global stream stands at. */
let mcCache: { call: number; model: AnyModule; x: Tensor; nextPass: number } | undefined;

async function runMcTask(t: McTask): Promise<McReply> {
  const [{ buildArchitecture }, { Tensor }, random, { loadKernels }, { kernels, setKernels }, mc] = await Promise.all([
    import('../io/architecture.js'),
    import('../tensor/tensor.js'),
    import('../stats/random.js'),
    import('../kernels/select.js'),
    import('../kernels/kernels.js'),
    import('./mc-passes.js'),
  ]);
  if (kernels().tier !== t.tier) setKernels(loadKernels(t.tier));
  if (mcCache?.call !== t.call) {
    const model = buildArchitecture(t.model.arch);
    model.loadStateDict(new Map(t.model.entries.map((e) => [e.key, new Tensor(t.model.data.slice(e.offset, e.offset + size(e.shape)), e.shape)])));
    // The inputs copied out of shared memory once: the engine may reuse its tensors' buffers.
    mcCache = { call: t.call, model, x: new Tensor(t.x.slice(), t.xShape), nextPass: Number.POSITIVE_INFINITY };
  }
  const cache = mcCache;
  if (cache.nextPass <= t.first) skipUint32(random.getGenerator(), (t.first - cache.nextPass) * t.perPass);
  else skipUint32(random.manualSeed(t.seed), t.first * t.perPass);
  const outputs: Float32Array[] = [];
  let shape: number[] = [];
  const drawn = mc.runPasses(cache.model, cache.x, t.count, (out) => {
    outputs.push(out.data.slice());
    shape = [...out.shape];
  });
  cache.nextPass = t.first + t.count;
  const packed = new Float32Array(outputs.reduce((a, o) => a + o.length, 0));
  outputs.forEach((o, k) => packed.set(o, k * o.length));
  return { outputs: packed, shape, drawn };
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
