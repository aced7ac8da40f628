import { ValueError } from '../errors.js';

/** Result of a maximum-likelihood logistic regression fit (R `glm(family = binomial)`). */
export interface LogisticGlmFit {
  /** Coefficients, one per design column. */
  coef: Float64Array;
  /** Standard errors from the inverse observed information at the optimum. */
  se: Float64Array;
  /** Log-likelihood Σ y·log p + (1−y)·log(1−p) at the optimum. */
  logLik: number;
  /** Newton iterations used. */
  iterations: number;
  /** Whether the coefficient change fell below the tolerance (false: separation or no optimum). */
  converged: boolean;
}

/** Options of {@link fitLogisticGlm}. */
export interface LogisticGlmOptions {
  /** Known per-row offset added to the linear predictor (R `offset()`). Default none. */
  offset?: ArrayLike<number>;
  /** Maximum Newton iterations. Default 100. */
  maxIter?: number;
  /** Stop when the largest coefficient change is below this. Default 1e-12. */
  tol?: number;
  /** Ridge penalty ½·λ·‖β − center‖² on the coefficients (not on column 0 when `unpenalisedFirst`). Default 0. */
  ridge?: number;
  /** Centre of the ridge penalty. Default all zeros. */
  ridgeCenter?: ArrayLike<number>;
  /** Leave the first coefficient (intercept) out of the penalty. Default true. */
  unpenalisedFirst?: boolean;
  /**
   * Starting coefficients (length p). Default all zeros. A start near the optimum saves Newton
   * steps; the optimum is the same to the tolerance.
   */
  start?: ArrayLike<number>;
}

/**
 * Logistic regression by Newton–Raphson (= IRLS, as R `glm`), in float64, with an optional offset
 * and ridge penalty: maximises Σ y log p + (1 − y) log(1 − p) − ½λ‖β − c‖², p = σ(offset + Xβ).
 * Steps are halved while the objective decreases, so the fit is monotone. Without a penalty the
 * result equals R `glm(y ~ X - 1 + offset(o), binomial)` to the tolerance.
 * @param X row-major design, n × p (include a column of ones for an intercept).
 * @param n rows. @param p columns. @param y 0/1 labels, length n.
 * @throws ValueError for mismatched lengths or labels other than 0/1.
 * @example const fit = fitLogisticGlm(Float64Array.from([1, 0.2, 1, -1, 1, 0.7]), 3, 2, [1, 0, 1]);
 */
export function fitLogisticGlm(X: Float64Array, n: number, p: number, y: ArrayLike<number>, options: LogisticGlmOptions = {}): LogisticGlmFit {
  if (X.length !== n * p || y.length !== n) {
    throw new ValueError(`fitLogisticGlm: X must be n × p = ${n} × ${p} and y length n. Received: X.length=${X.length}, y.length=${y.length}.`);
  }
  for (let i = 0; i < n; i++) if (y[i] !== 0 && y[i] !== 1) throw new ValueError(`fitLogisticGlm: y must be 0/1. Received: y[${i}]=${y[i]}.`);
  const offset = options.offset;
  if (offset !== undefined && offset.length !== n) throw new ValueError(`fitLogisticGlm: offset must have length n=${n}. Received: ${offset.length}.`);
  const maxIter = options.maxIter ?? 100;
  const tol = options.tol ?? 1e-12;
  const lambda = options.ridge ?? 0;
  const center = options.ridgeCenter ?? new Float64Array(p);
  const from = (options.unpenalisedFirst ?? true) ? 1 : 0;
  const beta = new Float64Array(p);
  if (options.start !== undefined) {
    if (options.start.length !== p) throw new ValueError(`fitLogisticGlm: start must have length p=${p}. Received: ${options.start.length}.`);
    for (let j = 0; j < p; j++) {
      if (!Number.isFinite(options.start[j]!)) throw new ValueError(`fitLogisticGlm: start must be finite. Received: start[${j}]=${options.start[j]}.`);
      beta[j] = options.start[j]!;
    }
  }
  // σ(offset + Xβ) for the coefficients last evaluated (the accepted ones: a line search ends on
  // the step it takes), so gradient and Hessian need no second exp per row.
  const mu = new Float64Array(n);
  let logLik = 0;
  const objective = (b: Float64Array): number => {
    logLik = logLikelihood(X, n, p, y, b, offset, mu);
    let ll = logLik;
    for (let j = from; j < p; j++) ll -= 0.5 * lambda * (b[j]! - center[j]!) ** 2;
    return ll;
  };
  let current = objective(beta);
  let converged = false;
  let iterations = 0;
  const H = new Float64Array(p * p);
  const g = new Float64Array(p);
  const trial = new Float64Array(p);
  for (; iterations < maxIter && !converged; iterations++) {
    gradientHessian(X, n, p, y, mu, g, H);
    for (let j = from; j < p; j++) {
      g[j] = g[j]! - lambda * (beta[j]! - center[j]!);
      H[j * p + j] = H[j * p + j]! + lambda;
    }
    const step = solveSpd(H, g, p);
    if (step === null) break;
    let t = 1;
    let next = -Infinity;
    for (let h = 0; h < 60; h++, t /= 2) {
      for (let j = 0; j < p; j++) trial[j] = beta[j]! + t * step[j]!;
      next = objective(trial);
      if (next >= current - 1e-12 * Math.abs(current)) break;
    }
    let change = 0;
    for (let j = 0; j < p; j++) change = Math.max(change, Math.abs(trial[j]! - beta[j]!));
    beta.set(trial);
    current = next;
    if (change < tol) converged = true;
  }
  gradientHessian(X, n, p, y, mu, g, H);
  for (let j = from; j < p; j++) H[j * p + j] = H[j * p + j]! + lambda;
  const se = new Float64Array(p).fill(Number.NaN);
  for (let j = 0; j < p; j++) {
    const e = new Float64Array(p);
    e[j] = 1;
    const col = solveSpd(H, e, p);
    if (col !== null) se[j] = Math.sqrt(col[j]!);
  }
  return { coef: beta, se, logLik, iterations, converged };
}

