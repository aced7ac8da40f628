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
    .option('--missing <tokens>', "cell texts meaning missing (comma-separated; default '', NA, NaN, ?)", commaList);
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
