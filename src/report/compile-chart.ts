import type { compile as vlCompile, TopLevelSpec } from 'vega-lite';
import type { Spec } from 'vega';
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
