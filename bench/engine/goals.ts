// The engine benchmark's workloads and their goals (issue #20), shared by bench/engine.ts, which
// runs them, and bench/readme-table.ts, which reads its results into the README.

/** One workload of bench/engine.ts: its key in the results, label, goals and the tiers that run it. */
export interface EngineWorkload {
  /** Key prefix in engine.json's medians and ratios (`${id} ${variant}`). */
  id: string;
  label: string;
  /** Goal for the native tier: clinreg time / the fastest PyTorch configuration of the run. */
  target: number;
  /** Goal for the wasm tier, same ratio. */
  wasmTarget: number;
  tiers: readonly ('native' | 'wasm' | 'ts')[];
}

/** Workloads, their goals (clinreg / best PyTorch, issue #20) and the tiers that run them. */
export const WORKLOADS: readonly EngineWorkload[] = [
  { id: 'mlp_epoch', label: '(a) seed MLP epoch, 10k×20, batch 64, AdamW', target: 0.5, wasmTarget: 1.0, tiers: ['native', 'wasm', 'ts'] },
  { id: 'mc_dropout', label: '(b) MC dropout, 30 passes × 10k rows', target: 0.4, wasmTarget: 1.0, tiers: ['native', 'wasm', 'ts'] },
  { id: 'cnn_epoch', label: '(c) seed CNN epoch, 512×3×32×32, batch 32', target: 1.0, wasmTarget: 2.5, tiers: ['native', 'wasm'] },
  { id: 'mlp_step4096', label: '(d) seed-MLP step, batch 4096', target: 0.8, wasmTarget: 1.5, tiers: ['native', 'wasm', 'ts'] },
];
