import type { compile as vlCompile, TopLevelSpec } from 'vega-lite';
import type { Runtime, Spec } from 'vega';
import { ValueError } from '../errors.js';
import { StructureCache } from './chart-structure.js';
import { fillNumbers, LIFT_LEVELS, liftNumbers, sentinelsIntact, type LiftLevel } from './chart-template.js';

type VlLogger = NonNullable<NonNullable<Parameters<typeof vlCompile>[1]>['logger']>;

// Vega-Lite reports spec problems through a logger that defaults to the console; the CLI's stdout
// must stay clean (`--json`), so warnings are dropped and errors become exceptions.
function quietLogger(): VlLogger {
  let lvl = 0;
  const logger: VlLogger = {
    level(value?: number) {
      if (value === undefined) return lvl as never;
      lvl = value;
      return logger as never;
    },
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
    error: (...args: readonly unknown[]) => {
      throw new ValueError(`renderChart: Vega-Lite rejected the chart: ${args.map(String).join(' ')}`);
    },
  } as VlLogger;
  return logger;
}

/** Compile a Vega-Lite spec to Vega (Vega-Lite loads on first use). */
export async function compileVegaLite(spec: Record<string, unknown>): Promise<Spec> {
  const { compile } = await import('vega-lite');
  return compile(spec as unknown as TopLevelSpec, { logger: quietLogger() }).spec;
}

/** Where a Vega spec came from: compiled ahead (shipped) or compiled in this process. */
export type VegaSource = 'ahead' | 'compiled';

// Templates compiled in this process (null: its sentinels did not come through, see chart-template.ts).
const compiled = new StructureCache<Spec | null>(64);

/**
 * The Vega spec of a Vega-Lite structure from its template: compiled ahead of time
 * (vega-templates.ts; then no Vega-Lite in the process at all) or compiled here once per template,
 * with the structure's own numbers filled in; the structure itself when its numbers cannot be
 * lifted (see chart-template.ts). The result equals
 * `compileVegaLite(structure)` as JSON (test/report/vega-templates.test.ts).
 * @param structure a Vega-Lite spec (plain JSON).
 */
export async function vegaSpecOf(structure: Record<string, unknown>): Promise<{ spec: Spec; source: VegaSource; level: LiftLevel }> {
  const { VEGA_TEMPLATES } = await import('./vega-templates.js');
  const lifted = LIFT_LEVELS.map((level) => ({ level, ...liftNumbers(structure, level) }));
  for (const { level, template, values } of lifted) {
    const ahead = VEGA_TEMPLATES.get(JSON.stringify(template));
    if (ahead !== undefined) return { spec: fillNumbers(ahead as Spec, values), source: 'ahead', level };
  }
  for (const { level, template, values } of lifted) {
    const key = JSON.stringify(template);
    let vega = compiled.peek(key);
    if (vega === undefined) {
      const made = await compileVegaLite(template);
      vega = compiled.get(key, () => (sentinelsIntact(made, values) ? made : null));
    }
    if (vega !== null) return { spec: fillNumbers(vega, values), source: 'compiled', level };
  }
  throw new Error('vegaSpecOf: unreachable (the structure itself is always intact)');
}

/**
 * A Vega runtime spec (`vega.parse`'s output) as plain JSON, with the names `vega.parse` gives
 * anonymous data sets (`_:vega:_N`, numbered by a process-wide counter) renumbered from 0 in order
 * of first appearance: the same template gives the same JSON in any process. The names are local to
 * a View (the SVG does not depend on them).
 */
export function portableRuntime(runtime: Runtime): object {
  const names = new Map<string, string>();
  const text = JSON.stringify(runtime).replace(/_:vega:_\d+/g, (name) => {
    let renamed = names.get(name);
    if (renamed === undefined) names.set(name, (renamed = `_:vega:_${names.size}`));
    return renamed;
  });
  return JSON.parse(text) as object;
}

/**
 * {@link fillNumbers} on JSON text: every number token written as a sentinel (`1e-200`, `-2e-200`,
 * `1.2e-199`, …) replaced by its value's JSON. Only for text whose strings hold no sentinel-like
 * number, which the runtimes shipped are checked for (sentinelsIntact).
 */
function fillNumbersInJson(text: string, values: ReadonlyMap<number, number>): string {
  if (values.size === 0) return text;
  return text.replace(/-?\d+(?:\.\d+)?e-(?:19\d|20\d)/g, (token) => {
    const value = values.get(Number(token));
    return value === undefined ? token : JSON.stringify(value);
  });
}

/** Where a runtime spec came from: parsed ahead of time (shipped) or parsed in this process. */
export type RuntimeSource = 'ahead' | 'parsed';

/**
 * The Vega runtime spec of a Vega-Lite structure: parsed ahead of time from its template
 * (vega-runtimes.ts; then Vega's parser never runs in the process: ~0.2–0.3 s of a cold report's
 * charts) with the structure's own numbers filled in, or `vega.parse` of {@link vegaSpecOf} (for a
 * structure without a template, and with a Vega release other than the one that parsed them).
 * A View of either draws the same SVG (test/report/vega-templates.test.ts).
 * @param structure a Vega-Lite spec (plain JSON).
 */
export async function vegaRuntimeOf(structure: Record<string, unknown>): Promise<{ runtime: Runtime; source: RuntimeSource }> {
  const [{ VEGA_RUNTIMES, VEGA_RUNTIMES_VERSION }, vega] = await Promise.all([import('./vega-runtimes.js'), import('vega')]);
  // A runtime spec is Vega's internal format: another Vega release (a newer one within the
  // dependency range) parses each chart itself.
  for (const level of vega.version === VEGA_RUNTIMES_VERSION ? LIFT_LEVELS : []) {
    const { template, values } = liftNumbers(structure, level);
    const key = JSON.stringify(template);
    const text = VEGA_RUNTIMES.get(key);
    if (text === undefined) continue;
    // Filled as JSON text: a runtime is ~40 KB of JSON, which JSON.parse copies faster than a walk.
    return { runtime: JSON.parse(fillNumbersInJson(text, values)) as Runtime, source: 'ahead' };
  }
  return { runtime: vega.parse((await vegaSpecOf(structure)).spec), source: 'parsed' };
}
