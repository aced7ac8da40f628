// The clinreg side of bench/engine.ts: the workloads written as plain loops over the
// public API (forward, loss, backward, optimizer step), mirroring bench/engine_ref.py.
import { Generator, Tensor, kernels as K, manualSeed, nn, optim, train } from '../../src/index.js';

/** RegularisedClinicalMLP from the seed (Linear-BN-ReLU-Dropout ×2, Linear). */
export function seedMlp(features = 20): nn.Sequential {
  return new nn.Sequential(
    new nn.Linear(features, 128), new nn.BatchNorm1d(128), new nn.ReLU(), new nn.Dropout(0.4),
    new nn.Linear(128, 64), new nn.BatchNorm1d(64), new nn.ReLU(), new nn.Dropout(0.3),
    new nn.Linear(64, 1),
  );
}

/** WellDesignedCNN from the seed (two conv-BN-ReLU blocks, global average pool, dropout head). */
export function seedCnn(classes = 10): nn.Sequential {
  return new nn.Sequential(
    new nn.Conv2d(3, 64, 3, { padding: 1, bias: false }), new nn.BatchNorm2d(64), new nn.ReLU(),
    new nn.Conv2d(64, 128, 3, { padding: 1, bias: false }), new nn.BatchNorm2d(128), new nn.ReLU(),
    new nn.AdaptiveAvgPool2d(1), new nn.Flatten(), new nn.Dropout(0.5), new nn.Linear(128, classes),
  );
}

/** Synthetic tabular data: y depends on the first two features plus noise. */
function tabular(g: Generator, rows: number, features = 20): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(rows * features);
  const y = new Float32Array(rows);
  for (let i = 0; i < x.length; i++) x[i] = g.normal();
  for (let r = 0; r < rows; r++) y[r] = x[r * features]! + 0.5 * x[r * features + 1]! + 0.3 * g.normal() > 0 ? 1 : 0;
  return { x, y };
}

/** Rows `idx[start..end)` of a row-major matrix with `width` columns, copied into a new tensor. */
function rows(data: Float32Array, width: number, idx: Int32Array, start: number, end: number): Tensor {
  const out = new Float32Array((end - start) * width);
  for (let i = start; i < end; i++) out.set(data.subarray(idx[i]! * width, (idx[i]! + 1) * width), (i - start) * width);
  return new Tensor(out, width === 1 ? [end - start] : [end - start, width]);
}

