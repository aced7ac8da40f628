import { ValueError } from '../errors.js';
import { normalPpf } from '../stats/normal.js';
import { studentTQuantile } from '../stats/student-t.js';
import type { StudyEstimate } from './heterogeneity.js';

/** τ² estimator: restricted maximum likelihood (default) or DerSimonian–Laird. */
export type TauMethod = 'REML' | 'DL';

/** Options of {@link randomEffects}. */
export interface RandomEffectsOptions {
  /** τ² estimator. Default 'REML'. */
  method?: TauMethod;
  /**
   * 'knha' (default): Hartung–Knapp–Sidik–Jonkman — the variance of the pooled estimate is
   * multiplied by s² = Σwᵢ(θᵢ − θ̂)²/(k − 1) (not truncated at 1, as metafor's `test = "knha"`)
   * and intervals use t with k − 1 df. 'z': the normal Wald interval.
   */
  test?: 'knha' | 'z';
  /** Confidence level. Default 0.95. */
  level?: number;
}

/** A random-effects summary, equal to metafor's `rma()` and `predict()`. */
export interface RandomEffects {
  method: TauMethod;
  test: 'knha' | 'z';
  k: number;
  /** Pooled estimate (analysis scale) and its standard error (HKSJ-adjusted under 'knha'). */
  estimate: number;
  se: number;
  ci: [number, number];
  tau2: number;
  /** I² in [0, 1]: τ²/(τ² + s̃²), s̃² the typical within-study variance (Higgins & Thompson 2002; metafor). */
  i2: number;
  /** Cochran's Q. */
  q: number;
  /**
   * Where the effect of a new site is expected to fall, as metafor's `predict()`:
   * estimate ± c·√(se² + τ²) with c = t_{k−1} under 'knha' (se the adjusted SE) and the normal
   * quantile under 'z'. (Higgins et al. 2009 use t_{k−2} with the unadjusted SE; with fewer than
   * 5 sites either interval is unreliable — van Leeuwen et al. 2025.)
   */
  predictionInterval: [number, number];
  /**
   * Set when k < 5 (intervals from so few sites are unreliable) and, under 'knha', when the
   * Hartung–Knapp interval is narrower than the normal one (t_{k−1}·s < z, s² the Hartung–Knapp
   * factor): the sites agree more closely than their standard errors imply (e.g. 0.40–0.51 from three sites of 6–9
   * patients whose own CIs span 0–1); read the wider (Jackson et al. 2017). Null otherwise.
   */
  warning: string | null;
}

const MAX_ITER = 1000;

/** Opening words of the {@link RandomEffects.warning} sentence on a Hartung–Knapp interval narrower than the normal one. */
export const HKSJ_NARROWER = 'The Hartung–Knapp interval is narrower than the normal one';

/**
 * Random-effects meta-analysis of site estimates: REML τ² (Fisher scoring, as metafor, to a
 * change below 1e-12) or DerSimonian–Laird, with the Hartung–Knapp–Sidik–Jonkman interval by
 * default and the prediction interval of metafor's `predict.rma`.
 * @param studies at least 2 estimates with positive finite variances.
 * @param options see {@link RandomEffectsOptions}.
 * @throws ValueError for fewer than 2 studies, a bad variance or a bad option.
 * @example
 * randomEffects([{ label: 'a', estimate: 0.2, variance: 0.03 }, { label: 'b', estimate: 0.9, variance: 0.05 }]).tau2; // 0.205
 */
