// Names that are Object.prototype properties (toString, constructor, __proto__, …) as column names,
// site names and category levels: every CLI command that reads data runs on them (issue #19 item 3).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Generator } from '../../src/index.js';
import { runCliHosted, type CliResult } from '../cli/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const PROTO = Object.getOwnPropertyNames(Object.prototype).sort();
const dir = tempDir('clinreg-proto-');

/**
 * A 4-site CSV whose every column is named after an Object.prototype property: roles `site`,
 * `patient` and `target` take three of the names, the rest are features (the first categorical,
 * with levels that are property names too). Sites are property names as well.
 */
function writeCsv(name: string, roles: { site: string; patient: string; target: string }, seed: number): string {
  const g = new Generator(seed);
  const feats = PROTO.filter((n) => !Object.values(roles).includes(n));
  const sites = ['toString', '__proto__', 'hasOwnProperty', 'constructor'];
  const levels = ['__proto__', 'valueOf', 'constructor'];
  const lines = [[roles.site, roles.patient, roles.target, ...feats].join(',')];
  for (let i = 0; i < 200; i++) {
    const x = feats.map((_, j) => (j === 0 ? levels[g.randint(3)]! : (g.random() * 10).toFixed(2)));
    const y = g.random() < 0.15 + 0.06 * Number(x[1]) ? 1 : 0;
    lines.push([sites[i % 4], `p${seed}-${i}`, y, ...x].join(','));
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function assertRan(r: CliResult, what: string): void {
  assert.ok(r.code === 0 || r.code === 1, `${what}: exit ${r.code}; stderr: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /unexpected error/, what);
}

test('audit, shift, train, validate, predict, update and export run on columns, sites and levels named after Object.prototype properties', { timeout: 300_000 }, async () => {
  assert.ok(PROTO.includes('__proto__') && PROTO.includes('constructor') && PROTO.includes('toString'));
  const roles = { site: 'constructor', patient: 'hasOwnProperty', target: 'valueOf' };
  const trainCsv = writeCsv('train.csv', roles, 1);
  const newCsv = writeCsv('new.csv', roles, 2);
  const flags = ['--target', roles.target, '--site', roles.site, '--patient', roles.patient];
  const [audit, shift] = await Promise.all([
    runCliHosted(['audit', trainCsv, ...flags, '--json']),
    runCliHosted(['shift', trainCsv, ...flags, '--json']),
  ]);
  assertRan(audit, 'audit');
  assertRan(shift, 'shift');
  assert.deepEqual((JSON.parse(audit.stdout) as { features: string[] }).features.sort(), PROTO.filter((n) => !Object.values(roles).includes(n)));
  const out = join(dir, 'out');
  const train = await runCliHosted(['train', trainCsv, ...flags, '--epochs', '2', '--mc', '2', '--out', out, '--json']);
  assertRan(train, 'train');
  const sites = (JSON.parse(train.stdout) as { sites: { site: string }[] }).sites.map((s) => s.site).sort();
  assert.deepEqual(sites, ['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
  const [validate, predict, update, exported] = await Promise.all([
    runCliHosted(['validate', join(out, 'model'), newCsv, '--target', roles.target, '--site', roles.site, '--json']),
    runCliHosted(['predict', join(out, 'model'), newCsv]),
    runCliHosted(['update', join(out, 'model'), newCsv, '--method', 'intercept', '--out', join(dir, 'updated'), '--json']),
    runCliHosted(['export', join(out, 'model'), '--calculator', join(dir, 'calc.html'), '--data', trainCsv]),
  ]);
  assertRan(validate, 'validate');
  assertRan(update, 'update');
  assertRan(exported, 'export');
  assert.equal(predict.code, 0, predict.stderr);
  const rows = predict.stdout.trim().split('\n');
  assert.equal(rows.length, 201);
  for (const line of rows.slice(1)) assert.match(line, /^\d+,0\.\d+$/);
});

test('other roles and flags on property names: --categorical, --exclude, a target called constructor', { timeout: 120_000 }, async () => {
  const roles = { site: '__proto__', patient: 'toString', target: 'constructor' };
  const csv = writeCsv('b.csv', roles, 3);
  const flags = ['--target', roles.target, '--site', roles.site, '--patient', roles.patient, '--categorical', 'valueOf', '--exclude', 'isPrototypeOf', '--json'];
  const [audit, shift] = await Promise.all([runCliHosted(['audit', csv, ...flags]), runCliHosted(['shift', csv, ...flags])]);
  assertRan(audit, 'audit');
  assertRan(shift, 'shift');
  const features = (JSON.parse(audit.stdout) as { features: string[] }).features;
  assert.ok(!features.includes('isPrototypeOf') && features.includes('valueOf'));
});

test('calculator export field specs keep features named __proto__, constructor and toString', async () => {
  const { data, exporter } = await import('../../src/index.js');
  const names = ['__proto__', 'constructor', 'toString'];
  const t = data.parseCsv(`${names.join(',')}\n1,a,3\n2,b,4\n`);
  const ranges = exporter.featureRanges(t, names);
  assert.deepEqual(Object.keys(ranges).sort(), [...names].sort());
  const specs = exporter.fieldSpecs(names, ['constructor'], null, ranges, {});
  assert.deepEqual(specs.map((s) => [s.name, s.kind, s.unit]), [['__proto__', 'numeric', undefined], ['constructor', 'categorical', undefined], ['toString', 'numeric', undefined]]);
});
