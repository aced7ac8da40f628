// clinreg validate --summary-only at each hospital and clinreg meta at the study centre, on the
// bundled heart data (half of each hospital's rows train the model, the other half are validated)
// and the CGD trial per centre: same per-site numbers as an in-process validate, no small cells,
// no row-level value; a malformed or tampered summary is exit 2 and one line.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertDataError, runCli, runCliHosted } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-federated-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const HEART_SITES = ['cleveland', 'hungarian', 'switzerland', 'va'];
// --update-sizes none: no test reads the trainings' updating experiment (the models are the same without it).
const FAST = ['--epochs', '3', '--mc', '2', '--update-sizes', 'none', '--json', '--fail-on', 'none'];

/** Split a CSV's rows by parity (even: training, odd: validation) and the validation rows by a column. */
function split(file: string, by: string, prefix: string): void {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const col = header!.split(',').indexOf(by);
  writeFileSync(join(dir, `${prefix}-train.csv`), [header, ...lines.filter((_, i) => i % 2 === 0)].join('\n') + '\n');
  const held = lines.filter((_, i) => i % 2 === 1);
  writeFileSync(join(dir, `${prefix}-test.csv`), [header, ...held].join('\n') + '\n');
  for (const site of new Set(held.map((l) => l.split(',')[col]!))) {
    writeFileSync(join(dir, `${prefix}-site-${site}.csv`), [header, ...held.filter((l) => l.split(',')[col] === site)].join('\n') + '\n');
  }
}

before(async () => {
  split('data/heart-disease/heart_disease_4sites.csv', 'site', 'heart');
  split('data/cgd/cgd.csv', 'center', 'cgd');
  const [heart, cgd] = await Promise.all([
    runCliHosted(['train', join(dir, 'heart-train.csv'), '--target', 'num', '--positive', '>0', '--site', 'site', ...FAST, '--out', join(dir, 'heart')]),
    runCliHosted(['train', join(dir, 'cgd-train.csv'), '--target', 'infection', '--exclude', 'etime1,center', '--id', 'id', ...FAST, '--out', join(dir, 'cgd')]),
  ]);
  assert.equal(heart.code, 0, heart.stderr);
  assert.equal(cgd.code, 0, cgd.stderr);
  const runs = await Promise.all([
    ...HEART_SITES.map((s) => runCliHosted(['validate', join(dir, 'heart', 'model'), join(dir, `heart-site-${s}.csv`), '--target', 'num', '--site', 'site', '--summary-only', '--out', join(dir, `heart-${s}.summary.json`)])),
    runCliHosted(['validate', join(dir, 'cgd', 'model'), join(dir, 'cgd-test.csv'), '--target', 'infection', '--site', 'center', '--summary-only', '--out', join(dir, 'cgd-centres.summary.json')]),
    runCliHosted(['validate', join(dir, 'cgd', 'model'), join(dir, 'cgd-test.csv'), '--target', 'infection', '--summary-only', '--out', join(dir, 'cgd-all.summary.json')]),
  ]);
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
});

const NUMERIC_FIELDS = ['n', 'events', 'nonEvents', 'auc', 'ci', 'se', 'brier', 'ece', 'calibration', 'oe', 'oeCi', 'citl', 'citlCi', 'slope', 'slopeCi', 'ici', 'e50', 'e90', 'emax', 'scaledBrier', 'netBenefit', 'sampleSize'];
const pick = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(NUMERIC_FIELDS.map((k) => [k, o[k]]));

