/**
 * Feature hashing (the "hashing trick", Weinberger K. et al. (2009) "Feature hashing for large
 * scale multitask learning", ICML; the CountSketch of Charikar, Chen & Farach-Colton (2002)) of the
 * domain classifier's design (internal). Every design column j is added, with a random sign σⱼ, to
 * one of d output columns h(j): zₖ = Σ_{h(j)=k} σⱼ xⱼ. Inner products between rows are preserved
 * in expectation (E[zᵢ·zₗ] = xᵢ·xₗ), so an L2-penalised linear model on z approximates the same
 * model on x (the penalised model depends on the rows only through their inner products), at a
 * cost that no longer grows with the square of the number of columns. Applied while standardising
 * (design.ts `standardiseDesign`), so no standardised n × p copy of a fold is ever built.
 */
import { Generator } from '../../stats/random.js';

/** A seeded hash of p columns onto d: the target column and the sign of each input column. */
export interface FeatureHash {
  /** Output columns. */
  d: number;
  /** target[j] ∈ [0, d): where input column j goes. */
  target: Int32Array;
  /** sign[j] ∈ {−1, +1}. */
  sign: Float64Array;
}

/**
 * Draw the hash of p input columns onto d output columns. Targets are a seeded random permutation
 * of the columns dealt round robin, so the outputs hold ⌊p/d⌋ or ⌈p/d⌉ columns each (no output is
 * empty, none is overloaded).
 */
export function drawFeatureHash(p: number, d: number, seed: number): FeatureHash {
  const rng = new Generator(seed);
  const perm = rng.permutation(p);
  const target = new Int32Array(p);
  const sign = new Float64Array(p);
  for (let k = 0; k < p; k++) target[perm[k]!] = k % d;
  for (let j = 0; j < p; j++) sign[j] = rng.random() < 0.5 ? -1 : 1;
  return { d, target, sign };
}
