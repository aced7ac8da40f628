/**
 * Seeded random numbers for every stochastic path in clinreg (initialisation, dropout, shuffling,
 * augmentation, bootstrap).
 *
 * Generator: xoshiro128** 1.1 (Blackman & Vigna, 2018), 32-bit state words, period 2^128 − 1,
 * seeded through splitmix32 so that nearby seeds give unrelated streams. Normal variates use the
 * Marsaglia polar method. The stream is not PyTorch's (Mersenne Twister / Philox), so seeded
 * results are reproducible within clinreg, not bit-identical to PyTorch.
 */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  // The polar method's second variate, kept for the next call (a number field and a flag: a field
  // that alternates between a number and undefined makes V8 box the number on every store).
  private spare = 0;
  private hasSpare = false;

  /** @param seed any finite number; its integer part (mod 2^32) seeds the stream. */
  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Reset the stream to the start defined by `seed`. */
  seed(seed: number): void {
    let x = Math.trunc(seed) >>> 0;
    const next = (): number => {
      // splitmix32
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.hasSpare = false;
  }

  /** Next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 32 random bits. */
  random(): number {
    return this.nextUint32() / 4294967296;
  }

  /**
   * Fill `out[0..n)` with the next n values of `random()` (the same stream, so a seeded result
   * does not depend on which is called), several times faster: the draws come from {@link fillUint32}.
   * @param out destination. @param n count (default out.length).
   * @example const u = new Float64Array(1024); getGenerator().fillUniform(u);
   */
  fillUniform(out: Float64Array | Float32Array, n = out.length): void {
    const bits = scratchBits;
    for (let base = 0; base < n; base += bits.length) {
      const len = Math.min(bits.length, n - base);
      this.fillUint32(bits, len);
      for (let k = 0; k < len; k++) out[base + k] = bits[k]! / 4294967296;
    }
  }

  /**
   * Fill `out[0..n)` with the next n values of `nextUint32()` (same stream, state in int32
   * locals). `random() ≥ p` is exactly `nextUint32() ≥ ceil(p·2³²)`, which lets a kernel apply a
   * dropout mask from these bits.
   * @param out destination. @param n count (default out.length).
   * @example const bits = new Uint32Array(1024); getGenerator().fillUint32(bits);
   */
  fillUint32(out: Uint32Array, n = out.length): void {
    let s0 = this.s0 | 0;
    let s1 = this.s1 | 0;
    let s2 = this.s2 | 0;
    let s3 = this.s3 | 0;
    for (let i = 0; i < n; i++) {
      const x = Math.imul(s1, 5);
      out[i] = Math.imul((x << 7) | (x >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    this.s0 = s0 >>> 0;
    this.s1 = s1 >>> 0;
    this.s2 = s2 >>> 0;
    this.s3 = s3 >>> 0;
  }

  /**
   * Fill `out[0..n)` with the next n values of `normal()` (the same stream and the same values,
   * the pending second variate included). The draws come from {@link fillUint32} in chunks of at
   * most two per pair still to make (each polar trial takes two draws and gives a pair or nothing),
   * so no draw is made that normal() would not make.
   * @param out destination (a Float64Array keeps the doubles `normal()` returns). @param n count (default out.length).
   * @example const z = new Float64Array(800); getGenerator().fillNormal(z);
   */
  fillNormal(out: Float64Array | Float32Array, n = out.length): void {
    let i = 0;
    if (n > 0 && this.hasSpare) {
      this.hasSpare = false;
      out[i++] = this.spare;
    }
    const bits = scratchBits;
    while (i < n) {
      const drawn = Math.min(2 * Math.ceil((n - i) / 2), bits.length);
      this.fillUint32(bits, drawn);
      for (let k = 0; k < drawn; k += 2) {
        // One trial of normal(): u then v from random().
        const u = 2 * (bits[k]! / 4294967296) - 1;
        const v = 2 * (bits[k + 1]! / 4294967296) - 1;
        const q = u * u + v * v;
        if (q >= 1 || q === 0) continue;
        const m = Math.sqrt((-2 * Math.log(q)) / q);
        out[i++] = u * m;
        if (i < n) out[i++] = v * m;
        else {
          this.spare = v * m;
          this.hasSpare = true;
        }
      }
    }
  }

  /** Uniform float in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  /** Standard normal variate (Marsaglia polar method). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.random() - 1;
      v = 2 * this.random() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    this.hasSpare = true;
    return u * m;
  }

  /** Uniform integer in [0, n). Unbiased (rejection sampling). */
  randint(n: number): number {
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /**
   * Fisher–Yates shuffle in place; returns `array`. Position i swaps with `randint(i + 1)`, i from
   * the end; the draws come from {@link fillUint32} in chunks of at most the swaps still to make
   * (each swap takes one draw or more), so no draw is made that randint would not make.
   */
  shuffle<T extends { length: number; [i: number]: number }>(array: T): T {
    const bits = scratchBits;
    let i = array.length - 1;
    while (i > 0) {
      const drawn = Math.min(i, bits.length);
      this.fillUint32(bits, drawn);
      for (let k = 0; k < drawn; k++) {
        // randint(i + 1): x = q·m + j; a draw at or above the largest multiple of m within 2³² (q ≥ ⌊2³²/m⌋)
        // is rejected and the next one tried. Quotients by float division, corrected to the exact
        // integer ones (no floating-point remainder, the slow part of randint).
        const m = i + 1;
        const x = bits[k]!;
        let q = Math.floor(x / m);
        let j = x - q * m;
        if (j < 0) {
          q--;
          j += m;
        } else if (j >= m) {
          q++;
          j -= m;
        }
        let whole = Math.floor(4294967296 / m);
        if (whole * m > 4294967296) whole--;
        else if ((whole + 1) * m <= 4294967296) whole++;
        if (q >= whole) continue;
        const tmp = array[i] as number;
        array[i] = array[j] as number;
        array[j] = tmp;
        i--;
      }
    }
    return array;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }
}

/** Scratch for the draws of `fillUniform`, `fillNormal` and `shuffle` (reused; JS is single-threaded). */
const scratchBits = new Uint32Array(4096);

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

let defaultGenerator = new Generator(0);

/**
 * Seed the default generator that every stochastic path in clinreg draws from.
 * @param seed integer seed.
 * @example
 * manualSeed(42); const a = randn([3]); manualSeed(42); const b = randn([3]); // a equals b
 */
export function manualSeed(seed: number): Generator {
  defaultGenerator = new Generator(seed);
  return defaultGenerator;
}

/** The default generator (seeded by `manualSeed`, 0 at start-up). */
export function getGenerator(): Generator {
  return defaultGenerator;
}
