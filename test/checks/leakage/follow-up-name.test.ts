import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checks, data, Generator } from '../../../src/index.js';
import { followUpWord } from '../../../src/checks/leakage/follow-up-name.js';

test('names that read as a follow-up time or an outcome record, and names that do not', () => {
  const reads: [string, string][] = [
    ['futime', 'futime'],
    ['rfstime', 'rfstime'],
    ['ETIME1', 'etime'],
    ['os.time', 'time'],
    ['rfsTime', 'time'],
    ['time', 'time'],
    ['dtime', 'dtime'],
    ['death', 'death'],
    ['vital_status', 'status'],
    ['days_to_event', 'event'],
    ['los', 'los'],
  ];
  for (const [name, word] of reads) assert.equal(followUpWord(name), word, name);
  for (const name of ['protime', 'lifetime_smoking', 'timepoint', 'age', 'losartan', 'eventful', 'bili', 'edrel']) assert.equal(followUpWord(name), null, name);
});

test('a target proxy named as a follow-up time is critical from the warning level; the same values under another name stay a warning', () => {
  const g = new Generator(2);
  const n = 400;
  const y = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
  // Events end follow-up earlier: AUC ≈ 0.88 (lower values go with events), under the critical 0.95.
  const t = Float64Array.from(y, (v) => (v === 1 ? 20 + 30 * g.random() : 30 + 60 * g.random()));
  for (const [name, severity] of [['futime', 'critical'], ['marker', 'warning']] as const) {
    const table = new data.Table({ [name]: { kind: 'numeric', values: t }, y: { kind: 'numeric', values: y } });
    const [proxy] = checks.auditLeakage(table, data.createSchema(table, { target: 'y' })).filter((f) => f.code === 'target-proxy');
    const auc = proxy!.details!.auc as number;
    assert.ok(1 - auc >= 0.85 && 1 - auc < 0.95, String(auc));
    assert.equal(proxy!.severity, severity, name);
    assert.equal(proxy!.details!.nameReads, severity === 'critical' ? 'futime' : undefined);
    assert.equal(/Its name reads as a follow-up time or an outcome record \('futime'\), known only after baseline\./.test(proxy!.message), severity === 'critical');
  }
});

test('a weak association under a follow-up name is a warning from AUC 0.6; under another name, or weaker, no finding', () => {
  const g = new Generator(4);
  const n = 400;
  const y = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
  // Events end follow-up somewhat earlier: AUC ≈ 0.65 inverted, as R survival::lung's `time` (0.63).
  const t = Float64Array.from(y, (v) => (v === 1 ? 60 * g.random() : 20 + 60 * g.random()));
  const flat = Float64Array.from(y, () => 60 * g.random());
  const proxies = (name: string, values: Float64Array) => {
    const table = new data.Table({ [name]: { kind: 'numeric', values }, y: { kind: 'numeric', values: y } });
    return checks.auditLeakage(table, data.createSchema(table, { target: 'y' })).filter((f) => f.code === 'target-proxy');
  };
  const [weak] = proxies('time', t);
  const auc = weak!.details!.auc as number;
  assert.ok(1 - auc >= 0.6 && 1 - auc < 0.85, String(auc));
  assert.equal(weak!.severity, 'warning');
  assert.equal(weak!.details!.nameReads, 'time');
  assert.match(weak!.message, /^'time' separates the outcome in part \(AUC 0\.\d\d, i\.e\. 0\.\d\d inverted; lower values go with events\), and its name reads as a follow-up time or an outcome record \('time'\): a value known only after baseline leaks however weak\./);
  assert.deepEqual(proxies('marker', t), []);
  assert.deepEqual(proxies('time', flat), [], 'AUC under 0.6');
});
