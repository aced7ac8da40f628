// Explicit tensor lifetimes: `tidy(fn)` scopes and `keep(t)` (TF.js's memory API, with PyTorch's
// autograd kept safe). Every tensor created inside a scope is recorded; at the scope's end the
// ones not returned, not kept and not sharing storage with those are disposed, which hands their
// storage back to the pool for the next op to reuse.
import { ClinregError } from '../errors.js';
import { countedScope, outsideScopes } from './scope-depth.js';
import { Tensor, releaseDead } from './tensor.js';

/**
 * A tensor was used after `dispose()` (or after the `tidy` scope that created it ended). Code
 * `E_DISPOSED`. Its storage may already hold another tensor's values, so nothing is read from it.
 */
export class DisposedTensorError extends ClinregError {
  constructor(message: string) {
    super('E_DISPOSED', message);
  }
}

const scopes: Tensor[][] = [];
let paused = 0;

/** Record `t` in the innermost open scope (called by the Tensor constructor). */
export function trackTensor(t: Tensor): void {
  if (scopes.length > 0 && paused === 0) scopes[scopes.length - 1]!.push(t);
}

/** Run `fn` with tensor tracking off: what it creates belongs to no scope (a leaf's `grad`). */
export function untracked<T>(fn: () => T): T {
  paused++;
  try {
    return outsideScopes(fn); // (and no resident storage: such a tensor outlives the scope)
  } finally {
    paused--;
  }
}

/** A value `tidy` may return: tensors, arrays and plain objects of them, or anything else. */
export type TidyResult = unknown;

/**
 * Run `fn`, then dispose every tensor it created except those it returns (directly, or inside
 * arrays and plain objects), those passed to `keep`, and those sharing storage with them; their
 * storage goes back to the pool, so a loop of `tidy` calls reuses the same memory (PyTorch's
 * caching allocator without a garbage collector in between). Scopes nest: what an inner scope
 * returns belongs to the outer one.
 *
 * Autograd: when a returned or kept tensor still carries a graph (`gradFn` set, backward not yet
 * run), the scope disposes nothing, because that graph may read any tensor made inside it. Run
 * `backward()` inside the scope (as `fit` does) to get the reuse.
 *
 * Memory: a scope holds every tensor made inside it until it ends (they cannot be garbage
 * collected earlier), so wrap one step or one batch, not a whole training loop.
 * @param fn the work; must not be async (tensors made after an `await` are outside the scope).
 * @returns what `fn` returns.
 * @throws whatever `fn` throws (the scope's tensors are disposed first, except any with a graph).
 * @example
 * const y = tidy(() => add(mul(a, b), c)); // mul's output is back in the pool; y is not
 */
export function tidy<T extends TidyResult>(fn: () => T, options: TidyOptions = {}): T {
  return countedScope(() => runScope(fn, options));
}

function runScope<T extends TidyResult>(fn: () => T, options: TidyOptions): T {
  const scope: Tensor[] = [];
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    scopes.pop();
    endScope(scope, []);
    throw err;
  }
  scopes.pop();
  if (result instanceof Promise) {
    throw new TypeError('tidy: fn returned a Promise; tidy scopes are synchronous (tensors made after an await would escape the scope).');
  }
  const survivors: Tensor[] = [];
  collect(result, survivors, 0);
  if (options.keepReachableFrom !== undefined) keepReachable(scope, survivors, options.keepReachableFrom);
  endScope(scope, survivors);
  return result;
}

/** Options of {@link tidy}. */
export interface TidyOptions {
  /**
   * Objects whose tensors outlive the scope: every tensor without a graph reachable from them
   * through properties, arrays, Maps and Sets (a module's submodules, a tensor it caches on first
   * use, an optimizer's or a loss module's state) is kept as if returned. `fit` passes the model, loss and optimizer,
   * so a module that builds a constant tensor lazily in `forward` keeps it, as in PyTorch.
   */
  keepReachableFrom?: readonly unknown[];
}

/** Most objects {@link reachableTensors} visits (a model holding a reference to a big structure stays cheap). */
const MAX_REACHABLE_OBJECTS = 100_000;

/**
 * Add to `survivors` the tensors of `scope` reachable from `roots`. Only tensors without a graph
 * are looked for (activations of a training step all carry one, and a module caching one across
 * steps would fail at the next backward, as in PyTorch), so a step that made none walks nothing.
 */
