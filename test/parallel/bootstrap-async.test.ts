import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, UndefinedMetricError, ValueError, metrics, parallel } from '../../src/index.js';

// 1,237 rows (class sizes that are not powers of two), scores tied in places.
const g = new Generator(11);
const n = 1237;
const y = Array.from({ length: n }, () => (g.random() < 0.31 ? 1 : 0));
const p = y.map((v) => Math.round((0.25 * v + 0.75 * g.random()) * 200) / 200);

const workers = new parallel.StatsWorkers({ threads: 2 });
after(() => workers.close());

/** Every field the same number, bit for bit. */
function same(a: metrics.BootstrapCi, b: metrics.BootstrapCi): void {
  for (const k of ['estimate', 'lo', 'hi', 'nValid', 'nSkipped'] as const) assert.ok(Object.is(a[k], b[k]), `${k}: ${a[k]} vs ${b[k]}`);
}

test('bootstrapCiAsync: on worker threads the interval is bootstrapCi bit for bit (metrics, stratified or not, odd nBoot, levels)', async () => {
  const cases: [string, metrics.BootstrapOptions][] = [
    ['auc', { nBoot: 301, seed: 7 }],
    ['auc', { nBoot: 250, seed: 3, stratified: false, level: 0.9 }],
    ['brier', { nBoot: 97, seed: 1 }],
    ['average_precision', { nBoot: 2, seed: 5 }],
    ['ece', { nBoot: 41, seed: 9, stratified: false }],
  ];
  for (const [metric, options] of cases) same(await parallel.bootstrapCiAsync(metric, y, p, { ...options, workers }), metrics.bootstrapCi(metric, y, p, options));
  // A seed that differs gives another interval (the threads do not ignore it).
  assert.notDeepEqual(await parallel.bootstrapCiAsync('auc', y, p, { nBoot: 301, seed: 8, workers }), metrics.bootstrapCi('auc', y, p, { nBoot: 301, seed: 7 }));
});

test('bootstrapCiAsync: ranges start where the serial stream is, rejected draws of randint included', async () => {
  // 10,000 rows × 200 resamples: randint rejects a draw at or above the largest multiple of the
  // class size below 2³², a few times in these 2 million draws (counted below), and every later
  // range would be shifted if the threads missed one.
  const big = new Generator(3);
  const yy = Array.from({ length: 10_000 }, () => (big.random() < 0.3 ? 1 : 0));
  const pp = yy.map((v) => 0.2 * v + 0.8 * big.random());
  const nPos = yy.reduce<number>((a, v) => a + v, 0);
  const nNeg = yy.length - nPos;
  const stream = new Generator(4);
  let rejected = 0;
  for (let r = 0; r < 200; r++) {
    for (const bound of [nPos, nNeg]) {
      const limit = 4294967296 - (4294967296 % bound);
      for (let k = 0; k < bound; k++) {
        let x = stream.nextUint32();
        while (x >= limit) {
          rejected++;
          x = stream.nextUint32();
        }
      }
    }
  }
  assert.ok(rejected > 0, 'the stream has rejected draws');
  same(await parallel.bootstrapCiAsync('brier', yy, pp, { nBoot: 200, seed: 4, workers }), metrics.bootstrapCi('brier', yy, pp, { nBoot: 200, seed: 4 }));
});

test('bootstrapCiAsync: one-class resamples are skipped and counted as in the serial run', async () => {
  const yy = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const ss = [0.9, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.95];
  const serial = metrics.bootstrapCi('auc', yy, ss, { nBoot: 200, seed: 1, stratified: false });
  const threaded = await parallel.bootstrapCiAsync('auc', yy, ss, { nBoot: 200, seed: 1, stratified: false, workers });
  assert.ok(serial.nSkipped > 0);
  same(threaded, serial);
  // Undefined on every resample (two rows, two resamples: a quarter of the seeds): the serial error class and code.
  const undefinedEverywhere = (seed: number): boolean => {
    try {
      metrics.bootstrapCi('auc', [1, 0], [0.4, 0.6], { nBoot: 2, seed, stratified: false });
      return false;
    } catch (e) {
      return e instanceof UndefinedMetricError;
    }
  };
  const seed = Array.from({ length: 64 }, (_, s) => s).find(undefinedEverywhere);
  assert.ok(seed !== undefined);
  await assert.rejects(
    parallel.bootstrapCiAsync('auc', [1, 0], [0.4, 0.6], { nBoot: 2, seed, stratified: false, workers }),
    (e) => e instanceof UndefinedMetricError && e.code === 'E_UNDEFINED_METRIC' && /undefined on all 2 resamples/.test(e.message),
  );
});

test('bootstrapCiAsync: threads it starts itself are closed; threads: 0 and a metric function run here with the same result', async () => {
  const serial = metrics.bootstrapCi('auc', y, p, { nBoot: 120, seed: 2 });
  same(await parallel.bootstrapCiAsync('auc', y, p, { nBoot: 120, seed: 2, threads: 1 }), serial);
  same(await parallel.bootstrapCiAsync('auc', y, p, { nBoot: 120, seed: 2, threads: 0 }), serial);
  same(await parallel.bootstrapCiAsync(metrics.rocAucScore, y, p, { nBoot: 120, seed: 2 }), serial);
});

test('bootstrapCiAsync: bad options are typed errors; a task failing on a worker keeps its code', async () => {
  const isValue = (re: RegExp) => (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && re.test(e.message);
  await assert.rejects(parallel.bootstrapCiAsync('auc', y, p, { threads: -1 }), isValue(/threads must be an integer ≥ 0/));
  await assert.rejects(parallel.bootstrapCiAsync(metrics.rocAucScore, y, p, { threads: 1 }), isValue(/metric function cannot run on worker threads/));
  await assert.rejects(parallel.bootstrapCiAsync('auroc', y, p, { workers }), isValue(/unknown metric 'auroc'/));
  await assert.rejects(parallel.bootstrapCiAsync('auc', y, p, { nBoot: 0, workers }), isValue(/nBoot must be an integer ≥ 1/));
  await assert.rejects(parallel.bootstrapCiAsync('auc', y, p, { seeds: 1 } as never), isValue(/seeds/));
  const task = { kind: 'bootstrap', call: -1, metric: 'auroc', yTrue: new Float64Array(y), yScore: new Float64Array(p), stratified: true, seed: 0, skip: 0, count: 3, end: 0 } as const;
  await assert.rejects(workers.bootstrap(task as never), (e) => e instanceof parallel.WorkerTaskError && e.code === 'E_VALUE' && e.remoteName === 'ValueError');
  assert.throws(() => new parallel.StatsWorkers({ threads: 0 }), isValue(/threads must be a positive integer/));
});

test('StatsWorkers: a closed pool refuses tasks', async () => {
  const mine = new parallel.StatsWorkers({ threads: 1 });
  await mine.close();
  await assert.rejects(parallel.bootstrapCiAsync('auc', y, p, { nBoot: 10, workers: mine }), ValueError);
});
