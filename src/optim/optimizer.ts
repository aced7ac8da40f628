import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { checkNonNegative } from './hyper-params.js';
import { copyStateValue, groupCount, isPlainObject } from './state-utils.js';

/** Hyper-parameters every parameter group has; `lr` is the one schedulers change. */
export interface BaseHyperParams {
  /** Learning rate of the group. */
  lr: number;
}

/**
 * A parameter group as the caller gives it: its parameters plus any hyper-parameters that override
 * the optimizer's defaults for this group (PyTorch's `{'params': ..., 'weight_decay': 0}`).
 */
export type ParamGroupSpec<H extends BaseHyperParams> = { params: Iterable<Tensor> } & Partial<H>;

/** A resolved parameter group: every hyper-parameter present; `initialLr` is set by schedulers. */
export type ParamGroup<H extends BaseHyperParams> = H & { params: Tensor[]; initialLr?: number };

/** What an optimizer takes: a plain iterable of parameters, or a list of parameter groups. */
export type ParamsInput<H extends BaseHyperParams> = Iterable<Tensor> | readonly ParamGroupSpec<H>[];

/**
 * Per-parameter optimizer state, created on the first step that sees a gradient: SGD keeps
 * `momentumBuffer` (with momentum); Adam/AdamW keep `step`, `expAvg`, `expAvgSq` and, with
 * AMSGrad, `maxExpAvgSq` (PyTorch's `exp_avg`, … in camelCase).
 */
export type ParamState = Record<string, Float32Array | number>;

/**
 * A serialisable snapshot of an optimizer (PyTorch's `optimizer.state_dict()` layout): `state`
 * keyed by the parameter's position across all groups, and each group's hyper-parameters with
 * `params` as those positions. Plain objects, numbers, booleans and Float32Arrays only.
 */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  paramGroups: (Record<string, number | boolean | number[]> & { params: number[] })[];
}

/** Options of `Optimizer.zeroGrad`. */
export interface ZeroGradOptions {
  /**
   * Set each `grad` to null instead of filling it with zeros. Default true (the PyTorch ≥ 2.0
   * default; 1.13 defaulted to false). A null grad makes `step()` skip that parameter.
   */
  setToNone?: boolean;
}

