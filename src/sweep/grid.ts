import { ValueError } from '../errors.js';

/**
 * One configuration of a sweep: every training setting a fold's fit reads (`validate.fitOnRows`'
 * recipe with the regularised MLP of `recommend.buildMlp`), fully resolved, plain JSON data.
 */
export interface SweepConfig {
  /** Hidden layer widths of the MLP (`buildMlp`'s hiddenSizes). */
  hiddenSizes: number[];
  /** Dropout after every hidden block, in [0, 1). */
  dropout: number;
  /** AdamW decoupled weight decay, ≥ 0. */
  weightDecay: number;
  /** AdamW learning rate, > 0. */
  lr: number;
  /** Label smoothing of the training targets, in [0, 1). */
  labelSmoothing: number;
  /** Maximum epochs (early stopping usually ends sooner), 1–10000. */
  epochs: number;
  /** Mini-batch size, ≥ 1. */
  batchSize: number;
  /** Early-stopping patience in epochs, ≥ 1. */
  patience: number;
}

/** The values to try for some settings; settings left out keep the base configuration's value. */
export type SweepGrid = { [K in keyof SweepConfig]?: SweepConfig[K][] };

/** Settings a grid may vary, in {@link SweepConfig} order. */
export const SWEEP_SETTINGS: readonly (keyof SweepConfig)[] = ['hiddenSizes', 'dropout', 'weightDecay', 'lr', 'labelSmoothing', 'epochs', 'batchSize', 'patience'];

type Check = (v: number) => boolean;
const NUMERIC: Record<Exclude<keyof SweepConfig, 'hiddenSizes'>, { ok: Check; expected: string }> = {
  dropout: { ok: (v) => v >= 0 && v < 1, expected: 'a rate in [0, 1)' },
  weightDecay: { ok: (v) => v >= 0, expected: 'a number ≥ 0' },
  lr: { ok: (v) => v > 0, expected: 'a number > 0' },
  labelSmoothing: { ok: (v) => v >= 0 && v < 1, expected: 'a number in [0, 1)' },
  epochs: { ok: (v) => Number.isInteger(v) && v >= 1 && v <= 10_000, expected: 'an integer from 1 to 10000' },
  batchSize: { ok: (v) => Number.isInteger(v) && v >= 1 && v <= 1_000_000, expected: 'a positive integer' },
  patience: { ok: (v) => Number.isInteger(v) && v >= 1 && v <= 10_000, expected: 'an integer from 1 to 10000' },
};

/** Most configurations a grid may expand to (a resource bound: a typo must not queue a million fits). */
export const MAX_CONFIGURATIONS = 1000;

/**
 * Parse grid terms `name=v1,v2,…` (the CLI's `--grid dropout=0.1,0.3 weightDecay=1e-4,1e-3`) into a
 * {@link SweepGrid}. Names are {@link SWEEP_SETTINGS}; numbers are plain decimals or exponent
 * notation; hidden sizes are widths joined by `x` (`hiddenSizes=64x32,32`). Order is kept: the
 * last setting varies fastest in {@link expandGrid}.
 * @param terms the terms, one setting each.
 * @param who the caller's name for messages (the CLI passes `--grid`). Default 'parseGrid'.
 * @throws ValueError naming `who`, the term and what was expected: no `=`, an unknown or repeated
 *   setting, an empty or non-numeric value, a value out of range, a repeated value.
 * @example parseGrid(['dropout=0.1,0.3', 'hiddenSizes=64x32,32']); // { dropout: [0.1, 0.3], hiddenSizes: [[64, 32], [32]] }
 */
export function parseGrid(terms: readonly string[], who = 'parseGrid'): SweepGrid {
  const grid: SweepGrid = {};
  const fail = (term: string, what: string): never => {
    throw new ValueError(`${who}: ${what}. Received: '${term}'. Fix: write name=v1,v2 with name one of ${SWEEP_SETTINGS.join(', ')} (hidden sizes as 64x32).`);
  };
  if (terms.length === 0) throw new ValueError(`${who}: needs at least one setting. Received: none. Fix: e.g. ${who === '--grid' ? '--grid ' : ''}dropout=0.1,0.3.`);
  for (const term of terms) {
    const eq = term.indexOf('=');
    if (eq <= 0) fail(term, 'each term is name=v1,v2,…');
    const name = term.slice(0, eq).trim() as keyof SweepConfig;
    if (!SWEEP_SETTINGS.includes(name)) fail(term, `unknown setting '${name}'`);
    if (grid[name] !== undefined) fail(term, `setting '${name}' given twice`);
    const texts = term.slice(eq + 1).split(',').map((s) => s.trim());
    if (texts.some((t) => t === '')) fail(term, `'${name}' has an empty value`);
    if (name === 'hiddenSizes') {
      const sizes = texts.map((t) => t.split('x').map((w) => (/^\d+$/.test(w) && Number(w) >= 1 && Number(w) <= 65_536 ? Number(w) : fail(term, `hidden sizes are widths 1–65536 joined by x, e.g. 64x32`))));
      if (new Set(texts).size !== texts.length) fail(term, `'${name}' repeats a value`);
      grid.hiddenSizes = sizes;
    } else {
      const { ok, expected } = NUMERIC[name];
      const values = texts.map((t) => {
        const v = /^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : NaN;
        return Number.isFinite(v) && ok(v) ? v : fail(term, `'${name}' must be ${expected}`);
      });
      if (new Set(values).size !== values.length) fail(term, `'${name}' repeats a value`);
      grid[name] = values;
    }
  }
  const count = Object.values(grid).reduce((a, v) => a * (v as unknown[]).length, 1);
  if (count > MAX_CONFIGURATIONS) {
    throw new ValueError(`${who}: the grid makes ${count} configurations; at most ${MAX_CONFIGURATIONS}. Fix: fewer values per setting.`);
  }
  return grid;
}

/**
 * Every configuration of a grid over a base configuration (the cartesian product; the grid's first
 * setting varies slowest, its last fastest). Settings not in the grid keep the base value.
 * @param base the configuration the grid varies (e.g. {@link baseConfig}).
 * @param grid values per setting (e.g. from {@link parseGrid}).
 * @returns at least one configuration (the base alone for an empty grid).
 * @example expandGrid(base, { dropout: [0.1, 0.3], weightDecay: [1e-4] }).length; // 2
 */
export function expandGrid(base: SweepConfig, grid: SweepGrid): SweepConfig[] {
  let configs: SweepConfig[] = [{ ...base, hiddenSizes: [...base.hiddenSizes] }];
  for (const [name, values] of Object.entries(grid) as [keyof SweepConfig, SweepConfig[keyof SweepConfig][]][]) {
    configs = configs.flatMap((c) => values.map((v) => ({ ...c, [name]: Array.isArray(v) ? [...v] : v })));
  }
  return configs;
}

/**
 * A short label of a configuration: the grid's settings only (`dropout=0.3 weightDecay=0.0001`),
 * or 'base' for an empty grid.
 * @param config a configuration. @param grid the grid it came from.
 * @example configLabel(config, { dropout: [0.1, 0.3] }); // 'dropout=0.3'
 */
export function configLabel(config: SweepConfig, grid: SweepGrid): string {
  const names = Object.keys(grid) as (keyof SweepConfig)[];
  if (names.length === 0) return 'base';
  return names.map((n) => `${n}=${n === 'hiddenSizes' ? config.hiddenSizes.join('x') : String(config[n])}`).join(' ');
}