function keepReachable(scope: readonly Tensor[], survivors: Tensor[], roots: readonly unknown[]): void {
  let candidates: Set<Tensor> | null = null;
  for (const t of scope) {
    if (t.gradFn !== null || t.isDisposed) continue;
    (candidates ??= new Set()).add(t);
  }
  if (candidates === null) return;
  for (const t of survivors) candidates.delete(t);
  if (candidates.size === 0) return;
  const found: Tensor[] = [];
  reachableTensors(roots, found);
  for (const t of found) if (candidates.has(t)) survivors.push(t);
}

/** Tensors reachable from `roots` (properties, arrays, Maps, Sets; typed arrays and functions not entered), into `out`. */
function reachableTensors(roots: readonly unknown[], out: Tensor[]): void {
  const seen = new Set<object>();
  const stack: unknown[] = [...roots];
  while (stack.length > 0 && seen.size < MAX_REACHABLE_OBJECTS) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Tensor) {
      out.push(v);
      continue;
    }
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer || v instanceof Promise) continue;
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === 'object') stack.push(x);
    } else if (v instanceof Map) {
      for (const [k, x] of v) stack.push(k, x);
    } else if (v instanceof Set) {
      for (const x of v) stack.push(x);
    } else {
      for (const k of Object.keys(v)) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== null && typeof x === 'object') stack.push(x);
      }
    }
  }
}

/**
 * Keep `t` past the end of every `tidy` scope (TF.js's `keep`): no scope disposes it; it lives
 * until `t.dispose()` or until nothing refers to it. Returns `t`.
 * @example tidy(() => { best = keep(model.forward(x)); });
 */
export function keep<T extends Tensor>(t: T): T {
  kept.add(t);
  anyKept = true;
  return t;
}

/** Tensors that no scope disposes (weak: a kept tensor nobody holds is still collected). */
const kept = new WeakSet<Tensor>();
/** Whether `keep` was ever called: until then scopes skip the lookups in `kept`. */
let anyKept = false;

/** Tensors inside a returned value (arrays and plain objects, a few levels deep). */
function collect(value: unknown, out: Tensor[], depth: number): void {
  if (value === null || typeof value !== 'object' || depth > 4) return;
  if (value instanceof Tensor) {
    out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collect(v, out, depth + 1);
    return;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto === Object.prototype || proto === null || value instanceof Map) {
    const values = value instanceof Map ? [...(value as Map<unknown, unknown>).values()] : Object.values(value);
    for (const v of values) collect(v, out, depth + 1);
  }
}

function endScope(scope: Tensor[], returned: Tensor[]): void {
  const parent = scopes.length > 0 ? scopes[scopes.length - 1]! : null;
  const survivors = new Set<Tensor>();
  for (const t of returned) if (!t.isDisposed) survivors.add(t);
  if (anyKept) for (const t of scope) if (kept.has(t) && !t.isDisposed) survivors.add(t);
  for (const t of survivors) {
    if (t.gradFn !== null) {
      // A graph survives: backward may read any tensor made here. Hand the lot to the enclosing scope.
      if (parent !== null) for (const s of scope) parent.push(s);
      return;
    }
  }
  // Storage ranges the survivors use: a tensor made here that overlaps one (a reshape, a view into
  // the same buffer) stays alive with it.
  const ranges = new Map<ArrayBufferLike, number[]>();
  for (const t of survivors) {
    const d = t.data;
    let r = ranges.get(d.buffer);
    if (r === undefined) ranges.set(d.buffer, (r = []));
    r.push(d.byteOffset, d.byteOffset + d.byteLength);
  }
  for (const t of scope) {
    if (survivors.has(t)) continue;
    if (t.isDisposed) {
      releaseDead(t); // disposed while an op had saved it: its storage was kept for a backward that can no longer run
      continue;
    }
    if (anyKept && kept.has(t)) continue;
    if (ranges.size > 0 && overlaps(ranges, t.data)) {
      survivors.add(t);
      continue;
    }
    // No survivor carries a graph and every tensor made here that could root one is disposed:
    // no backward can read these again, so even tensors saved by recorded ops are released.
    releaseDead(t);
  }
  if (parent !== null) for (const t of survivors) if (!anyKept || !kept.has(t)) parent.push(t);
}

function overlaps(ranges: Map<ArrayBufferLike, number[]>, d: Float32Array): boolean {
  const r = ranges.get(d.buffer);
  if (r === undefined) return false;
  const lo = d.byteOffset;
  const hi = lo + d.byteLength;
  for (let i = 0; i < r.length; i += 2) if (lo < r[i + 1]! && r[i]! < hi) return true;
  return false;
}
