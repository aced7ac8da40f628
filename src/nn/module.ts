import { ShapeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import { checkOptions } from '../option-keys.js';

/** Any module, whatever its forward signature (used for children and traversal). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = Module<any[], unknown>;

/** A state dict: PyTorch-style dotted names → tensors, in registration order. */
export type StateDict = Map<string, Tensor>;

/** Options of `Module.loadStateDict`. */
export interface LoadStateDictOptions {
  /**
   * Require the keys of the state dict to match the module's keys exactly (PyTorch's `strict`).
   * Default true. Shape mismatches are errors whatever `strict` says, as in PyTorch.
   */
  strict?: boolean;
}

/** What `loadStateDict` did not match (both empty when `strict` succeeded). */
export interface LoadStateDictResult {
  /** Keys the module expects that the state dict lacks. */
  missingKeys: string[];
  /** Keys in the state dict the module does not have. */
  unexpectedKeys: string[];
}

/**
 * Base class of every layer, container and loss (PyTorch's `torch.nn.Module`).
 *
 * Registration is explicit, as with PyTorch's `register_parameter` / `register_buffer` /
 * `add_module`: `this.weight = this.registerParameter('weight', w)` (in the constructor body or
 * a field initializer). Registration records the name and its kind; the value lives in the
 * property `this[name]`, so a later `model.fc = new Linear(…)` replaces the registered child, as
 * PyTorch's `__setattr__` does. Registration order gives the order of `parameters()` and of the
 * state-dict keys, which are PyTorch's: own parameters, then own buffers, then each child's
 * entries prefixed by the child's name and a dot (`net.0.weight`, `1.running_mean`). A subclass
 * must not re-declare (without `declare`) a field its base class registered: the class-field
 * definition would reset it.
 *
 * Parameters are ordinary tensors with `requiresGrad` true; buffers are tensors that belong to
 * the state (BatchNorm running statistics) but receive no gradient.
 * @example
 * class Net extends Module {
 *   readonly fc: Linear;
 *   constructor() { super(); this.fc = this.registerModule('fc', new Linear(4, 2)); }
 *   forward(x: Tensor): Tensor { return this.fc.forward(x); }
 * }
 * [...new Net().stateDict().keys()]; // ['fc.weight', 'fc.bias']
 */
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** Training mode (true after construction, as in PyTorch); set by `train()` / `eval()`. */
  training = true;
  // Names only, in registration order; the values live in the instance's properties.
  readonly #parameters = new Set<string>();
  readonly #buffers = new Set<string>();
  readonly #modules = new Set<string>();

  /** The computation of this module. Call it directly: `model.forward(x)`. */
  abstract forward(...args: In): Out;

  /**
   * Register a parameter (or a `null` placeholder, e.g. Linear without bias) under `name` and
   * store it in `this[name]`. The tensor's `requiresGrad` is set to true. Returns the tensor.
   * @throws ValueError for an empty name, a name containing '.', or one already taken.
   */
  registerParameter<T extends Tensor | null>(name: string, value: T): T {
    this.#claim(name, 'registerParameter');
    if (value !== null) value.requiresGrad = true;
    this.#parameters.add(name);
    this.#slots()[name] = value;
    return value;
  }

  /**
   * Register a buffer: state saved in `stateDict()` that is not trained (running statistics).
   * Stores it in `this[name]` and returns it.
   * @throws ValueError for an empty name, a name containing '.', or one already taken.
   */
  registerBuffer<T extends Tensor | null>(name: string, value: T): T {
    this.#claim(name, 'registerBuffer');
    this.#buffers.add(name);
    this.#slots()[name] = value;
    return value;
  }

  /**
   * Register a child module under `name` (PyTorch's `add_module`), stored in `this[name]`.
   * Returns the module.
   * @throws ValueError for an empty name, a name containing '.', or one already taken.
   */
  registerModule<M extends AnyModule | null>(name: string, module: M): M {
    this.#claim(name, 'registerModule');
    this.#modules.add(name);
    this.#slots()[name] = module;
    return module;
  }

  #slots(): Record<string, unknown> {
    return this as unknown as Record<string, unknown>;
  }

  #claim(name: string, who: string): void {
    if (name === '' || name.includes('.')) {
      throw new ValueError(`${this.constructor.name}.${who}: name must be non-empty and contain no '.'. Received: name='${name}'.`);
    }
    if (this.#parameters.has(name) || this.#buffers.has(name) || this.#modules.has(name)) {
      throw new ValueError(`${this.constructor.name}.${who}: '${name}' is already registered; assign to the property to replace it.`);
    }
    // A declared-but-unset class field (value undefined) may be taken; methods and set fields may not.
    if (name in this && this.#slots()[name] !== undefined) {
      throw new ValueError(`${this.constructor.name}.${who}: '${name}' is already an attribute of the module; choose another name.`);
    }
  }

  /** The current value behind a registered name; checks what was assigned there since. */
  #read<T>(name: string, kind: 'parameter' | 'buffer' | 'module'): T | null {
    const v = this.#slots()[name];
    if (v === null || v === undefined) return null;
    const ok = kind === 'module' ? v instanceof Module : v instanceof Tensor;
    if (!ok) {
      throw new ValueError(`${this.constructor.name}: '${name}' is registered as a ${kind} but now holds ${describe(v)}; assign a ${kind === 'module' ? 'Module' : 'Tensor'} or null.`);
    }
    return v as T;
  }

  /** Set training mode on this module and every descendant; returns this. */
  train(mode = true): this {
    this.training = mode;
    for (const child of this.children()) child.train(mode);
    return this;
  }

  /** Evaluation mode (`train(false)`): Dropout is the identity, BatchNorm uses running stats. */
  eval(): this {
    return this.train(false);
  }

  /** Direct children, in registration order. */
  children(): AnyModule[] {
    return [...this.namedChildren()].map(([, m]) => m);
  }

  /** Direct children with their names. */
  *namedChildren(): Generator<[string, AnyModule]> {
    for (const name of this.#modules) {
      const m = this.#read<AnyModule>(name, 'module');
      if (m !== null) yield [name, m];
    }
  }

  /** This module and every descendant, depth first (pre-order), each once. */
  modules(): AnyModule[] {
    return [...this.namedModules()].map(([, m]) => m);
  }

  /** This module (name `''`, or `prefix`) and every descendant with its dotted name, each once. */
  *namedModules(prefix = '', seen = new Set<AnyModule>()): Generator<[string, AnyModule]> {
    if (seen.has(this)) return;
    seen.add(this);
    yield [prefix, this];
    for (const [name, m] of this.namedChildren()) yield* m.namedModules(join(prefix, name), seen);
  }

  /** Trainable parameters of this module (and its descendants when `recurse`), each tensor once. */
  parameters(recurse = true): Tensor[] {
    return [...this.namedParameters('', recurse)].map(([, t]) => t);
  }

  /** Parameters with their dotted names (`net.0.weight`), each tensor once. */
  *namedParameters(prefix = '', recurse = true): Generator<[string, Tensor]> {
    yield* this.#namedTensors('parameter', prefix, recurse);
  }

  /** Buffers (running statistics, …) of this module (and its descendants when `recurse`). */
  buffers(recurse = true): Tensor[] {
    return [...this.namedBuffers('', recurse)].map(([, t]) => t);
  }

  /** Buffers with their dotted names (`1.running_mean`). */
  *namedBuffers(prefix = '', recurse = true): Generator<[string, Tensor]> {
    yield* this.#namedTensors('buffer', prefix, recurse);
  }

  *#namedTensors(kind: 'parameter' | 'buffer', prefix: string, recurse: boolean): Generator<[string, Tensor]> {
    const seen = new Set<Tensor>();
    const mods: [string, AnyModule][] = recurse ? [...this.namedModules(prefix)] : [[prefix, this]];
    for (const [modName, m] of mods) {
      for (const [name, t] of m.#own(kind)) {
        if (seen.has(t)) continue;
        seen.add(t);
        yield [join(modName, name), t];
      }
    }
  }

  /** Own (non-null) parameters or buffers, without descendants. */
  #own(kind: 'parameter' | 'buffer'): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const name of kind === 'parameter' ? this.#parameters : this.#buffers) {
      const t = this.#read<Tensor>(name, kind);
      if (t !== null) out.push([name, t]);
    }
    return out;
  }

  /**
   * The module's state: every parameter and buffer under its PyTorch key, in PyTorch's order
   * (own parameters, own buffers, then children recursively). The tensors share storage with the
   * module (as PyTorch's do) and are detached; `clone()` them to keep a snapshot.
   * @example [...new Sequential(new Linear(2, 3), new BatchNorm1d(3)).stateDict().keys()];
   * // ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked']
   */
  stateDict(): StateDict {
    const live = new Map<string, Tensor>();
    this.#collectState('', live);
    const out: StateDict = new Map();
    for (const [key, t] of live) out.set(key, t.detach());
    return out;
  }

  /**
   * The module's own tensors behind each {@link stateDict} key, same keys and order, not detached:
   * for code that reads or writes the state in place and keeps no tensor (the fit loop's
   * per-epoch finite check and weight snapshots), without a detached tensor per key.
   */
  liveState(): Map<string, Tensor> {
    const live = new Map<string, Tensor>();
    this.#collectState('', live);
    return live;
  }

  /** The live tensors behind each state-dict key, in PyTorch's order. */
  #collectState(prefix: string, out: Map<string, Tensor>): void {
    for (const [name, t] of this.#own('parameter')) out.set(join(prefix, name), t);
    for (const [name, t] of this.#own('buffer')) out.set(join(prefix, name), t);
    for (const [name, m] of this.namedChildren()) m.#collectState(join(prefix, name), out);
  }

  /**
   * Copy a state dict (e.g. a PyTorch `state_dict` read from safetensors) into this module's
   * parameters and buffers, in place: tensors keep their identity, so optimisers holding them
   * stay valid. Everything is checked before anything is copied.
   * @param stateDict a Map or a plain record from key to tensor.
   * @param options `strict` (default true): missing or unexpected keys are an error.
   * @returns the missing and unexpected keys (PyTorch's `_IncompatibleKeys`).
   * @throws ShapeError naming the key and both shapes when a tensor's shape differs;
   *   ValueError listing missing and unexpected keys when `strict`.
   * @example model.loadStateDict(io.readSafetensors('model.safetensors'));
   */
  loadStateDict(stateDict: Map<string, Tensor> | Record<string, Tensor>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    checkOptions('Module.loadStateDict', options, { strict: true } satisfies Record<keyof Required<LoadStateDictOptions>, true>);
    const { strict = true } = options;
    const source = stateDict instanceof Map ? stateDict : new Map(Object.entries(stateDict));
    const targets = new Map<string, Tensor>();
    this.#collectState('', targets);
    const missingKeys = [...targets.keys()].filter((k) => !source.has(k));
    const unexpectedKeys = [...source.keys()].filter((k) => !targets.has(k));
    const who = `${this.constructor.name}.loadStateDict`;
    for (const [key, target] of targets) {
      const src = source.get(key);
      if (src === undefined) continue;
      if (!sameShape(src.shape, target.shape)) {
        throw new ShapeError(
          `${who}: size mismatch for '${key}': the checkpoint has shape ${formatShape(src.shape)}, the module expects ${formatShape(target.shape)}. Load a checkpoint of the same architecture.`,
        );
      }
    }
    if (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0)) {
      const parts: string[] = [];
      if (missingKeys.length > 0) parts.push(`missing keys: ${missingKeys.map((k) => `'${k}'`).join(', ')}`);
      if (unexpectedKeys.length > 0) parts.push(`unexpected keys: ${unexpectedKeys.map((k) => `'${k}'`).join(', ')}`);
      throw new ValueError(`${who}: the state dict does not match the module (${parts.join('; ')}). Pass { strict: false } to load the matching keys only.`);
    }
    for (const [key, target] of targets) {
      const src = source.get(key);
      if (src !== undefined && src.data !== target.data) target.data.set(src.data);
    }
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Reset the gradients of every parameter. PyTorch 1.13's default fills them with zeros in
   * place; `setToNone` drops them instead (optimisers then skip those parameters, as in PyTorch).
   */
  zeroGrad(setToNone = false): void {
    for (const p of this.parameters()) {
      if (setToNone || p.grad === null) p.grad = null;
      else p.grad.data.fill(0);
    }
  }

  /** Call `fn` on every descendant (children first) and then on this module; returns this. */
  apply(fn: (module: AnyModule) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Hyper-parameters shown by `toString()` (PyTorch's `extra_repr`). */
  extraRepr(): string {
    return '';
  }

  /** PyTorch-style description of the module tree, e.g. `Linear(in_features=20, out_features=128, bias=true)`. */
  toString(): string {
    const head = `${this.constructor.name}(${this.extraRepr()}`;
    const kids = [...this.namedChildren()];
    if (kids.length === 0) return `${head})`;
    const lines = kids.map(([name, m]) => `  (${name}): ${m.toString().split('\n').join('\n  ')}`);
    return `${head}\n${lines.join('\n')}\n)`;
  }
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

function describe(v: unknown): string {
  if (typeof v === 'object' && v !== null) return `a ${v.constructor.name}`;
  return `${typeof v} ${String(v)}`;
}
