/**
 * Vega's expression code generator with its compiled functions kept by code (internal to
 * render-chart.ts). Every new Vega View compiles each expression of its runtime spec (encoders,
 * signal updates, parameter expressions) with `Function(...)`; the charts of a report repeat the
 * same few hundred expressions (a small `train` report: 1,354 compilations of 180 distinct codes).
 * Here each code is compiled once per thread and every View gets that function bound to its own
 * function context, which is what Vega's generator returns: the same function, the same SVG.
 */
import type * as Vega from 'vega';

/** An expression as Vega's runtime parser passes it to the generator. */
interface Expr {
  code: string;
}

/** A mark's encoder as Vega's runtime parser passes it. */
interface Encode {
  marktype: string;
  channels: Record<string, Expr>;
}

/** Vega's generator: one method per kind of expression, plus the accessor/comparator `codegen`. */
interface Codegen {
  operator(ctx: Context | null, expr: Expr): Compiled;
  parameter(ctx: Context | null, expr: Expr): Compiled;
  event(ctx: Context | null, expr: Expr): Compiled;
  handler(ctx: Context | null, expr: Expr): Compiled;
  encode(ctx: Context | null, encode: Encode): Compiled;
  codegen: unknown;
}

/** The runtime context's part the generator reads: the View's expression functions (`this` of every compiled expression). */
interface Context {
  functions?: object;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- a compiled Vega expression
type Compiled = Function;

/** Codes kept per thread; the cache starts over past this many (expressions carry a chart's numbers). */
const MAX_CODES = 4096;

let cached: Codegen | undefined;

/**
 * The `expr` option of `new vega.View(runtime, { expr })`: Vega's own generator (the default of
 * `vega.runtimeContext`), each kind of expression compiled once per code. An expression is
 * compiled unbound (no context) and bound to the calling View's functions, as Vega binds it; a
 * context without functions (not a View's) gets Vega's compilation unchanged.
 */
export function cachingExpressionCodegen(vega: typeof Vega): Codegen {
  if (cached !== undefined) return cached;
  const runtimeContext = (vega as unknown as { runtimeContext(df: object, transforms: object, functions?: object): { expr: Codegen } }).runtimeContext;
  const own = runtimeContext({ events: () => undefined }, {}).expr;
  const compiled = new Map<string, Compiled>();
  const memo = <T>(kind: keyof Codegen, key: (x: T) => string, make: (x: T) => Compiled) => (ctx: Context | null, x: T): Compiled => {
    if (ctx?.functions === undefined) return (own[kind] as (c: Context | null, x: T) => Compiled)(ctx, x);
    const k = `${kind}\u0000${key(x)}`;
    let fn = compiled.get(k);
    if (fn === undefined) {
      if (compiled.size >= MAX_CODES) compiled.clear();
      compiled.set(k, (fn = make(x)));
    }
    return fn.bind(ctx.functions);
  };
  const code = (e: Expr): string => e.code;
  // An encoder's code is made from its mark type, its channels' names (in order) and their codes.
  const encodeKey = (e: Encode): string => {
    let k = e.marktype;
    for (const name in e.channels) k += `\u0000${name}\u0000${e.channels[name]!.code}`;
    return k;
  };
  cached = {
    ...own,
    operator: memo<Expr>('operator', code, (e) => own.operator(null, e)),
    parameter: memo<Expr>('parameter', code, (e) => own.parameter(null, e)),
    event: memo<Expr>('event', code, (e) => own.event(null, e)),
    handler: memo<Expr>('handler', code, (e) => own.handler(null, e)),
    encode: memo<Encode>('encode', encodeKey, (e) => own.encode(null, e)),
  };
  return cached;
}
