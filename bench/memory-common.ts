// Shared parts of the memory benches (bench/fit-memory.ts, bench/develop-memory.ts): the command
// line, the generated 4-site CSV of N rows × 14 columns, peak RSS, and the machine description
// that every result file records (date, CPUs, load average, kernel tier, Node version).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { kernels } from '../src/index.js';

/** Numeric features of the generated CSV (plus `site` and the outcome `y`: 14 columns). */
export const FEATURES = 12;

/** The value of a numeric command-line option `--name V`, or `fallback`. */
export function numericOption(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer. Received: ${args[i + 1]}.`);
  return v;
}

/**
 * Write a CSV of `rows` rows: `site` (s0–s3, round robin), x0–x11 uniform on [−2, 2] with 5 %
 * missing (empty cells), and a 0/1 outcome `y` drawn from a logistic model on x0–x2. Deterministic
 * (a fixed linear congruential generator), written in 1 MiB chunks so the text never sits in memory.
 */
export async function generateSitesCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`site,${Array.from({ length: FEATURES }, (_, j) => `x${j}`).join(',')},y\n`);
  let s = 12345;
  const r = (): number => (s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff;
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const xs: string[] = [];
    let logit = -1;
    for (let j = 0; j < FEATURES; j++) {
      const v = r() * 4 - 2;
      if (j < 3) logit += v * (j + 1) * 0.5;
      xs.push(r() < 0.05 ? '' : v.toFixed(3));
    }
    chunk += `s${i & 3},${xs.join(',')},${r() < 1 / (1 + Math.exp(-logit)) ? 1 : 0}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

/** Peak resident set size of this process so far (getrusage maxrss), in MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** What a result file records about the machine and the moment it was measured. */
export function machine(): { date: string; cpus: number; loadAverage: number[]; kernelTier: string; node: string } {
  return {
    date: new Date().toISOString(),
    cpus: cpus().length,
    loadAverage: loadavg().map((v) => +v.toFixed(2)),
    kernelTier: kernels.kernelInfo().tier,
    node: process.version,
  };
}
