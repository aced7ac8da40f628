// The inner early-stopping split (validate/inner-split.ts): a stratified fifth, with a patient's
// rows and copied records kept on one side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { data, validate } from '../../src/index.js';
import { groupedFifth, innerSplit } from '../../src/validate/inner-split.js';
import { tempDir } from '../helpers/temp-dir.js';

const GBSG = new URL('../../data/breast-cancer/gbsg.csv', import.meta.url).pathname;
const HEART = new URL('../../data/heart-disease/heart_disease_4sites.csv', import.meta.url).pathname;
const NWTCO = new URL('../../data/nwtco/nwtco.csv', import.meta.url).pathname;
const FEATURES = ['age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er', 'hormon'];

/** The inner split of every labelled row of a file, and the same split without the copy handling. */
async function splitOf(file: string, roles: data.SchemaRoles, seed = 0): Promise<{ rows: Int32Array; val: Set<number>; plain: Set<number>; table: data.Table; schema: data.Schema }> {
  const table = await data.readCsv(file);
  const schema = data.createSchema(table, roles);
  const rows = Int32Array.from({ length: table.nRows }, (_, i) => i);
  const y = data.binaryTarget(table, schema, { rows });
  const sites = schema.site === undefined ? Array.from(rows, () => 'all') : table.strings(schema.site).map((s) => s ?? '');
  const { val } = innerSplit(table, schema.features, rows, { sites, y, mode: 'site-stratified', seed });
  const strata = Array.from(rows, (k) => `${sites[k]!}|${y[k]!}`);
  const plain = validate.stratifiedFifth(strata, Array.from(rows, (k) => String(y[k]!)), seed).test;
  return { rows, val: new Set(val), plain: new Set(plain), table, schema };
}

test('copied records (GBSG with 30 records exported twice under new ids): each on one side; every other row where the plain split puts it', async () => {
  const lines = readFileSync(GBSG, 'utf8').trimEnd().split('\n');
  const header = lines[0]!.split(',');
  const pid = header.indexOf('pid');
  // Rows 1–30 become copies of rows 301–330 over the features (their own pid and outcome kept).
  const copied = lines.map((line, i) => {
    if (i < 1 || i > 30) return line;
    const source = lines[i + 300]!.split(',');
    const own = line.split(',');
    return source.map((v, c) => (c === pid || header[c] === 'event5' || header[c] === 'rfstime' ? own[c] : v)).join(',');
  });
  const file = join(tempDir('clinreg-inner-split-'), 'gbsg-copied.csv');
  writeFileSync(file, copied.join('\n') + '\n');
  const { rows, val, plain } = await splitOf(file, { target: 'event5', features: FEATURES });
  let moved = 0;
  for (let i = 0; i < 30; i++) {
    const [a, b] = [i, i + 300]; // table rows of a pair
    assert.equal(val.has(a), val.has(b), `pair ${a}/${b} on one side`);
    moved += Number(val.has(a) !== plain.has(a)) + Number(val.has(b) !== plain.has(b));
  }
  assert.ok(moved > 0, 'the plain split had pairs on both sides');
  for (const r of rows) if (!(r < 30 || (r >= 300 && r < 330))) assert.equal(val.has(r), plain.has(r), `row ${r} unmoved`);
});

test('real data: the UCI heart data repeats two records exactly (Hungarian, VA): each pair on one side; NWTS coarse rows are chance, the split unchanged', async () => {
  let apart = 0; // seeds whose plain split separates a pair
  for (let seed = 0; seed < 8; seed++) {
    const heart = await splitOf(HEART, { target: 'num', positive: '>0', site: 'site' }, seed);
    for (const [a, b] of [[404, 405], [859, 907]] as const) {
      assert.equal(heart.val.has(a), heart.val.has(b), `heart rows ${a} and ${b}, seed ${seed}`);
      apart += Number(heart.plain.has(a) !== heart.plain.has(b));
    }
  }
  assert.ok(apart > 0, 'the plain split separates a pair for some seed');
  const nwtco = await splitOf(NWTCO, { target: 'rel', site: 'study', exclude: ['edrel', 'seqno'] });
  assert.deepEqual([...nwtco.val].sort((p, q) => p - q), [...nwtco.plain].sort((p, q) => p - q));
});

test('groupedFifth: one row per group is stratifiedFifth; groups stay whole, stratified by their first row', () => {
  const strata = Array.from({ length: 200 }, (_, k) => `${k % 3 === 0 ? 'a' : 'b'}|${k % 4 === 0 ? 1 : 0}`);
  const outcome = strata.map((s) => s.slice(-1));
  const single = strata.map((_, k) => `g${k}`);
  assert.deepEqual(groupedFifth(strata, outcome, single, 7), validate.stratifiedFifth(strata, outcome, 7));
  const groups = strata.map((_, k) => `g${k % 50}`); // 50 groups of 4 rows
  const { train, test: held } = groupedFifth(strata, outcome, groups, 7);
  assert.equal(train.length + held.length, 200);
  const heldGroups = new Set(Array.from(held, (k) => groups[k]));
  assert.ok(Array.from(train).every((k) => !heldGroups.has(groups[k]!)));
  assert.equal(heldGroups.size, 10);
  // Fewer than 2 groups leave nothing to stop early on: one line saying so.
  assert.throws(() => groupedFifth(['x|0', 'x|1'], ['0', '1'], ['p', 'p'], 0), /at least 2 patients/);
});
