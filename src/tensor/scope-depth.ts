/**
 * How many `tidy` scopes are running, counted from a scope's start to the end of its disposals
 * (a scope's own bookkeeping in scope.ts ends before it disposes). The storage pool hands resident
 * storage (the wasm tier's region, kernels/resident-region.ts) only to tensors made inside a
 * scope, whose lifetime the scope ends.
 */
let depth = 0;
/** `untracked` calls running: what they make belongs to no scope (a leaf's gradient, kept past the scope). */
let untrackedDepth = 0;

/** Whether a `tidy` scope is running (or disposing its tensors), outside `untracked`. */
export function inTidyScope(): boolean {
  return depth > 0 && untrackedDepth === 0;
}

/** Run `fn` as made outside every scope (scope.ts `untracked`). */
export function outsideScopes<T>(fn: () => T): T {
  untrackedDepth++;
  try {
    return fn();
  } finally {
    untrackedDepth--;
  }
}

/** Run `fn` counted as one scope deeper. */
export function countedScope<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}
