// Issue #19 item 1, the proof it asks for: SIGKILL a real `clinreg train` at 20 random points
// (seeded, spread over the measured duration of a run, early and late) and check each time that
// --out holds the complete old set or the complete new set — every file byte-equal to one
// reference run, never a mix — and that the next run leaves no debris (staging, moved-aside sets,
// temp files) beside or inside it.
//
// Two chains run side by side (10 kills each). The first chain trains seed A and the second seed B,
// side by side, for the two reference sets (and the run's duration and write phase under this
// load); every kill then runs the seed the directory does not hold, so "old" and "new" are always
// told apart. Every run is `--out run` from its chain's folder (the data file by its absolute path),
// so no file of a set names the folder and one reference set per seed serves both chains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT, ROLES, fixture } from '../cli/run-cli.js';
import { cliEntry } from './cli-entry.js';

const KILLS = 20;
const SEEDS = [11, 12] as const;
/** One chain per seed: chain c's reference run is of SEEDS[c]. */
const CHAINS = SEEDS.length;
const ENTRIES = ['model', 'predictions.csv', 'report.html', 'results.json'];
const MODEL_FILES = ['model.json', 'model.safetensors'];

/** A seeded uniform generator on [0, 1) (mulberry32), so the kill points are the same every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Run {
  code: number | null;
  /** The last 2,000 characters of stderr. */
  stderr: string;
  signal: NodeJS.Signals | null;
  ms: number;
  /** Whether the process ended on its own before the kill. */
  finished: boolean;
  /** When the staging directory first held model/ (the write phase began), ms after the start. */
  writingMs?: number;
}

/** Whether a staging directory beside `out` holds model/ yet. */
function writing(parent: string): boolean {
  if (!existsSync(parent)) return false;
  return readdirSync(parent).some((e) => e.startsWith('.run.staging-') && existsSync(join(parent, e, 'model')));
}

/** When to SIGKILL a run: `ms` after its start, or `ms` after its write phase began. */
interface Kill {
  after: 'start' | 'writing';
  ms: number;
}

/**
 * `clinreg train --seed seed --out out`, SIGKILLed as `kill` says when given. The moment the
 * write phase began (a staging directory holds model/) is watched by polling every 5 ms when
 * `watchWriting` (the reference runs, which measure the write phase, and kills timed from it);
 * polling stops once it is seen.
 */
function train(seed: number, out: string, kill?: Kill, watchWriting = kill?.after === 'writing'): Promise<Run> {
  const args = ['train', join(REPO_ROOT, fixture('train.csv')), ...ROLES, '--epochs', '1', '--mc', '2', '--seed', String(seed), '--out', basename(out)];
  const t0 = performance.now();
  const child = spawn(process.execPath, [...cliEntry(), ...args], { cwd: dirname(out), stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
  const killNow = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  let timer = kill?.after === 'start' ? setTimeout(killNow, kill.ms) : undefined;
  let writingMs: number | undefined;
  const watch = !watchWriting
    ? undefined
    : setInterval(() => {
        if (writingMs !== undefined || !writing(join(out, '..'))) return;
        writingMs = performance.now() - t0;
        clearInterval(watch);
        if (kill?.after === 'writing') timer = setTimeout(killNow, kill.ms);
      }, 5);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(watch);
      resolve({ code, signal, stderr, ms: performance.now() - t0, finished: signal === null, ...(writingMs !== undefined ? { writingMs } : {}) });
    });
  });
}

/**
 * SHA-256 of every file of an output set by relative path, after checking that the set holds
 * exactly the run's files (nothing half-written or temporary beside them). model.json's creation
 * time is the one byte difference between two runs of a seed and is left out.
 */
function snapshot(out: string): Map<string, string> {
  assert.deepEqual(readdirSync(out).sort(), ENTRIES, `${out} holds exactly the run's files`);
  assert.deepEqual(readdirSync(join(out, 'model')).sort(), MODEL_FILES, `${out}/model holds exactly the model's files`);
  const files = new Map<string, string>();
  for (const rel of ['predictions.csv', 'report.html', 'results.json', 'model/model.safetensors', 'model/model.json']) {
    let bytes: Buffer | string = readFileSync(join(out, rel));
    if (rel === 'model/model.json') {
      const doc = JSON.parse(bytes.toString('utf8')) as { metadata: Record<string, unknown> };
      delete doc.metadata['created'];
      bytes = JSON.stringify(doc);
    }
    files.set(rel, createHash('sha256').update(bytes).digest('hex'));
  }
  return files;
}

/** The files of a complete set agree with each other: weights hash, seed in model, results and report. */
function assertConsistent(out: string, seed: number): void {
  const model = JSON.parse(readFileSync(join(out, 'model', 'model.json'), 'utf8')) as { metadata: { seed: number }; weights: { sha256: string } };
  const weights = createHash('sha256').update(readFileSync(join(out, 'model', 'model.safetensors'))).digest('hex');
  assert.equal(model.weights.sha256, weights, 'model.json names the hash of model.safetensors');
  assert.equal(model.metadata.seed, seed);
  assert.equal((JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { seed: number }).seed, seed);
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), new RegExp(`--seed ${seed} [\\s\\S]*</html>\\n$`));
  const csv = readFileSync(join(out, 'predictions.csv'), 'utf8').trimEnd().split('\n');
  assert.equal(csv.length, 201, 'predictions.csv: header and one line per training row');
}

