import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { ClinregError, ModelFormatError } from '../errors.js';
import { replaceDirAtomic } from '../io/atomic-dir.js';
import { writeFileAtomicSync } from '../io/atomic-write.js';
import { readSafetensors } from '../io/safetensors-read.js';
import { MAX_MODEL_JSON_BYTES, readRegularFile } from '../io/bounded-read.js';
import { writeSafetensors } from '../io/safetensors-write.js';
import type { AnyModule } from '../nn/module.js';
import type { Optimizer, OptimizerStateDict, ParamState } from '../optim/optimizer.js';
import { Tensor } from '../tensor/tensor.js';
import type { EpochLog } from './history.js';

/** Early-stopping progress saved with a checkpoint. */
export interface StopperState {
  best: number | undefined;
  bestEpoch: number | undefined;
  wait: number;
}

/** Training state at the end of an epoch: enough to resume `fit` where it stopped. */
export interface TrainingCheckpoint {
  /** Last completed epoch (0-based). */
  epoch: number;
  logs: EpochLog[];
  stopper: StopperState | null;
  scheduler: Record<string, unknown> | null;
}

const WEIGHTS = 'weights.safetensors';
const BEST = 'best.safetensors';
const STATE = 'checkpoint.json';

const logSchema = z.object({
  epoch: z.number().int().min(0), trainLoss: z.number(), valLoss: z.number().optional(),
  valMetrics: z.record(z.string(), z.number()), lr: z.number(), seconds: z.number(),
});
const fileSchema = z.object({
  format: z.literal('clinreg.checkpoint'),
  version: z.literal(1),
  epoch: z.number().int().min(0),
  logs: z.array(logSchema),
  stopper: z.object({ best: z.number().optional(), bestEpoch: z.number().int().optional(), wait: z.number().int().min(0) }).nullable(),
  scheduler: z.record(z.string(), z.unknown()).nullable(),
  optimizer: z.object({
    paramGroups: z.array(z.record(z.string(), z.unknown())),
    scalars: z.record(z.string(), z.record(z.string(), z.number())),
  }),
});

/**
 * Write a resumable checkpoint into `dir` atomically (a temporary sibling directory renamed into
 * place): model parameters and buffers plus the optimizer's moment buffers in `weights.safetensors`,
 * the epoch, history, early-stopping and scheduler state in `checkpoint.json`. `best` (the best
 * epoch's weights, when kept) goes to `best.safetensors`.
 * @example saveCheckpoint('ckpt', model, optimizer, { epoch: 4, logs, stopper: null, scheduler: null });
 */
export function saveCheckpoint(dir: string, model: AnyModule, optimizer: Optimizer, state: TrainingCheckpoint, best?: Map<string, Float32Array>): void {
  const opt = optimizer.stateDict();
  const tensors = new Map<string, Tensor>();
  for (const [name, t] of model.stateDict()) tensors.set(`model.${name}`, t);
  const scalars: Record<string, Record<string, number>> = {};
  for (const [id, s] of Object.entries(opt.state)) {
    for (const [key, value] of Object.entries(s)) {
      if (typeof value === 'number') (scalars[id] ??= {})[key] = value;
      else tensors.set(`optimizer.${id}.${key}`, new Tensor(value, [value.length]));
    }
  }
  const json = {
    format: 'clinreg.checkpoint', version: 1, epoch: state.epoch, logs: state.logs,
    stopper: state.stopper === null ? null : { ...state.stopper }, scheduler: state.scheduler,
    optimizer: { paramGroups: opt.paramGroups, scalars },
  };
  replaceDirAtomic(dir, (tmp) => {
    writeSafetensors(join(tmp, WEIGHTS), tensors);
    if (best !== undefined) writeSafetensors(join(tmp, BEST), new Map([...best].map(([k, v]) => [k, new Tensor(v, [v.length])])));
    else if (existsSync(join(dir, BEST))) copyFileSync(join(dir, BEST), join(tmp, BEST));
    writeFileAtomicSync(join(tmp, STATE), JSON.stringify(json));
  });
}

/**
 * Restore model, optimizer and training state from a checkpoint directory written by
 * `saveCheckpoint` (or by `fit`'s `checkpointDir`). Returns the saved state and the best weights
 * (flat copies by state-dict name), if any.
 * @throws ModelFormatError for a missing or invalid checkpoint, or one that does not fit the model/optimizer.
 * @example const { state } = loadCheckpoint('ckpt', model, optimizer);
 */
export function loadCheckpoint(dir: string, model: AnyModule, optimizer: Optimizer): { state: TrainingCheckpoint; best: Map<string, Float32Array> | undefined } {
  const statePath = join(dir, STATE);
  // A regular file within the model.json limit (fstat before reading: no pipe, device or huge file).
  const raw = readRegularFile(statePath, MAX_MODEL_JSON_BYTES);
  if (raw === null) throw new ModelFormatError(`${statePath}: missing; not a clinreg checkpoint directory.`);
  let parsed: z.infer<typeof fileSchema>;
  try {
    parsed = fileSchema.parse(JSON.parse(raw.toString('utf8')));
  } catch (e) {
    throw new ModelFormatError(`${statePath}: invalid checkpoint (${(e as Error).message.split('\n')[0]}).`);
  }
  const tensors = readSafetensors(join(dir, WEIGHTS));
  const modelState = new Map<string, Tensor>();
  const optState: Record<number, ParamState> = {};
  for (const [name, t] of tensors) {
    if (name.startsWith('model.')) modelState.set(name.slice(6), t);
    else {
      const [, id, key] = name.split('.');
      (optState[Number(id)] ??= {})[key!] = t.data;
    }
  }
  for (const [id, s] of Object.entries(parsed.optimizer.scalars)) Object.assign((optState[Number(id)] ??= {}), s);
  try {
    model.loadStateDict(modelState, { strict: true });
    optimizer.loadStateDict({ state: optState, paramGroups: parsed.optimizer.paramGroups } as OptimizerStateDict);
  } catch (e) {
    if (e instanceof ClinregError) throw new ModelFormatError(`${dir}: checkpoint does not fit this model/optimizer: ${e.message}`);
    throw e;
  }
  let best: Map<string, Float32Array> | undefined;
  if (existsSync(join(dir, BEST))) best = new Map([...readSafetensors(join(dir, BEST))].map(([k, t]) => [k, t.data]));
  const state: TrainingCheckpoint = {
    epoch: parsed.epoch,
    logs: parsed.logs as EpochLog[],
    stopper: parsed.stopper === null ? null : { best: parsed.stopper.best, bestEpoch: parsed.stopper.bestEpoch, wait: parsed.stopper.wait },
    scheduler: parsed.scheduler,
  };
  return { state, best };
}
