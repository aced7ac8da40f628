import type { AnyModule } from '../nn/module.js';

/** A copy of a module's parameters and buffers (BatchNorm running statistics included). */
export type WeightsSnapshot = Map<string, Float32Array>;

/**
 * Copy every state-dict entry of `model` (parameters and buffers).
 * @param reuse an earlier snapshot nothing reads any more: its arrays of the right length are
 *   overwritten and reused (fit's per-epoch snapshots allocate nothing after the first).
 */
export function snapshotWeights(model: AnyModule, reuse?: WeightsSnapshot): WeightsSnapshot {
  const snap: WeightsSnapshot = new Map();
  for (const [name, t] of model.liveState()) {
    const old = reuse?.get(name);
    if (old !== undefined && old.length === t.data.length) {
      old.set(t.data);
      snap.set(name, old);
    } else snap.set(name, t.data.slice());
  }
  return snap;
}

/** Write a snapshot back into the model's own tensors, in place. */
export function restoreWeights(model: AnyModule, snapshot: WeightsSnapshot): void {
  for (const [name, t] of model.liveState()) {
    const saved = snapshot.get(name);
    if (saved !== undefined) t.data.set(saved);
  }
}