/**
 * Σ y log p + (1 − y) log(1 − p) for p = σ(offset + Xβ); fills `mu` with p. One exp per row
 * serves both: with t = exp(−|e|), σ(e) = 1/(1 + t) or t/(1 + t) and log P(y | e) = −log1p(t) or
 * −|e| − log1p(t) — the same operations, so the same bits, as {@link bernoulliLogLik} and σ each
 * computed on their own.
 */
function logLikelihood(X: Float64Array, n: number, p: number, y: ArrayLike<number>, beta: Float64Array, offset: ArrayLike<number> | undefined, mu: Float64Array): number {
  let ll = 0;
  // One and two columns (an intercept, a recalibration) unrolled: the same sums in the same order.
  const b0 = beta[0]!;
  const b1 = p > 1 ? beta[1]! : 0;
  for (let i = 0; i < n; i++) {
    let e = offset === undefined ? 0 : offset[i]!;
    if (p === 1) e += X[i]! * b0;
    else if (p === 2) {
      e += X[2 * i]! * b0;
      e += X[2 * i + 1]! * b1;
    } else for (let j = 0; j < p; j++) e += X[i * p + j]! * beta[j]!;
    const t = Math.exp(-Math.abs(e));
    mu[i] = e >= 0 ? 1 / (1 + t) : t / (1 + t);
    // z = e for y = 1, −e for y = 0: z ≥ 0 gives −log1p(exp(−z)), else z − log1p(exp(z)); exp(∓z) is t either way.
    const z = y[i] === 1 ? e : -e;
    ll += z >= 0 ? -Math.log1p(t) : z - Math.log1p(t);
  }
  return ll;
}

/** log P(y | logit e) computed without overflow: −log(1 + exp(∓e)). */
export function bernoulliLogLik(y: number, e: number): number {
  const z = y === 1 ? e : -e;
  return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
}

/** Gradient X'(y − μ) and Hessian X'WX (W = μ(1 − μ)) of the log-likelihood, given μ per row. */
function gradientHessian(X: Float64Array, n: number, p: number, y: ArrayLike<number>, mu: Float64Array, g: Float64Array, H: Float64Array): void {
  if (p === 1 || p === 2) return gradientHessianSmall(X, n, p, y, mu, g, H);
  g.fill(0);
  H.fill(0);
  for (let i = 0; i < n; i++) {
    const m = mu[i]!;
    const w = m * (1 - m);
    const r = y[i]! - m;
    for (let j = 0; j < p; j++) {
      const xij = X[i * p + j]!;
      g[j] = g[j]! + xij * r;
      for (let k = 0; k <= j; k++) H[j * p + k] = H[j * p + k]! + w * xij * X[i * p + k]!;
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) H[k * p + j] = H[j * p + k]!;
}

/** {@link gradientHessian} for one or two columns, the sums in locals: the same terms added in the same order. */
function gradientHessianSmall(X: Float64Array, n: number, p: 1 | 2, y: ArrayLike<number>, mu: Float64Array, g: Float64Array, H: Float64Array): void {
  let g0 = 0;
  let g1 = 0;
  let h00 = 0;
  let h10 = 0;
  let h11 = 0;
  for (let i = 0; i < n; i++) {
    const m = mu[i]!;
    const w = m * (1 - m);
    const r = y[i]! - m;
    const x0 = X[i * p]!;
    g0 += x0 * r;
    h00 += w * x0 * x0;
    if (p === 2) {
      const x1 = X[i * 2 + 1]!;
      g1 += x1 * r;
      h10 += w * x1 * x0;
      h11 += w * x1 * x1;
    }
  }
  g[0] = g0;
  H[0] = h00;
  if (p === 2) {
    g[1] = g1;
    H[1] = h10;
    H[2] = h10;
    H[3] = h11;
  }
}

/** Solve H x = b for symmetric positive-definite H by Cholesky; null when H is not positive definite. */
function solveSpd(H: Float64Array, b: ArrayLike<number>, p: number): Float64Array | null {
  const L = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let d = H[j * p + j]!;
    for (let k = 0; k < j; k++) d -= L[j * p + k]! ** 2;
    if (!(d > 1e-300)) return null;
    const ljj = Math.sqrt(d);
    L[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = H[i * p + j]!;
      for (let k = 0; k < j; k++) s -= L[i * p + k]! * L[j * p + k]!;
      L[i * p + j] = s / ljj;
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * p + k]! * z[k]!;
    z[i] = s / L[i * p + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < p; k++) s -= L[k * p + i]! * x[k]!;
    x[i] = s / L[i * p + i]!;
  }
  return x;
}
