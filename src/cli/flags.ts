import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Severity } from '../index.js';

/** Flags shared by the commands that read a data file (see DESIGN.md "CLI"). */
export interface DataFlags {
  target?: string;
  positive?: string;
  site?: string;
  patient?: string;
  time?: string;
  split?: string;
  categorical?: string[];
  delimiter?: string;
  missing?: string[];
  /** Columns left out of the features. */
  exclude?: string[];
  /** The only feature columns (default: every column without a role). */
  features?: string[];
  /** Row identifier: never a feature; carried into per-row outputs. */
  id?: string;
}

/** Severity threshold of `--fail-on`; `none` never fails on findings. */
export type FailOn = Severity | 'none';

/** Split `a,b` (and repeated flags) into trimmed names, dropping empties. */
export function commaList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];
}

/**
 * Add the column-role flags to a command. `--target` is required when `targetRequired`.
 * @param cmd the command.
 * @param options.target 'required' | 'optional' | 'absent'.
 * @param options.site 'required' | 'optional'.
 */
export function addDataFlags(cmd: Command, options: { target: 'required' | 'optional' | 'absent'; site: 'required' | 'optional' }): Command {
  if (options.target === 'required') cmd.requiredOption('--target <col>', 'binary outcome column');
  else if (options.target === 'optional') cmd.option('--target <col>', 'binary outcome column');
  if (options.target !== 'absent') {
    cmd.option('--positive <rule>', "which target values are events: '>0', '==2', 'yes' or 'yes,true' (default: target must be 0/1)");
  }
  if (options.site === 'required') cmd.requiredOption('--site <col>', 'hospital/site column');
  else cmd.option('--site <col>', 'hospital/site column');
  cmd
    .option('--patient <col>', 'patient identifier column')
    .option('--time <col>', 'date/time column')
    .option('--split <col>', 'column holding a predefined train/test split')
    .option('--categorical <cols>', 'columns to treat as categorical (comma-separated, repeatable)', commaList)
    .option('--exclude <cols>', 'columns to leave out of the features (comma-separated, repeatable)', commaList)
    .option('--features <cols>', 'the feature columns (comma-separated; default: every column without a role)', commaList)
    .option('--id <col>', 'row identifier column: never a feature, written first in per-row outputs')
    .option('--delimiter <char>', 'field delimiter (default: sniffed among , ; and tab)')
    .option('--missing <tokens>', "more cell texts that mean missing (comma-separated; empty cells, NA, NaN and ? always do)", commaList);
  return cmd;
}

/** Add `--json`. */
export function addJsonFlag(cmd: Command): Command {
  return cmd.option('--json', 'print one JSON document on stdout and nothing else');
}

/**
 * Add `--fail-on` (exit 1 when a finding is at least this severe).
 * @param cmd the command.
 * @param byDefault 'critical' for the linters (audit, shift); 'none' for commands whose job is a
 *   result (train, validate): their findings change the exit code only when asked.
 */
export function addFailOnFlag(cmd: Command, byDefault: FailOn): Command {
  return cmd.addOption(
    new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices(['info', 'warning', 'critical', 'none']).default(byDefault),
  );
}

/** Commander parser for a positive integer flag. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError(`Expected a positive integer.`);
  }
  return n;
}

/**
 * Commander parser for an integer count with a documented range (resource bound: a count such as
 * `--epochs 1e9` is refused instead of running for days).
 * @param min smallest accepted value. @param max largest accepted value.
 */
export function intInRange(min: number, max: number): (value: string) => number {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`Expected an integer from ${min} to ${max}.`);
    }
    return n;
  };
}

/** Commander parser for a non-negative integer flag (seeds). */
export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(`Expected a non-negative integer.`);
  }
  return n;
}

/** Commander parser for a rate strictly between 0 and 1. */
export function openUnitRate(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n > 0 && n < 1)) throw new InvalidArgumentError(`Expected a number in (0, 1).`);
  return n;
}

/** Most points a `--thresholds` grid may hold (a resource bound on the decision curves). */
const MAX_THRESHOLDS = 1000;

/**
 * Commander parser of `--thresholds`: a range `start:stop:step` (inclusive, e.g. 0.05:0.5:0.05)
 * or a comma list (0.1,0.2,0.3), each threshold in (0, 1), strictly increasing, at most 1000.
 * Range points are rounded to 12 decimals so 0.05:0.5:0.05 gives 0.15, not 0.15000000000000002.
 */
export function thresholdGrid(value: string): number[] {
  const bad = (why: string): never => {
    throw new InvalidArgumentError(`Expected start:stop:step (e.g. 0.05:0.5:0.05) or a comma list (e.g. 0.1,0.2), thresholds in (0, 1) and increasing; ${why}.`);
  };
  const num = (s: string): number => {
    const t = s.trim();
    const n = Number(t);
    if (t === '' || !Number.isFinite(n)) bad(`'${t}' is not a number`);
    return n;
  };
  let grid: number[];
  if (value.includes(':')) {
    const parts = value.split(':');
    if (parts.length !== 3) bad('a range has three parts');
    const [start, stop, step] = parts.map(num) as [number, number, number];
    if (!(step > 0)) bad('the step must be positive');
    if (!(stop >= start)) bad('stop is below start');
    const count = Math.floor((stop - start) / step + 1e-9) + 1;
    if (count > MAX_THRESHOLDS) bad(`the range gives ${count} points (at most ${MAX_THRESHOLDS})`);
    grid = Array.from({ length: count }, (_, i) => Number((start + i * step).toFixed(12)));
  } else {
    grid = value.split(',').map(num);
    if (grid.length > MAX_THRESHOLDS) bad(`${grid.length} thresholds (at most ${MAX_THRESHOLDS})`);
  }
  for (let i = 0; i < grid.length; i++) {
    const t = grid[i]!;
    if (!(t > 0 && t < 1)) bad(`${t} is outside (0, 1)`);
    if (i > 0 && !(t > grid[i - 1]!)) bad(`${t} does not increase`);
  }
  return grid;
}

/** The random-effects flags of train, validate and meta. */
export interface RandomEffectsFlags {
  /** τ² estimator: 'reml' (default) or 'dl' (DerSimonian–Laird). */
  metaMethod: 'reml' | 'dl';
  /** Interval of the summaries: 'hksj' (Hartung–Knapp–Sidik–Jonkman, default) or 'z' (normal). */
  metaCi: 'hksj' | 'z';
}

/** Add `--meta-method reml|dl` and `--meta-ci hksj|z` (random-effects summaries across sites). */
export function addMetaFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option('--meta-method <method>', 'τ² estimator of the random-effects summaries across sites: REML or DerSimonian–Laird').choices(['reml', 'dl']).default('reml'))
    .addOption(new Option('--meta-ci <interval>', 'interval of those summaries: Hartung–Knapp–Sidik–Jonkman (t, k − 1 df) or normal (z)').choices(['hksj', 'z']).default('hksj'));
}

/** The library options (`metaMethod`, `metaTest`) of the random-effects flags. */
export function metaOptions(flags: RandomEffectsFlags): { metaMethod: 'REML' | 'DL'; metaTest: 'knha' | 'z' } {
  return { metaMethod: flags.metaMethod === 'dl' ? 'DL' : 'REML', metaTest: flags.metaCi === 'z' ? 'z' : 'knha' };
}
