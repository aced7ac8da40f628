// R's lowess (Cleveland 1979, 1981), ported operation for operation from R's C source
// src/library/stats/src/lowess.c (clowess/lowest), so that results equal R's `lowess()` to
// rounding. Exported from metrics; flexible-calibration uses it as rms::val.prob does.

/** Options of {@link lowess}: R's argument names and defaults. */
export interface LowessOptions {
  /** Smoother span: the fraction of points that influence each fitted value. Default 2/3. */
  f?: number;
  /** Robustifying iterations (0 = none, as rms::val.prob uses). Default 3. */
  iter?: number;
  /** Points closer than delta reuse linear interpolation. Default 0.01·range(x). */
  delta?: number;
}

/**
 * R's `lowess(x, y, f, iter, delta)` (Cleveland 1979): locally weighted linear regression with
 * tricube weights over the nearest ⌊f·n⌋ points and `iter` robustifying bisquare iterations.
 * Returns x sorted ascending (ties keep input order, as R's `order`) and the smoothed y at each;
 * equal to R's output to rounding (test/fixtures/metrics/calibration-r.json).
 * @param x abscissae (e.g. predicted risks); y ordinates (e.g. 0/1 outcomes), same length.
 * @param options f (default 2/3), iter (default 3), delta (default 0.01·range(x)).
 * @example
 * lowess([0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1], { iter: 0 }).y;
 */
export function lowess(x: ArrayLike<number>, y: ArrayLike<number>, options: LowessOptions = {}): { x: Float64Array; y: Float64Array } {
  const r = lowessWithWeights(x, y, options);
  return { x: r.x, y: r.y };
}

/**
 * {@link lowess} plus, at each sorted point, Σⱼ ℓⱼ² of the smoother row that produced it (linearly
 * interpolated for points lowess interpolates), for a pointwise variance of the fitted curve.
 * Internal to metrics.
 */
export function lowessWithWeights(x: ArrayLike<number>, y: ArrayLike<number>, options: LowessOptions = {}): { x: Float64Array; y: Float64Array; sumW2: Float64Array } {
  const n = x.length;
  const xv = Float64Array.from(x);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (xv[a] as number) - (xv[b] as number) || a - b);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = xv[order[i] as number] as number;
    ys[i] = y[order[i] as number] as number;
  }
  const f = options.f ?? 2 / 3;
  const iter = options.iter ?? 3;
  const delta = options.delta ?? 0.01 * (n > 0 ? (xs[n - 1] as number) - (xs[0] as number) : 0);
  const fit = new Float64Array(n);
  const sumW2 = new Float64Array(n);
  clowess(xs, ys, n, f, iter, delta, fit, sumW2);
  return { x: xs, y: fit, sumW2 };
}

/** Weighted local linear fit at xsv over x[nleft..nright] (1-based, as the C code). */
function lowest(
  x: Float64Array, y: Float64Array, n: number, xsv: number, nleft: number, nright: number,
  w: Float64Array, userw: boolean, rw: Float64Array, sw2: { value: number },
): number | null {
  const X = (j: number): number => x[j - 1] as number;
  const range = X(n) - X(1);
  const h = Math.max(xsv - X(nleft), X(nright) - xsv);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  let j = nleft;
  while (j <= n) {
    w[j - 1] = 0;
    const r = Math.abs(X(j) - xsv);
    if (r <= h9) {
      if (r <= h1) w[j - 1] = 1;
      else {
        const q = r / h;
        const t = 1 - q * q * q;
        w[j - 1] = t * t * t;
      }
      if (userw) w[j - 1] = (w[j - 1] as number) * (rw[j - 1] as number);
      a += w[j - 1] as number;
    } else if (X(j) > xsv) break;
    j++;
  }
  const nrt = j - 1;
  if (a <= 0) return null;
  for (j = nleft; j <= nrt; j++) w[j - 1] = (w[j - 1] as number) / a;
  if (h > 0) {
    a = 0;
    for (j = nleft; j <= nrt; j++) a += (w[j - 1] as number) * X(j);
    let b = xsv - a;
    let c = 0;
    for (j = nleft; j <= nrt; j++) c += (w[j - 1] as number) * (X(j) - a) * (X(j) - a);
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (j = nleft; j <= nrt; j++) w[j - 1] = (w[j - 1] as number) * (b * (X(j) - a) + 1);
    }
  }
  let ysv = 0;
  let ss = 0;
  for (j = nleft; j <= nrt; j++) {
    ysv += (w[j - 1] as number) * (y[j - 1] as number);
    ss += (w[j - 1] as number) * (w[j - 1] as number);
  }
  sw2.value = ss;
  return ysv;
}