/** Which reference seed the set equals file for file; fails naming the files when it is a mix. */
function whichSet(files: Map<string, string>, refs: Map<number, Map<string, string>>, where: string): number {
  for (const [seed, ref] of refs) if ([...ref].every(([rel, hash]) => files.get(rel) === hash)) return seed;
  const detail = [...files].map(([rel, hash]) => `${rel}: ${[...refs].find(([, r]) => r.get(rel) === hash)?.[0] ?? 'neither'}`);
  assert.fail(`${where} is not one whole set (file: seed it matches): ${detail.join(', ')}`);
}

/** What a kill left: the outcome, and the seed the directory holds for the next kill. */
type Outcome = 'old' | 'new' | 'moved aside' | 'finished';

interface Chain {
  parent: string;
  /** The seed of its reference run, the set its folder holds before the kills. */
  seed: number;
  ref: Map<string, string>;
  /** The reference run. */
  run: Run;
}

/** Train `seed` into `parent/run`: the reference set of that seed and the run's timing. */
async function reference(parent: string, seed: number): Promise<Chain> {
  mkdirSync(parent);
  const out = join(parent, 'run');
  const r = await train(seed, out, undefined, true);
  assert.equal(r.code, 0, `reference run seed ${seed}: ${r.stderr}`);
  assertConsistent(out, seed);
  return { parent, seed, ref: snapshot(out), run: r };
}

async function kills({ parent, seed: first }: Chain, refs: Map<number, Map<string, string>>, plan: Kill[]): Promise<{ outcomes: Outcome[]; notes: string[] }> {
  const out = join(parent, 'run');
  let held: number = first;
  const outcomes: Outcome[] = [];
  const notes: string[] = [];
  for (const kill of plan) {
    const when = `${kill.ms.toFixed(0)} ms after ${kill.after === 'start' ? 'the start' : 'writing began'}`;
    const seed = held === SEEDS[0] ? SEEDS[1] : SEEDS[0];
    const r = await train(seed, out, kill);
    const debris = readdirSync(parent).filter((e) => e !== 'run');
    for (const e of debris) assert.match(e, /^\.run\.(staging|old)-\d+-[0-9a-f]+$/, `only staging or moved-aside sets beside --out (${debris.join(', ')})`);
    let outcome: Outcome;
    if (existsSync(out)) {
      const now = whichSet(snapshot(out), refs, `--out after a kill ${when}`);
      outcome = r.finished ? 'finished' : now === held ? 'old' : 'new';
      if (r.finished) assert.equal(r.code, 0, r.stderr);
      held = now;
    } else {
      // Killed between moving the old set aside and renaming the new one in: the old set is whole
      // beside it, and the next run (its OutputSet.open) puts it back before any work.
      const aside = debris.filter((e) => e.startsWith('.run.old-'));
      assert.equal(aside.length, 1, `one moved-aside set (${debris.join(', ')})`);
      assert.equal(whichSet(snapshot(join(parent, aside[0]!)), refs, 'the moved-aside set'), held);
      outcome = 'moved aside';
    }
    outcomes.push(outcome);
    notes.push(`${when}: ${outcome}`);
  }
  // The next run completes, equals its reference, and leaves nothing beside --out.
  const seed = held === SEEDS[0] ? SEEDS[1] : SEEDS[0];
  const last = await train(seed, out);
  assert.equal(last.code, 0, last.stderr);
  assert.equal(whichSet(snapshot(out), refs, '--out after the next run'), seed);
  assert.deepEqual(readdirSync(parent), ['run'], 'no staging, moved-aside set or temp file left after the next run');
  return { outcomes, notes };
}

test(`SIGKILL of clinreg train at ${KILLS} seeded points: --out is always the whole old or whole new set; the next run leaves no debris`, { timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-kill-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // The chains' reference runs (seed A, seed B), side by side as the kills will run, give the timing to spread over.
  const chains = await Promise.all(SEEDS.map((seed, c) => reference(join(dir, `chain${c}`), seed)));
  const refs = new Map(chains.map((c) => [c.seed, c.ref]));
  const runs = chains.map((c) => c.run);
  const median = (v: number[]): number => v.sort((x, y) => x - y)[v.length >> 1]!;
  const duration = median(runs.map((r) => r.ms));
  const writePhase = median(runs.map((r) => r.ms - (r.writingMs ?? r.ms)));
  // Seeded and stratified: 12 kills spread over [0, 1.1 × duration] after the start (one in each
  // twelfth: the first during start-up, the last at or after the run's end) and 8 spread over the
  // write phase (model saved and read back, report, predictions, results, the swap), timed from
  // the moment it begins so that load on the machine does not move them out of it.
  const random = mulberry32(19);
  const spread = 12;
  const plan: Kill[] = Array.from({ length: KILLS }, (_, g) =>
    g < spread
      ? { after: 'start', ms: ((g + random()) / spread) * 1.1 * duration }
      : { after: 'writing', ms: ((g - spread + random()) / (KILLS - spread)) * 1.1 * writePhase },
  );
  const results = await Promise.all(chains.map((c, i) => kills(c, refs, plan.filter((_, g) => g % CHAINS === i))));
  const outcomes = results.flatMap((r) => r.outcomes);
  const count = (o: Outcome): number => outcomes.filter((x) => x === o).length;
  t.diagnostic(`run ${duration.toFixed(0)} ms, write phase ${writePhase.toFixed(0)} ms (medians); ${results.flatMap((r) => r.notes).join('; ')}`);
  t.diagnostic(`old ${count('old')}, new ${count('new')}, moved aside ${count('moved aside')}, finished before the kill ${count('finished')}`);
  assert.equal(outcomes.length, KILLS);
  assert.ok(count('old') >= 1, 'the early kills leave the old set');
});