function permutation(g: Generator, n: number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(g.random() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** A workload: `run()` does one timed unit (an epoch, a step, 30 passes) and returns seconds. */
export interface Workload {
  run(): number;
}

function timed(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

/** Steps of workload (d) timed as one sample (engine_ref.py's STEPS_PER_SAMPLE is the same). */
export const STEPS_PER_SAMPLE = 5;

/** Builds the four workloads; models and data are made once and reused across samples. */
export function makeWorkloads(): Record<'mlp_epoch' | 'mc_dropout' | 'cnn_epoch' | 'mlp_step4096', Workload> {
  manualSeed(0);
  const g = new Generator(0);
  const model = seedMlp();
  const opt = new optim.AdamW(model.parameters(), { lr: 3e-4, weightDecay: 1e-4 });
  const bce = new nn.BCEWithLogitsLoss();
  const data = tabular(g, 10_000);
  const big = tabular(g, 4096);
  const bigX = new Tensor(big.x, [4096, 20]);
  const bigY = new Tensor(big.y, [4096]);
  const allX = new Tensor(data.x, [10_000, 20]);

  let cnn: { model: nn.Sequential; opt: optim.AdamW; loss: nn.CrossEntropyLoss; x: Float32Array; y: Float32Array } | null = null;

  return {
    mlp_epoch: {
      run: () => timed(() => {
        model.train();
        const perm = permutation(g, 10_000);
        for (let start = 0; start < 10_000; start += 64) {
          const end = Math.min(10_000, start + 64);
          const xb = rows(data.x, 20, perm, start, end);
          const yb = rows(data.y, 1, perm, start, end);
          opt.zeroGrad();
          const loss = bce.forward(model.forward(xb).squeeze(1), yb);
          loss.backward();
          opt.step();
        }
      }),
    },
    mc_dropout: {
      run: () => timed(() => {
        const { mean, std } = train.mcDropoutPredict(model, allX, { passes: 30 });
        if (mean.length !== 10_000 || std.length !== 10_000) throw new Error('mc dropout: wrong output size');
      }),
    },
    // STEPS_PER_SAMPLE steps timed together, the mean per step returned (as engine_ref.py does): one
    // ~20 ms step per sample moved 26–78 ms between the 5 rounds of one run on the shared machine.
    mlp_step4096: {
      run: () =>
        timed(() => {
          for (let s = 0; s < STEPS_PER_SAMPLE; s++) {
            model.train();
            opt.zeroGrad();
            const loss = bce.forward(model.forward(bigX).squeeze(1), bigY);
            loss.backward();
            opt.step();
          }
        }) / STEPS_PER_SAMPLE,
    },
    cnn_epoch: {
      run: () => {
        if (cnn === null) {
          const m = seedCnn();
          const x = new Float32Array(512 * 3 * 32 * 32);
          for (let i = 0; i < x.length; i++) x[i] = g.normal();
          cnn = { model: m, opt: new optim.AdamW(m.parameters(), { lr: 1e-3, weightDecay: 1e-4 }), loss: new nn.CrossEntropyLoss(), x, y: Float32Array.from({ length: 512 }, () => Math.floor(g.random() * 10)) };
        }
        const c = cnn;
        return timed(() => {
          c.model.train();
          const perm = permutation(g, 512);
          for (let start = 0; start < 512; start += 32) {
            const xb = rows(c.x, 3 * 32 * 32, perm, start, start + 32).reshape([32, 3, 32, 32]);
            const yb = Int32Array.from({ length: 32 }, (_, i) => c.y[perm[start + i]!]!);
            c.opt.zeroGrad();
            const loss = c.loss.forward(c.model.forward(xb) as Tensor, yb);
            loss.backward();
            c.opt.step();
          }
        });
      },
    },
  };
}

/** The 8 GEMMs of one seed-MLP step at batch 64 (as nn/functional/linear.ts issues them). */
export const MLP_GEMMS: Array<[transA: boolean, transB: boolean, m: number, n: number, k: number]> = [
  [false, true, 64, 128, 20], [false, true, 64, 64, 128], [false, true, 64, 1, 64],
  [false, false, 64, 64, 1], [true, false, 1, 64, 64], [false, false, 64, 128, 64], [true, false, 64, 128, 64], [true, false, 128, 20, 64],
];

/** Seconds per call of `kern.gemm` on random m×k·k×n operands (at least ~0.1 s of calls). */
export function timeGemm(kern: K.Kernels, m: number, n: number, k: number): number {
  const g = new Generator(1);
  const a = Float32Array.from({ length: m * k }, () => g.random());
  const b = Float32Array.from({ length: k * n }, () => g.random());
  const c = new Float32Array(m * n);
  let reps = 1;
  for (;;) {
    const t = timed(() => {
      for (let r = 0; r < reps; r++) kern.gemm(false, false, m, n, k, a, b, c, false);
    });
    if (t > 0.1) return t / reps;
    reps *= t < 0.01 ? 10 : 2;
  }
}

/** Seconds per seed-MLP step spent in its 8 GEMMs. */
export function timeMlpGemms(kern: K.Kernels): number {
  const ops = MLP_GEMMS.map(([ta, tb, m, n, k]) => ({ ta, tb, m, n, k, a: new Float32Array(m * k).fill(0.5), b: new Float32Array(k * n).fill(0.25), c: new Float32Array(m * n) }));
  const step = (): void => {
    for (const o of ops) kern.gemm(o.ta, o.tb, o.m, o.n, o.k, o.a, o.b, o.c, false);
  };
  for (let i = 0; i < 50; i++) step();
  let reps = 100;
  for (;;) {
    const t = timed(() => {
      for (let r = 0; r < reps; r++) step();
    });
    if (t > 0.1) return t / reps;
    reps *= 4;
  }
}
