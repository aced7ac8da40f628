import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vega from 'vega';
import { cachingExpressionCodegen } from '../../src/report/vega-expressions.js';

/** Vega's own generator, as a runtime context without `expr` gets it. */
const own = (vega as unknown as { runtimeContext(df: object, transforms: object): { expr: Record<string, (ctx: unknown, e: unknown) => (...a: unknown[]) => unknown> } }).runtimeContext({ events: () => undefined }, {}).expr;

test('an expression compiled once serves every View, bound to that View\'s functions, as Vega binds it', () => {
  const codegen = cachingExpressionCodegen(vega) as unknown as typeof own;
  const code = { code: 'this.scale(datum.x) + _.k' };
  const a = { functions: { scale: (x: number) => 2 * x } };
  const b = { functions: { scale: (x: number) => x - 1 } };
  const fa = codegen.parameter!(a, code);
  const fb = codegen.parameter!(b, code);
  assert.equal(fa({ x: 5 }, { k: 1 }), 11);
  assert.equal(fb({ x: 5 }, { k: 1 }), 5);
  // Vega's own generator gives the same values.
  assert.equal(own.parameter!(a, code)({ x: 5 }, { k: 1 }), 11);
  assert.equal(own.parameter!(b, code)({ x: 5 }, { k: 1 }), 5);
  // Each call returns a function of its own (Vega sets fields on it), never the cached one.
  assert.notEqual(codegen.parameter!(a, code), fa);
});

test('encoders are told apart by mark type, channel names and codes', () => {
  const codegen = cachingExpressionCodegen(vega) as unknown as typeof own;
  const ctx = { functions: {} };
  const enc = (marktype: string, channels: Record<string, string>) => ({ marktype, channels: Object.fromEntries(Object.entries(channels).map(([k, c]) => [k, { code: c }])) });
  const item = () => ({ datum: { v: 3 } }) as Record<string, unknown>;
  const cases = [enc('rect', { x: 'datum.v', x2: '1' }), enc('text', { x: 'datum.v', x2: '1' }), enc('rule', { x: 'datum.v', x2: '1' }), enc('rect', { x: 'datum.v', width: '1' }), enc('rect', { x: 'datum.v + 1', x2: '1' })];
  const drawn = cases.map((e) => {
    const mine = item();
    const theirs = item();
    codegen.encode!(ctx, e)(mine, {});
    own.encode!(ctx, e)(theirs, {});
    assert.deepEqual(mine, theirs, JSON.stringify(e));
    return mine;
  });
  // Vega's adjustSpatial: a rect's x and x2 are swapped into order, a text's are not, a rule gets no width.
  assert.deepEqual([drawn[0]!.x, drawn[0]!.x2, drawn[0]!.width], [1, 3, 2]);
  assert.deepEqual([drawn[1]!.x, drawn[1]!.x2, drawn[1]!.width], [3, 1, -2]);
  assert.equal(drawn[2]!.width, undefined);
  assert.equal(drawn[4]!.width, 3);
});

test('a context without functions gets Vega\'s own compilation', () => {
  const codegen = cachingExpressionCodegen(vega) as unknown as typeof own;
  const f = codegen.operator!(null, { code: '_.a * 2' });
  assert.equal(f({ a: 4 }), 8);
});
