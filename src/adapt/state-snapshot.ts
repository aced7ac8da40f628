import type { AnyModule } from '../nn/module.js';

/** Copies of every parameter and buffer of some modules, by module and state-dict key. */
export type StateSnapshot = Map<string, Float32Array>[];

/** Copy the current weights and buffers of `modules` (for restoring the best epoch later). */
export function snapshotState(modules: readonly AnyModule[]): StateSnapshot {
  return modules.map((m) => new Map([...m.stateDict()].map(([k, t]) => [k, Float32Array.from(t.data)])));
}

/** Write a snapshot back into the same modules, in place (optimisers keep their tensors). */
export function restoreState(modules: readonly AnyModule[], snapshot: StateSnapshot): void {
  modules.forEach((m, i) => {
    for (const [k, t] of m.stateDict()) t.data.set(snapshot[i]!.get(k)!);
  });
}