export function randomEffects(studies: readonly StudyEstimate[], options: RandomEffectsOptions = {}): RandomEffects {
  const who = 'randomEffects';
  const method = options.method ?? 'REML';
  const test = options.test ?? 'knha';
  const level = options.level ?? 0.95;
  if (method !== 'REML' && method !== 'DL') throw new ValueError(`${who}: method must be 'REML' or 'DL'. Received: method=${String(method)}.`);
  if (test !== 'knha' && test !== 'z') throw new ValueError(`${who}: test must be 'knha' or 'z'. Received: test=${String(test)}.`);
  if (!(level > 0 && level < 1)) throw new ValueError(`${who}: level must be in (0, 1). Received: level=${level}.`);
  if (studies.length < 2) throw new ValueError(`${who}: needs at least 2 studies. Received: ${studies.length}.`);
  for (const s of studies) {
    if (!(s.variance > 0) || !Number.isFinite(s.variance) || !Number.isFinite(s.estimate)) {
      throw new ValueError(`${who}: study '${s.label}' needs a finite estimate and a positive finite variance. Received: estimate=${s.estimate}, variance=${s.variance}.`);
    }
  }
  const y = studies.map((s) => s.estimate);
  const v = studies.map((s) => s.variance);
  const k = y.length;
  const fixedW = v.map((vi) => 1 / vi);
  const sw = sum(fixedW);
  const sw2 = sum(fixedW.map((w) => w * w));
  const fixed = sum(fixedW.map((w, i) => w * y[i]!)) / sw;
  const q = sum(fixedW.map((w, i) => w * (y[i]! - fixed) ** 2));
  const dl = Math.max(0, (q - (k - 1)) / (sw - sw2 / sw));
  const tau2 = method === 'DL' ? dl : reml(y, v, dl);
  const w = v.map((vi) => 1 / (vi + tau2));
  const swr = sum(w);
  const estimate = sum(w.map((wi, i) => wi * y[i]!)) / swr;
  let se = Math.sqrt(1 / swr);
  let crit = normalPpf(0.5 + level / 2);
  const notes: string[] = [];
  if (k < 5) notes.push(`only ${k} sites: the between-site variance, its confidence and prediction intervals are unreliable with fewer than 5 (van Leeuwen et al. 2025).`);
  if (test === 'knha') {
    const s2 = sum(w.map((wi, i) => wi * (y[i]! - estimate) ** 2)) / (k - 1);
    se *= Math.sqrt(s2);
    const z = crit;
    crit = studentTQuantile(0.5 + level / 2, k - 1);
    if (crit * Math.sqrt(s2) < z) notes.push(`${HKSJ_NARROWER} (factor s² ${s2.toFixed(2)}): the sites agree more closely than their standard errors imply; read the wider normal interval (Jackson et al. 2017; CLI --meta-ci z).`);
  }
  const typical = ((k - 1) * sw) / (sw * sw - sw2);
  const i2 = tau2 / (tau2 + typical);
  const half = crit * Math.sqrt(se * se + tau2);
  return {
    method,
    test,
    k,
    estimate,
    se,
    ci: [estimate - crit * se, estimate + crit * se],
    tau2,
    i2,
    q,
    predictionInterval: [estimate - half, estimate + half],
    warning: notes.length > 0 ? notes.join(' ') : null,
  };
}

/** REML τ² by Fisher scoring from `start`, truncated at 0 (metafor's rma.uni algorithm). */
function reml(y: number[], v: number[], start: number): number {
  let tau2 = start;
  for (let iter = 0; iter < MAX_ITER; iter++) {
    const w = v.map((vi) => 1 / (vi + tau2));
    const sw = sum(w);
    const sw2 = sum(w.map((x) => x * x));
    const sw3 = sum(w.map((x) => x * x * x));
    const mu = sum(w.map((wi, i) => wi * y[i]!)) / sw;
    const yPPy = sum(w.map((wi, i) => wi * wi * (y[i]! - mu) ** 2));
    const trP = sw - sw2 / sw;
    const trPP = sw2 - (2 * sw3) / sw + (sw2 * sw2) / (sw * sw);
    const adj = (yPPy - trP) / trPP;
    if (tau2 === 0 && adj <= 0) return 0;
    const next = Math.max(0, tau2 + adj);
    if (Math.abs(next - tau2) <= 1e-12 * (1 + tau2)) return next;
    tau2 = next;
  }
  return tau2;
}

function sum(values: number[]): number {
  let s = 0;
  for (const x of values) s += x;
  return s;
}
