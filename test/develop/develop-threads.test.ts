// develop: developModelAsync runs the validation folds on worker threads and gives developModel's
// result bit for bit (same seeds per fold); the report's charts render on the threads unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, develop, Generator, report, update, ValueError } from '../../src/index.js';

/**
 * Assert two values are the same number for number (Object.is: NaN equal, -0 distinct), walking
 * arrays, typed arrays and plain objects; the epochs' wall-clock `seconds` are skipped, a model
 * is compared by its state dict, a preprocessor by its JSON state.
 */
function assertSame(a: unknown, b: unknown, path: string): void {
  if (typeof a === 'number' || typeof b === 'number') {
    assert.ok(Object.is(a, b), `${path}: ${String(a)} vs ${String(b)}`);
    return;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    assert.equal(a, b, path);
    return;
  }
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    assert.equal(Object.prototype.toString.call(a), Object.prototype.toString.call(b), `${path}: array type`);
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    assert.equal(x.length, y.length, `${path}: length`);
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) assert.fail(`${path}[${i}]: ${x[i]} vs ${y[i]}`);
    return;
  }
  assert.equal(Array.isArray(a), Array.isArray(b), `${path}: array vs object`);
  const ka = Object.keys(a).filter((k) => k !== 'seconds');
  const kb = Object.keys(b).filter((k) => k !== 'seconds');
  assert.deepEqual(ka, kb, `${path}: keys`);
  for (const k of ka) assertSame((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
}

function comparable(r: develop.DevelopResult): Record<string, unknown> {
  const { table: _table, final, ...rest } = r;
  const { model, preprocessor, ...fit } = final;
  const weights = Object.fromEntries([...model.stateDict()].map(([k, t]) => [k, t.data]));
  return { ...rest, final: { ...fit, weights, preprocessor: JSON.parse(JSON.stringify(preprocessor.toJSON())) as unknown } };
}

test('developModelAsync on 2 worker threads equals developModel bit for bit: leave-one-site-out (4 folds) and stratified k-fold, one pool for both', async () => {
  const table = await data.readCsv('test/fixtures/cli/train.csv');
  const bySite = data.createSchema(table, { target: 'y', site: 'site', exclude: ['patient'] });
  const noSite = data.createSchema(table, { target: 'y', exclude: ['patient', 'site'] });
  const workers = new develop.DevelopWorkers({ threads: 2 });
  try {
    for (const [schema, scheme] of [[bySite, 'leave-one-site-out'], [noSite, 'stratified-kfold']] as const) {
      const options = { seed: 5, epochs: 6, mcPasses: 3 };
      const serial = develop.developModel(table, schema, options);
      const notes: string[] = [];
      const threaded = await develop.developModelAsync(table, schema, { ...options, workers, onProgress: (t) => notes.push(t) });
      assert.equal(threaded.scheme.scheme, scheme);
      assert.ok(notes.some((t) => /validation .* on 2 worker threads$/.test(t)), notes.join(' | '));
      assert.ok(notes.some((t) => t.startsWith(`fold ${serial.validation.folds.length}/${serial.validation.folds.length}`)), notes.join(' | '));
      assert.ok(serial.validation.folds.length >= 4);
      assertSame(comparable(threaded), comparable(serial), scheme);
      assert.ok(threaded.table === table);
    }
  } finally {
    await workers.close();
  }
});

test('developModelAsync on 1 worker thread (this thread takes the folds the worker has not) equals developModel bit for bit', async () => {
  const table = await data.readCsv('test/fixtures/cli/train.csv');
  const schema = data.createSchema(table, { target: 'y', site: 'site', exclude: ['patient'] });
  const options = { seed: 9, epochs: 5, mcPasses: 2 };
  const threaded = await develop.developModelAsync(table, schema, { ...options, threads: 1 });
  assertSame(comparable(threaded), comparable(develop.developModel(table, schema, options)), '1 thread');
});

test('developModelAsync: threads 0 is developModel; a bad threads value is refused', async () => {
  const table = await data.readCsv('test/fixtures/cli/train.csv');
  const schema = data.createSchema(table, { target: 'y', site: 'site', exclude: ['patient'] });
  const options = { seed: 1, epochs: 3, mcPasses: 2, updating: false } as const;
  assertSame(comparable(await develop.developModelAsync(table, schema, { ...options, threads: 0 })), comparable(develop.developModel(table, schema, options)), 'threads 0');
  // 200 rows: autoThreads keeps the run here, with the notes (one audit) and numbers of developModel.
  const [asyncNotes, serialNotes]: string[][] = [[], []];
  const auto = await develop.developModelAsync(table, schema, { ...options, onProgress: (t) => asyncNotes.push(t) });
  assertSame(comparable(auto), comparable(develop.developModel(table, schema, { ...options, onProgress: (t) => serialNotes.push(t) })), 'auto on small data');
  assert.deepEqual(asyncNotes, serialNotes);
  assert.equal(asyncNotes.filter((t) => t === 'leakage audit').length, 1);
  await assert.rejects(develop.developModelAsync(table, schema, { threads: -1 }), (e) => e instanceof ValueError && /threads must be an integer ≥ 0/.test(e.message));
  await assert.rejects(develop.developModelAsync(table, schema, { threds: 2 } as never), (e) => e instanceof ValueError && /threds/.test(e.message));
  assert.equal(develop.autoThreads(4, develop.MIN_THREADED_ROWS - 1, 0), 0, 'small data stays on this thread');
  assert.equal(develop.autoThreads(1, 10_000, 0), 0, 'one fold stays on this thread');
  const cores = availableParallelism();
  assert.equal(develop.autoThreads(8, 10_000, 0), Math.min(8, cores - 1), 'idle machine: a worker per core but this thread’s');
  assert.equal(develop.autoThreads(8, 10_000, cores), 0, 'every core busy: this thread only');
});

test('DevelopWorkers: the charts prerendered on worker threads during the run give the same report; a chart error there keeps its code', async () => {
  const table = await data.readCsv('test/fixtures/cli/train.csv');
  const schema = data.createSchema(table, { target: 'y', site: 'site', exclude: ['patient'] });
  const workers = new develop.DevelopWorkers({ threads: 2 });
  try {
    await workers.warmCharts();
    // Charts requested when the updating experiment (synchronous, after the folds) starts: all of them by then.
    let requestedBeforeUpdating = -1;
    const onProgress = (t: string): void => {
      if (t.startsWith('updating experiment')) requestedBeforeUpdating = workers.chartsRequested;
    };
    const result = await develop.developModelAsync(table, schema, { seed: 2, epochs: 3, mcPasses: 2, workers, prerenderCharts: true, onProgress });
    const input = develop.toReportInput(result, { title: 'threads' });
    const serial = await report.renderHtmlReport(input);
    const threaded = await report.renderHtmlReport(input, { renderChart: workers.renderChart }); // the prerendered charts
    assert.equal(threaded, serial);
    assert.equal(workers.chartsRequested, (threaded.match(/<svg/g) ?? []).length, 'no chart drawn early that the report does not use');
    assert.ok(result.updating !== undefined, 'leave-one-site-out with the updating experiment');
    assert.equal(requestedBeforeUpdating, workers.chartsRequested, 'every chart of the report requested before the updating experiment');
    assertSame(comparable(result), comparable(develop.developModel(table, schema, { seed: 2, epochs: 3, mcPasses: 2 })), 'prerendered run');
    assert.ok((threaded.match(/<svg/g) ?? []).length >= 8, 'the charts are in the page');
    await assert.rejects(workers.renderChart({ title: 't', description: 'd', spec: { data: { values: [] }, mark: 'point' } }, { id: '1bad' }), (e: unknown) => (e as { code?: string }).code === 'E_VALUE');
  } finally {
    await workers.close();
  }
});

test('developModelAsync: a fold that fails on a worker thread fails the run with the serial error (code and message)', async () => {
  // Holding out site 'big' leaves one labelled row to develop on: runFold refuses it.
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-threads-'));
  try {
    const lines = ['site,x,y', ...Array.from({ length: 60 }, (_, i) => `big,${i % 7},${i % 2}`), 'small,3,1'];
    writeFileSync(join(dir, 'two.csv'), lines.join('\n') + '\n');
    const table = await data.readCsv(join(dir, 'two.csv'));
    const schema = data.createSchema(table, { target: 'y', site: 'site' });
    const options = { seed: 0, epochs: 2, mcPasses: 2, scheme: 'leave-one-site-out', updating: false } as const;
    let serial: unknown;
    try {
      develop.developModel(table, schema, options);
    } catch (e) {
      serial = e;
    }
    assert.ok(serial instanceof ValueError && /leaves 1 labelled row/.test(serial.message), String(serial));
    await assert.rejects(develop.developModelAsync(table, schema, { ...options, threads: 2 }), (e: unknown) => {
      const err = e as { code?: string; message?: string };
      return err.code === serial.code && err.message === serial.message;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('developModelAsync on a real cohort (CGD, 13 centres: leave-one-site-out with pooled small sites), 2 threads claiming folds and drawing charts early, equals developModel; the report is the serial one', async () => {
  const table = await data.readCsv('data/cgd/cgd.csv');
  const schema = data.createSchema(table, { target: 'infection', site: 'center', exclude: ['id', 'etime1'] });
  const options = { seed: 3, epochs: 4, mcPasses: 3 };
  const workers = new develop.DevelopWorkers({ threads: 2 });
  try {
    void workers.warmCharts();
    const threaded = await develop.developModelAsync(table, schema, { ...options, workers, prerenderCharts: true });
    const serial = develop.developModel(table, schema, options);
    assert.equal(threaded.scheme.scheme, serial.scheme.scheme);
    assert.ok(serial.validation.folds.length >= 3, `${serial.validation.folds.length} folds`);
    assertSame(comparable(threaded), comparable(serial), 'cgd');
    const input = develop.toReportInput(serial, { title: 'cgd' });
    const page = await report.renderHtmlReport(input, { renderChart: workers.renderChart });
    assert.equal(page, await report.renderHtmlReport(input));
    // Every chart drawn during the run (shift, final model, each fold's learning curve as it ran, the rest) is one the report uses.
    assert.equal(workers.chartsRequested, (page.match(/<svg/g) ?? []).length);
    assert.ok(workers.chartsRequested >= 8 + serial.validation.folds.length, `${workers.chartsRequested} charts`);
  } finally {
    await workers.close();
  }
});

test('DevelopWorkers.runUpdatingUnits: units of the updating experiment claimed on a worker thread give update.updatingExperiment’s rows bit for bit (draws made first, in its order)', async () => {
  const site = (name: string, n: number, shift: number): update.SiteLogits => ({
    site: name,
    logits: Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 2 + shift),
    y: Array.from({ length: n }, (_, i) => (Math.sin(i * 1.7) * 2 + shift + Math.cos(i * 3.1) > 0 ? 1 : 0)),
  });
  const sites = [site('a', 120, 0.3), site('b', 60, -0.5), site('c', 90, 0)];
  const options = { sizes: [25, 40], repeats: 3, seed: 7 };
  const serial = update.updatingExperiment(sites, options);
  // The experiment's draws: repeats permutations per site × m it runs (b: 60 − 25 < 50 rows left, skipped), in order.
  const gen = new Generator(7);
  const units = sites.flatMap((s, k) => options.sizes.filter((m) => s.y.length - m >= 50).map((m) => ({ site: k, m, draws: Array.from({ length: options.repeats }, () => gen.permutation(s.y.length)) })));
  assert.equal(units.length, 4);
  const workers = new develop.DevelopWorkers({ threads: 1 });
  try {
    const claims = new Int32Array(new SharedArrayBuffer(4));
    const claimed = await workers.runUpdatingUnits({ kind: 'updating', sites, units, alpha: 0.05, conformalAlpha: 0.1, claims });
    assert.deepEqual(claimed.map((c) => c.index), [0, 1, 2, 3], 'the worker claimed every unit (none claimed here)');
    assertSame(claimed.flatMap((c) => c.result.rows), serial.rows, 'rows');
    assertSame(claimed.map((c) => c.result.conformal), serial.conformal, 'conformal');
    assert.equal(Atomics.load(claims, 0), units.length + 1, 'the counter is past the last unit');
  } finally {
    await workers.close();
  }
});
