import type { Tensor } from './tensor.js';
import { isFreeStorage, releaseStorage } from './storage.js';

/**
 * One recorded operation on the autograd tape: its inputs and a function that maps the gradient
 * of its output to the gradients of its inputs (null where an input needs none).
 */
export interface GradNode {
  /** Op name, for error messages and debugging (PyTorch's `grad_fn` name). */
  readonly name: string;
  readonly inputs: readonly Tensor[];
  /** Gradient of the output → gradient of each input (same shapes as the inputs). */
  readonly backward: (gradOutput: Float32Array) => readonly (Float32Array | null)[];
  /**
   * Pool arrays the op made for its backward alone and hands to nothing else (a dropout mask,
   * batch statistics): they go back to the storage pool with the output when a `tidy` scope
   * ends with the graph dead, instead of waiting for the garbage collector.
   */
  readonly scratch?: readonly Float32Array[];
}

let gradEnabled = true;

/** Whether operations are being recorded for backward (false inside `noGrad`). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Run `fn` without recording operations on the autograd tape (PyTorch's `torch.no_grad()`).
 * @example
 * const y = noGrad(() => model.forward(x)); // y.requiresGrad === false
 */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** Whether an op on `inputs` must be recorded. */
export function needsGrad(...inputs: readonly Tensor[]): boolean {
  if (!gradEnabled) return false;
  for (const t of inputs) if (t.requiresGrad) return true;
  return false;
}

/**
 * Reverse-mode sweep from `root` with seed gradient `seed`. Gradients of leaves that require
 * grad are accumulated into their `.grad` (as PyTorch does); intermediate gradients are freed.
 */
export function runBackward(root: Tensor, seed: Float32Array): void {
  // Topological order by iterative DFS (deep graphs must not overflow the stack).
  // The stack as two arrays (a tensor and the index of its next input): no tuple per node.
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: Tensor[] = [root];
  const next: number[] = [0];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack.length - 1;
    const t = stack[top]!;
    const i = next[top]!;
    const inputs = t.gradFn?.inputs;
    if (inputs !== undefined && i < inputs.length) {
      next[top] = i + 1;
      const child = inputs[i]!;
      if (child.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack.push(child);
        next.push(0);
      }
    } else {
      stack.pop();
      next.pop();
      order.push(t);
    }
  }
  const grads = new Map<Tensor, Float32Array>();
  grads.set(root, seed);
  // Ops may hand back a buffer they received (add and reshape pass their output gradient straight
  // through). A tensor's gradient buffer is released once its node has run, so the first input
  // handed it takes it over without a copy; a buffer still held (the caller's seed, or one
  // already handed to another input) is copied before anything accumulates into it.
  const held = new Set<Float32Array>([seed]);
  // A gradient buffer that nothing holds any more goes back to the storage pool, so the next
  // backward (or forward) reuses it: releaseStorage ignores arrays the pool did not issue and
  // arrays a tensor refers to.
  const dead = (a: Float32Array): void => {
    if (a !== seed && !held.has(a)) releaseStorage(a);
  };
  for (let k = order.length - 1; k >= 0; k--) {
    const t = order[k]!;
    const g = grads.get(t);
    if (g === undefined) continue;
    grads.delete(t);
    if (g !== seed) held.delete(g);
    const node = t.gradFn;
    if (node === null) {
      const takesOver = t.grad === null && g !== seed;
      t.accumulateGrad(g, g !== seed);
      if (!takesOver) dead(g);
      continue;
    }
    // Only pool storage can be released: for anything else skip the checks (reading `.buffer` of
    // a small on-heap array makes V8 move it off the heap).
    const free = g !== seed && isFreeStorage(g);
    const inputGrads = node.backward(g);
    let passedOn = false;
    for (let j = 0; j < node.inputs.length; j++) {
      const input = node.inputs[j]!;
      const ig = inputGrads[j];
      if (ig === null || ig === undefined) continue;
      if (free && (ig === g || sharesMemory(ig, g))) passedOn = true; // g itself or a view of it
      if (!input.requiresGrad) continue;
      const prev = grads.get(input);
      if (prev === undefined) {
        const own = held.has(ig) ? ig.slice() : ig;
        held.add(own);
        grads.set(input, own);
      } else {
        for (let e = 0; e < prev.length; e++) prev[e]! += ig[e]!;
        // Added in, so dead (pool storage is never a view, so only g itself could alias g).
        if (ig !== prev && ig !== g && isFreeStorage(ig)) dead(ig);
      }
    }
    if (free && !passedOn) dead(g);
  }
}

/**
 * Whether two arrays overlap in memory. Same buffer is not enough: the pool carves small arrays
 * side by side out of shared slabs, so unrelated gradients often share one ArrayBuffer.
 */
function sharesMemory(a: Float32Array, b: Float32Array): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}