test('meta over per-hospital summaries gives the per-site numbers and random-effects summaries of an in-process validate', async () => {
  const summaries = HEART_SITES.map((s) => join(dir, `heart-${s}.summary.json`));
  // switzerland's held-out half has fewer than 5 non-events: suppressed at source, so the
  // in-process comparison runs over the other three hospitals' rows.
  const [head, ...lines] = readFileSync(join(dir, 'heart-test.csv'), 'utf8').trimEnd().split('\n');
  writeFileSync(join(dir, 'heart-three.csv'), [head, ...lines.filter((l) => !l.startsWith('switzerland,'))].join('\n') + '\n');
  const [meta, inProcess, human] = await Promise.all([
    runCli(['meta', ...summaries, '--json', '--out', join(dir, 'meta')]),
    runCliHosted(['validate', join(dir, 'heart', 'model'), join(dir, 'heart-three.csv'), '--target', 'num', '--site', 'site', '--json']),
    runCliHosted(['meta', ...summaries]),
  ]);
  assert.equal(meta.code, 0, meta.stderr);
  assert.equal(inProcess.code, 0, inProcess.stderr);
  type Doc = { sites: Record<string, unknown>[]; summaries: { measure: string; estimate: number; ci: number[]; tau2: number; i2: number; predictionInterval: number[] }[]; heterogeneity: unknown; findings: { code: string; site?: string }[]; suppressed: { site: string }[] };
  const m = JSON.parse(meta.stdout) as Doc;
  const v = JSON.parse(inProcess.stdout) as Doc;
  assert.deepEqual(m.suppressed.map((s) => s.site), ['switzerland']);
  assert.deepEqual(m.sites.map((s) => s.site), ['cleveland', 'hungarian', 'va']);
  for (const want of v.sites) assert.deepEqual(pick(m.sites.find((s) => s.site === want.site)!), pick(want), String(want.site));
  // validate --json reports the AUC's random-effects summary as `heterogeneity` (the library test
  // compares every measure's summary); meta's AUC summary is the same meta-analysis.
  assert.deepEqual(m.heterogeneity, v.heterogeneity);
  const auc = m.summaries.find((x) => x.measure === 'auc')!;
  const het = v.heterogeneity as { auc: number; ci: number[]; tau2: number; i2: number; predictionInterval: number[] };
  assert.deepEqual([auc.estimate, auc.ci, auc.tau2, auc.i2, auc.predictionInterval], [het.auc, het.ci, het.tau2, het.i2, het.predictionInterval]);
  assert.deepEqual(m.summaries.map((x) => x.measure), ['auc', 'oe', 'citl', 'slope']);
  // Underpowered and miscalibrated findings match; underperformance is judged against the mean site AUC in meta.
  const same = (f: { code: string }): boolean => f.code === 'site-underpowered' || f.code === 'site-miscalibrated';
  assert.deepEqual(m.findings.filter(same), v.findings.filter(same));
  assert.deepEqual(readdirSync(join(dir, 'meta')).sort(), ['meta.json', 'report.html']);
  assert.match(readFileSync(join(dir, 'meta', 'report.html'), 'utf8'), /cleveland/);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /^4 summaries: 3 sites, \d+ patients \(\d+ events\)/);
  assert.match(human.stdout, /suppressed at source \(fewer than 5 events or non-events\): switzerland/);
});

/** Every patient count of a summary with its path (sampleSize holds required sizes, not patients). */
function counts(value: unknown, path = ''): [string, number][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => counts(v, `${path}.${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]): [string, number][] => {
    if (k === 'sampleSize') return [];
    if (['n', 'events', 'nonEvents', 'count', 'missing'].includes(k) && typeof v === 'number') return [[`${path}.${k}`, v]];
    return counts(v, `${path}.${k}`);
  });
}

/** Every number of a summary outside the model's edges and the fixed threshold and risk grids. */
function siteNumbers(value: unknown): number[] {
  const out: number[] = [];
  JSON.stringify(value, (key, v: unknown) => {
    if (key === 'edges' || key === 'thresholds' || key === 'threshold' || key === 'lower' || key === 'upper') return undefined;
    if (typeof v === 'number') out.push(v);
    return v;
  });
  return out;
}

test('privacy: no summary of the heart data or of CGD per centre holds a count below 5 or any row’s predicted risk', async () => {
  const written = [...HEART_SITES.map((s) => [`heart-${s}`, 'heart', `heart-site-${s}.csv`]), ['cgd-centres', 'cgd', 'cgd-test.csv'], ['cgd-all', 'cgd', 'cgd-test.csv']];
  // One `clinreg predict` per model and file, side by side (both CGD summaries read cgd-test.csv).
  const pairs = [...new Set(written.map(([, model, data]) => `${model!}/${data!}`))];
  const predicted = new Map(await Promise.all(pairs.map(async (pair) => {
    const [model, data] = pair.split('/');
    return [pair, await runCliHosted(['predict', join(dir, model!, 'model'), join(dir, data!), '--json'])] as const;
  })));
  for (const [name, model, data] of written) {
    const text = readFileSync(join(dir, `${name!}.summary.json`), 'utf8');
    const doc = JSON.parse(text) as { sites: { suppressed: boolean }[] };
    const small = counts(doc).filter(([, c]) => c > 0 && c < 5);
    assert.deepEqual(small, [], `${name}: counts below 5`);
    const pred = predicted.get(`${model!}/${data!}`)!;
    assert.equal(pred.code, 0, pred.stderr);
    const risks = new Set((JSON.parse(pred.stdout) as { predictions: { probability: number }[] }).predictions.map((p) => p.probability));
    assert.deepEqual(siteNumbers(doc).filter((v) => risks.has(v)), [], `${name}: a row's predicted risk appears`);
    assert.ok(!/"(row|rows|id|pid|probability|predictions)"/.test(text), `${name}: a row-level field name`);
  }
  const centres = JSON.parse(readFileSync(join(dir, 'cgd-centres.summary.json'), 'utf8')) as { sites: { site: string; suppressed: boolean }[] };
  assert.ok(centres.sites.length >= 10, 'every CGD centre is named');
  // Suppressed exactly where the held-out rows of a centre have fewer than 5 infections or non-infections.
  const [head, ...rows] = readFileSync(join(dir, 'cgd-test.csv'), 'utf8').trimEnd().split('\n').map((l) => l.split(','));
  const [c, y] = [head!.indexOf('center'), head!.indexOf('infection')];
  for (const s of centres.sites) {
    const mine = rows.filter((r) => r[c] === s.site);
    const events = mine.filter((r) => r[y] === '1').length;
    assert.equal(s.suppressed, events < 5 || mine.length - events < 5, `${s.site}: ${events} of ${mine.length}`);
  }
  assert.ok(centres.sites.some((s) => s.suppressed));
});