/**
 * Base class of the optimizers: parameter groups with per-group hyper-parameters, per-parameter
 * state, `zeroGrad`, `step`, and `stateDict`/`loadStateDict` for checkpoint and resume
 * (PyTorch's `torch.optim.Optimizer`). Subclasses supply the update (`step`) and one hook,
 * `checkHyperParams`, that validates a group's hyper-parameters.
 * @example
 * const opt = new optim.AdamW([{ params: decay }, { params: noDecay, weightDecay: 0 }], { lr: 3e-4 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export abstract class Optimizer<H extends BaseHyperParams = BaseHyperParams> {
  /** Name used in error messages (`SGD`, `Adam`, `AdamW`). */
  readonly name: string;
  /** Hyper-parameters used where a group does not give its own. */
  readonly defaults: Readonly<H>;
  /** The parameter groups; schedulers change `paramGroups[i].lr`. */
  readonly paramGroups: ParamGroup<H>[] = [];
  /** Per-parameter state, created lazily on the first step that sees a gradient. */
  readonly state = new Map<Tensor, ParamState>();

  /**
   * @param name optimizer name for messages.
   * @param params parameters, or parameter groups with per-group overrides.
   * @param defaults validated default hyper-parameters.
   * @throws ValueError for an empty parameter list, a non-tensor or non-leaf parameter, a parameter
   *   in two groups, an unknown group option, or an invalid hyper-parameter.
   */
  protected constructor(name: string, params: ParamsInput<H>, defaults: H) {
    this.name = name;
    this.checkHyperParams(defaults, `${name}: `);
    this.defaults = copyHyper(defaults);
    const list = Array.from(params as Iterable<Tensor | ParamGroupSpec<H>>);
    if (list.length === 0) {
      throw new ValueError(`${name}: params must hold at least one parameter or parameter group. Received: an empty list.`);
    }
    if (list[0] instanceof Tensor) {
      this.addParamGroup({ params: list as Tensor[] } as unknown as ParamGroupSpec<H>);
    } else {
      for (const spec of list as ParamGroupSpec<H>[]) this.addParamGroup(spec);
    }
  }

  /**
   * Validate a group's hyper-parameters. `where` prefixes every message: `'AdamW: '` for the
   * defaults, `'AdamW: paramGroups[1].'` for a group.
   * @throws ValueError naming the optimizer, the parameter and the value.
   */
  protected abstract checkHyperParams(hyper: H, where: string): void;

  /** Apply one update to every parameter that has a gradient. */
  abstract step(): void;

  /**
   * Add a parameter group (PyTorch's `add_param_group`), filling missing hyper-parameters from
   * the defaults.
   * @throws ValueError as for the constructor.
   */
  addParamGroup(spec: ParamGroupSpec<H>): void {
    const index = this.paramGroups.length;
    const where = `paramGroups[${index}].`;
    if (!isPlainObject(spec) || !('params' in spec)) {
      throw new ValueError(`${this.name}: each parameter group must be an object with a 'params' iterable. Received: ${describe(spec)} at paramGroups[${index}].`);
    }
    const params = spec.params instanceof Tensor ? [spec.params] : Array.from(spec.params);
    const seen = new Set<Tensor>(this.paramGroups.flatMap((g) => g.params));
    params.forEach((p, k) => {
      if (!(p instanceof Tensor)) {
        throw new ValueError(`${this.name}: ${where}params[${k}] must be a Tensor. Received: ${describe(p)}.`);
      }
      if (!p.isLeaf) {
        throw new ValueError(`${this.name}: ${where}params[${k}] is not a leaf tensor (it was produced by an op); optimize the leaf parameters instead.`);
      }
      if (seen.has(p)) {
        throw new ValueError(`${this.name}: ${where}params[${k}] appears more than once across the parameter groups; give each parameter to exactly one group.`);
      }
      seen.add(p);
    });
    const group: Record<string, unknown> = copyHyper(this.defaults);
    for (const [key, value] of Object.entries(spec)) {
      if (key === 'params') continue;
      if (!(key in this.defaults)) {
        throw new ValueError(`${this.name}: ${where}${key} is not an option of ${this.name}. Expected one of: ${Object.keys(this.defaults).join(', ')}.`);
      }
      if (value !== undefined) group[key] = Array.isArray(value) ? [...(value as number[])] : value;
    }
    const hyper = group as unknown as H;
    this.checkHyperParams(hyper, `${this.name}: ${where}`);
    this.paramGroups.push({ ...hyper, params });
  }

  /**
   * Clear the gradients of every optimized parameter.
   * @param options `setToNone` (default true): null the grads instead of zero-filling them.
   */
  zeroGrad(options: ZeroGradOptions = {}): void {
    const setToNone = options.setToNone ?? true;
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (p.grad === null) continue;
        if (setToNone) p.grad = null;
        else p.grad.data.fill(0);
      }
    }
  }

  /**
   * A snapshot of the optimizer for checkpointing (PyTorch's `state_dict()`): buffers are copied,
   * so later steps do not change the snapshot.
   */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((group) => {
      const packed: Record<string, number | boolean | number[]> = {};
      for (const [key, value] of Object.entries(group)) {
        if (key === 'params' || value === undefined) continue;
        packed[key] = Array.isArray(value) ? [...(value as number[])] : (value as number | boolean);
      }
      const ids = group.params.map((p) => {
        if (!index.has(p)) index.set(p, index.size);
        return index.get(p)!;
      });
      return { ...packed, params: ids };
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) {
      const id = index.get(p);
      if (id === undefined) continue;
      const copy: ParamState = {};
      for (const [key, value] of Object.entries(s)) copy[key] = typeof value === 'number' ? value : value.slice();
      state[id] = copy;
    }
    return { state, paramGroups };
  }

  /**
   * Restore a snapshot made by `stateDict()` of an optimizer of the same kind over parameters of
   * the same shapes in the same group layout. Values are copied; Float32Arrays may be given as
   * number arrays (e.g. after JSON).
   * @throws ValueError when the group count, group sizes, state indices or buffer lengths do not
   *   match, or a stored hyper-parameter is invalid.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const who = `${this.name}.loadStateDict`;
    if (!isPlainObject(stateDict) || !Array.isArray(stateDict.paramGroups) || !isPlainObject(stateDict.state)) {
      throw new ValueError(`${who}: expected an object { state, paramGroups } from stateDict(). Received: ${describe(stateDict)}.`);
    }
    const saved = stateDict.paramGroups;
    if (saved.length !== this.paramGroups.length) {
      throw new ValueError(`${who}: the snapshot has ${saved.length} parameter groups but this optimizer has ${this.paramGroups.length}.`);
    }
    const params: Tensor[] = [];
    const groups = this.paramGroups.map((group, i) => {
      const s = saved[i]!;
      const n = groupCount(s);
      if (n !== group.params.length) {
        throw new ValueError(`${who}: paramGroups[${i}] has ${n} parameters in the snapshot but ${group.params.length} here.`);
      }
      const merged: Record<string, unknown> = {};
      for (const key of Object.keys(this.defaults)) {
        if (!(key in s)) throw new ValueError(`${who}: paramGroups[${i}] lacks the hyper-parameter '${key}'.`);
        const value = s[key];
        merged[key] = Array.isArray(value) ? [...value] : value;
      }
      if (s['initialLr'] !== undefined) {
        checkNonNegative(`${who}: paramGroups[${i}].`, 'initialLr', s['initialLr']);
        merged['initialLr'] = s['initialLr'];
      }
      this.checkHyperParams(merged as unknown as H, `${who}: paramGroups[${i}].`);
      params.push(...group.params);
      return merged;
    });
    const state = new Map<Tensor, ParamState>();
    for (const [key, value] of Object.entries(stateDict.state)) {
      const id = Number(key);
      const p = Number.isInteger(id) ? params[id] : undefined;
      if (p === undefined || !isPlainObject(value)) {
        throw new ValueError(`${who}: state entry '${key}' does not name a parameter (expected an index below ${params.length} holding an object).`);
      }
      const copy: ParamState = {};
      for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
        copy[name] = copyStateValue(v, p.size, `${who}: state[${key}].${name}`);
      }
      state.set(p, copy);
    }
    this.paramGroups.forEach((group, i) => {
      delete group.initialLr;
      Object.assign(group, groups[i]);
    });
    this.state.clear();
    for (const [p, s] of state) this.state.set(p, s);
  }
}

function copyHyper<H extends object>(h: H): H {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(h)) out[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
  return out as H;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : `${typeof value} ${String(value)}`;
}
