/**
 * How many `tidy` scopes are running, counted from a scope's start to the end of its disposals
 * (a scope's own bookkeeping in scope.ts ends before it disposes), and how many `untracked` calls
 * (what they make belongs to no scope: a leaf's gradient, kept past the scope). The storage pool
 * hands resident storage (the wasm tier's region, kernels/resident-region.ts) only to tensors
 * made inside a scope and outside `untracked`, whose lifetime the scope ends.
 */
const running = { scopes: 0, untracked: 0 };

/** Whether a `tidy` scope is running (or disposing its tensors), outside `untracked`. */
export function inTidyScope(): boolean {
  return running.scopes > 0 && running.untracked === 0;
}

/** Run `fn` counted as one scope deeper. */
export function countedScope<T>(fn: () => T): T {
  return counted('scopes', fn);
}

/** Run `fn` as made outside every scope (scope.ts `untracked`). */
export function outsideScopes<T>(fn: () => T): T {
  return counted('untracked', fn);
}

function counted<T>(what: keyof typeof running, fn: () => T): T {
  running[what]++;
  try {
    return fn();
  } finally {
    running[what]--;
  }
}
