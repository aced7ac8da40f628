// Positions in a clinreg Generator stream (xoshiro128**): work split across threads starts each
// part where the serial run would be, so the draws of replicate or pass k do not depend on the
// thread that runs it.
import type { Generator } from '../stats/random.js';

const CHUNK = 65536;
let scratch: Uint32Array | undefined;

/**
 * Advance `rng` by `count` 32-bit draws (what `count` calls of `nextUint32` would do), in blocks.
 * @param rng the generator. @param count draws to skip (a non-negative integer).
 */
export function skipUint32(rng: Generator, count: number): void {
  scratch ??= new Uint32Array(CHUNK);
  for (let left = count; left > 0; left -= CHUNK) rng.fillUint32(scratch, Math.min(CHUNK, left));
}

/**
 * Counts the 32-bit draws that a sequence of `Generator.randint` calls consumes (randint rejects
 * draws at or above the largest multiple of its bound below 2³², so a call may take more than one).
 * Reads the stream ahead in blocks; only the count matters.
 */
export class DrawCounter {
  /** 32-bit draws consumed so far. */
  consumed = 0;
  private readonly block = new Uint32Array(CHUNK);
  private at = CHUNK;

  /** @param rng a generator at the stream position to count from (it is advanced, read ahead). */
  constructor(private readonly rng: Generator) {}

  /** Count `count` calls of `randint(bound)`. */
  randint(bound: number, count: number): void {
    const limit = 4294967296 - (4294967296 % bound);
    const rejects = limit !== 4294967296; // a power-of-two bound never rejects: one draw per call
    const block = this.block;
    // Take as many draws as calls still need; each rejected one needs one more.
    for (let need = count; need > 0; ) {
      if (this.at === CHUNK) this.refill();
      const from = this.at;
      const to = Math.min(CHUNK, from + need);
      let rejected = 0;
      if (rejects) for (let i = from; i < to; i++) rejected += block[i]! >= limit ? 1 : 0;
      this.at = to;
      this.consumed += to - from;
      need -= to - from - rejected;
    }
  }

  private refill(): void {
    this.rng.fillUint32(this.block);
    this.at = 0;
  }
}