test('a malformed or tampered summary, or --summary-only without --out, is exit 2 with one line', async () => {
  const good = readFileSync(join(dir, 'heart-va.summary.json'), 'utf8');
  const doc = JSON.parse(good) as { sites: { events: number; n: number; auc: number }[] };
  doc.sites[0]!.events = 4;
  writeFileSync(join(dir, 'small.json'), JSON.stringify(doc));
  doc.sites[0]!.events = 10;
  writeFileSync(join(dir, 'sum.json'), JSON.stringify(doc));
  writeFileSync(join(dir, 'broken.json'), good.slice(0, 100));
  const other = JSON.parse(good) as { model: { created: string }; sites: { site: string }[] };
  assert.match(other.model.created, /^\d{4}-/);
  other.model.created = '2020-01-01T00:00:00.000Z';
  other.sites[0]!.site = 'elsewhere';
  writeFileSync(join(dir, 'other-model.json'), JSON.stringify(other));
  const model = join(dir, 'heart', 'model');
  const site = join(dir, 'heart-site-va.csv');
  const [small, sum, broken, twice, noOut, mixed, pooledFlag, outAlone, seen] = await Promise.all([
    runCliHosted(['meta', join(dir, 'small.json')]),
    runCliHosted(['meta', join(dir, 'sum.json')]),
    runCliHosted(['meta', join(dir, 'broken.json')]),
    runCliHosted(['meta', join(dir, 'heart-va.summary.json'), join(dir, 'heart-va.summary.json')]),
    runCliHosted(['validate', join(dir, 'heart', 'model'), join(dir, 'heart-site-va.csv'), '--target', 'num', '--summary-only']),
    runCliHosted(['meta', join(dir, 'heart-va.summary.json'), join(dir, 'other-model.json')]),
    runCliHosted(['validate', model, site, '--target', 'num', '--summary-only', '--out', join(dir, 'x.json'), '--meta-method', 'dl', '--fail-on', 'info']),
    runCliHosted(['validate', model, site, '--target', 'num', '--out', join(dir, 'x.json')]),
    runCliHosted(['validate', model, join(dir, 'heart-train.csv'), '--target', 'num', '--summary-only', '--out', join(dir, 'x.json')]),
  ]);
  assertDataError(small, /small\.json: not a valid site summary at 'sites\.0\.events'/);
  assertDataError(sum, /sum\.json: site summary is inconsistent at site 'va': events \+ nonEvents differs from n/);
  assertDataError(broken, /broken\.json: not a site summary: invalid JSON/);
  assertDataError(twice, /site 'va' appears in more than one summary/);
  assertDataError(noOut, /--summary-only needs --out/);
  assertDataError(mixed, /the summaries come from different models/);
  // options that would be accepted and ignored are refused
  assertDataError(pooledFlag, /--meta-method, --fail-on act on pooled results and findings, which --summary-only leaves to clinreg meta/);
  assertDataError(outAlone, /--out is the SITE\.summary\.json of --summary-only/);
  // the model's own training rows: said in the command's terms, not the library function's
  assertDataError(seen, /^clinreg: validate --summary-only: all \d+ rows of .*heart-train\.csv were in the model's training data; nothing is left to summarise\./);
  assert.ok(!readdirSync(dir).includes('x.json'), 'nothing written');
});
