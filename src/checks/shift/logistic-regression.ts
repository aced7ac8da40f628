/**
 * L2-regularised logistic regression by Newton's method (iteratively reweighted least squares),
 * the domain classifier's model (internal). Minimises
 *   Σᵢ [log(1 + e^{zᵢ}) − yᵢ zᵢ] + (λ/2)‖w‖²,  zᵢ = xᵢ·w + b,
 * i.e. scikit-learn's LogisticRegression(C = 1/λ) objective (the intercept is not penalised).
 * With λ > 0 the objective is strictly convex in w; Newton steps are halved when they do not
 * decrease it, so the iteration always descends. X is column-major (p columns of n values), so
 * every inner loop is a contiguous dot product or axpy.
 */

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Decision values X·w + b for column-major X (column j at j·n); beta = [w..., b]. */
export function decisionFunction(X: Float64Array, n: number, p: number, beta: ArrayLike<number>): Float64Array {
  const out = new Float64Array(n).fill(beta[p]!);
  for (let j = 0; j < p; j++) {
    const w = beta[j]!;
    if (w === 0) continue;
    const base = j * n;
    for (let i = 0; i < n; i++) out[i]! += w * X[base + i]!;
  }
  return out;
}

function objective(z: Float64Array, y: Uint8Array, beta: Float64Array, p: number, lambda: number): number {
  let loss = 0;
  for (let i = 0; i < z.length; i++) loss += softplus(z[i]!) - y[i]! * z[i]!;
  let reg = 0;
  for (let j = 0; j < p; j++) reg += beta[j]! * beta[j]!;
  return loss + 0.5 * lambda * reg;
}

/** Solve the symmetric positive-definite system A x = b (Cholesky on the lower triangle of row-major A, q × q). */
function choleskySolve(A: Float64Array, b: Float64Array, q: number): Float64Array {
  for (let j = 0; j < q; j++) {
    let d = A[j * q + j]!;
    for (let k = 0; k < j; k++) d -= A[j * q + k]! * A[j * q + k]!;
    // The intercept has no ridge; a tiny floor keeps a degenerate system from breaking the solve.
    const ljj = Math.sqrt(Math.max(d, 1e-12));
    A[j * q + j] = ljj;
    for (let i = j + 1; i < q; i++) {
      let s = A[i * q + j]!;
      for (let k = 0; k < j; k++) s -= A[i * q + k]! * A[j * q + k]!;
      A[i * q + j] = s / ljj;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < q; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= A[i * q + k]! * x[k]!;
    x[i] = s / A[i * q + i]!;
  }
  for (let i = q - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < q; k++) s -= A[k * q + i]! * x[k]!;
    x[i] = s / A[i * q + i]!;
  }
  return x;
}

/** Newton system at z: gradient and Hessian (lower triangle, row-major, q = p + 1; the intercept is index p). */
function newtonSystem(X: Float64Array, n: number, p: number, y: Uint8Array, z: Float64Array, beta: Float64Array, lambda: number): { H: Float64Array; g: Float64Array } {
  const q = p + 1;
  const r = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const mu = sigmoid(z[i]!);
    w[i] = mu * (1 - mu);
    r[i] = mu - y[i]!;
  }
  const H = new Float64Array(q * q);
  const g = new Float64Array(q);
  const wx = new Float64Array(n);
  for (let a = 0; a < p; a++) {
    const ba = a * n;
    let ga = 0;
    let ha = 0;
    for (let i = 0; i < n; i++) {
      const x = X[ba + i]!;
      ga += r[i]! * x;
      wx[i] = w[i]! * x;
      ha += wx[i]!;
    }
    g[a] = ga + lambda * beta[a]!;
    H[p * q + a] = ha; // intercept row
    // Four Hessian entries per pass over wx (each still summed over i in order, so the same sums).
    let c = 0;
    for (; c + 3 <= a; c += 4) {
      const b0 = c * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      let h0 = 0;
      let h1 = 0;
      let h2 = 0;
      let h3 = 0;
      for (let i = 0; i < n; i++) {
        const v = wx[i]!;
        h0 += v * X[b0 + i]!;
        h1 += v * X[b1 + i]!;
        h2 += v * X[b2 + i]!;
        h3 += v * X[b3 + i]!;
      }
      H[a * q + c] = h0;
      H[a * q + c + 1] = h1;
      H[a * q + c + 2] = h2;
      H[a * q + c + 3] = h3;
    }
    for (; c <= a; c++) {
      const bc = c * n;
      let h = 0;
      for (let i = 0; i < n; i++) h += wx[i]! * X[bc + i]!;
      H[a * q + c] = h;
    }
    H[a * q + a]! += lambda;
  }
  let gb = 0;
  let hb = 0;
  for (let i = 0; i < n; i++) {
    gb += r[i]!;
    hb += w[i]!;
  }
  g[p] = gb;
  H[p * q + p] = hb;
  return { H, g };
}

/**
 * Fit the model. X: column-major n × p (standardised features), y: 0/1, lambda > 0.
 * @returns beta = [w₁ … w_p, b].
 */
export function fitLogisticL2(X: Float64Array, n: number, p: number, y: Uint8Array, lambda: number, init?: Float64Array, maxIter = 50, tol = 1e-8): Float64Array {
  const q = p + 1;
  let beta = init !== undefined ? Float64Array.from(init) : new Float64Array(q);
  let z = decisionFunction(X, n, p, beta);
  let f = objective(z, y, beta, p, lambda);
  for (let iter = 0; iter < maxIter; iter++) {
    const { H, g } = newtonSystem(X, n, p, y, z, beta, lambda);
    const step = choleskySolve(H, g, q);
    let t = 1;
    let next = beta;
    let zNext = z;
    let fNext = f;
    for (let halving = 0; halving < 30; halving++) {
      next = beta.map((b, j) => b - t * step[j]!);
      zNext = decisionFunction(X, n, p, next);
      fNext = objective(zNext, y, next, p, lambda);
      if (fNext <= f + 1e-12 * Math.abs(f)) break;
      t /= 2;
    }
    let maxStep = 0;
    for (let j = 0; j < q; j++) maxStep = Math.max(maxStep, Math.abs(t * step[j]!));
    beta = next;
    z = zNext;
    const decrease = f - fNext;
    f = fNext;
    if (maxStep < tol || decrease <= 1e-12 * Math.max(1, Math.abs(f))) break;
  }
  return beta;
}