function clowess(x: Float64Array, y: Float64Array, n: number, f: number, nsteps: number, delta: number, ys: Float64Array, sw2s: Float64Array): void {
  if (n < 2) {
    if (n === 1) {
      ys[0] = y[0] as number;
      sw2s[0] = 1;
    }
    return;
  }
  const sw2 = { value: 1 };
  const res = new Float64Array(n);
  const rw = new Float64Array(n);
  const X = (j: number): number => x[j - 1] as number;
  const ns = Math.max(2, Math.min(n, Math.trunc(f * n + 1e-7)));
  for (let iteration = 1; iteration <= nsteps + 1; iteration++) {
    let nleft = 1;
    let nright = ns;
    let last = 0;
    let i = 1;
    for (;;) {
      if (nright < n) {
        const d1 = X(i) - X(nleft);
        const d2 = X(nright + 1) - X(i);
        if (d1 > d2) {
          nleft++;
          nright++;
          continue;
        }
      }
      sw2.value = 1;
      const fitted = lowest(x, y, n, X(i), nleft, nright, res, iteration > 1, rw, sw2);
      ys[i - 1] = fitted === null ? (y[i - 1] as number) : fitted;
      sw2s[i - 1] = sw2.value;
      if (last < i - 1) {
        const denom = X(i) - X(last);
        for (let j = last + 1; j < i; j++) {
          const alpha = (X(j) - X(last)) / denom;
          ys[j - 1] = alpha * (ys[i - 1] as number) + (1 - alpha) * (ys[last - 1] as number);
          sw2s[j - 1] = alpha * (sw2s[i - 1] as number) + (1 - alpha) * (sw2s[last - 1] as number);
        }
      }
      last = i;
      const cut = X(last) + delta;
      for (i = last + 1; i <= n; i++) {
        if (X(i) > cut) break;
        if (X(i) === X(last)) {
          ys[i - 1] = ys[last - 1] as number;
          sw2s[i - 1] = sw2s[last - 1] as number;
          last = i;
        }
      }
      i = Math.max(last + 1, i - 1);
      if (last >= n) break;
    }
    for (let k = 0; k < n; k++) res[k] = (y[k] as number) - (ys[k] as number);
    if (iteration > nsteps) break;
    let sc = 0;
    for (let k = 0; k < n; k++) sc += Math.abs(res[k] as number);
    sc /= n;
    for (let k = 0; k < n; k++) rw[k] = Math.abs(res[k] as number);
    const sorted = Float64Array.from(rw).sort();
    const m1 = Math.trunc(n / 2);
    const cmad = n % 2 === 0 ? 3 * ((sorted[m1] as number) + (sorted[n - m1 - 1] as number)) : 6 * (sorted[m1] as number);
    if (cmad < 1e-7 * sc) break;
    const c9 = 0.999 * cmad;
    const c1 = 0.001 * cmad;
    for (let k = 0; k < n; k++) {
      const r = Math.abs(res[k] as number);
      if (r <= c1) rw[k] = 1;
      else if (r <= c9) {
        const q = r / cmad;
        rw[k] = (1 - q * q) * (1 - q * q);
      } else rw[k] = 0;
    }
  }
}
