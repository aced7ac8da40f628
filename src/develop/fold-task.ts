import type { Schema } from '../data/schema.js';
import { Table, type Column } from '../data/table.js';
import type { TensorModule } from '../nn/index.js';
import { buildModel, buildTransformer, type RegularisationConfig } from '../recommend/index.js';
import { runFold, type FoldOutcome, type FoldSpec, type LabelledRows } from '../validate/fold-engine.js';
import type { FitSettings } from '../validate/fit-rows.js';

/**
 * A model described as data, so another thread can build it: the recommended MLP or tabular
 * Transformer of a regularisation config (what `developModel` and the CLI build). A user's
 * model-builder closure cannot cross threads; folds of such a model run on the calling thread.
 */
export interface ModelSpec {
  arch: 'mlp' | 'transformer';
  config: RegularisationConfig;
}

/** A fresh model of a {@link ModelSpec} for `nFeatures` inputs (the seed MLP or Transformer). */
export function buildFromSpec(spec: ModelSpec, nFeatures: number): TensorModule {
  return spec.arch === 'transformer' ? buildTransformer(spec.config, nFeatures) : buildModel(spec.config, nFeatures);
}

/**
 * A table as it crosses to a worker thread: its columns copied once into shared memory
 * (SharedArrayBuffer), so every task that names it shares the bytes instead of copying them.
 */
export interface SharedTable {
  /** Identifies the table within the sending process (a worker rebuilds it once per id). */
  id: string;
  columns: [string, Column][];
  source?: string;
  fileRows: Int32Array;
}

let nextTableId = 0;

/** The table's columns in shared memory (one copy), with its source and file rows. */
export function shareTable(table: Table): SharedTable {
  const columns = table.columnNames.map((name): [string, Column] => {
    const col = table.column(name);
    return [name, col.kind === 'categorical' ? { kind: 'categorical', codes: shared(col.codes), levels: [...col.levels] } : { kind: col.kind, values: shared(col.values) }];
  });
  const fileRows = shared(Int32Array.from({ length: table.nRows }, (_, i) => table.fileRow(i)));
  return { id: `${process.pid}-${nextTableId++}`, columns, ...(table.source !== undefined ? { source: table.source } : {}), fileRows };
}

function shared<A extends Float64Array | Int32Array>(a: A): A {
  const out = (a instanceof Float64Array ? new Float64Array(new SharedArrayBuffer(a.byteLength)) : new Int32Array(new SharedArrayBuffer(a.byteLength))) as A;
  out.set(a);
  return out;
}

const tables = new Map<string, Table>();

/** The Table of a {@link SharedTable}, built once per id in this thread (the last 4 are kept). */
export function tableOf(shared: SharedTable): Table {
  const hit = tables.get(shared.id);
  if (hit !== undefined) return hit;
  const table = new Table(new Map(shared.columns), { ...(shared.source !== undefined ? { source: shared.source } : {}), fileRows: shared.fileRows });
  if (tables.size >= 4) tables.delete(tables.keys().next().value!);
  tables.set(shared.id, table);
  return table;
}

/** Training settings that cross threads: `FitSettings` without the augmentation function, progress off. */
export type FoldTaskSettings = Omit<FitSettings, 'augment' | 'progress'> & { excludeFromDevelopment?: Int32Array };

/** One validation fold to run on a worker thread: everything `runFold` needs, as plain data. */
export interface FoldTask {
  kind: 'fold';
  table: SharedTable;
  schema: Schema;
  data: LabelledRows;
  spec: FoldSpec;
  /** The fold's position in the scheme (its model seed is `seed + index`, as in the serial run). */
  index: number;
  model: ModelSpec;
  settings: FoldTaskSettings;
}

/**
 * Run one fold task: `runFold` with the model built from its spec. The seeds come from the task
 * (model `seed + index`, inner split `seed`), so the outcome equals the serial run's fold bit for bit.
 * @param table the task's table when this thread already holds it (default: the one its SharedTable makes).
 */
export function runFoldTask(task: FoldTask, table: Table = tableOf(task.table)): FoldOutcome {
  return runFold((n) => buildFromSpec(task.model, n), table, task.schema, task.data, task.spec, task.index, task.settings);
}
