import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checks, data, Generator } from '../../../src/index.js';
import { followUpWord } from '../../../src/checks/leakage/follow-up-name.js';

test('names that read as a follow-up time or an outcome record, and baseline predictors that do not', () => {
  const reads: [string, string][] = [
    ['futime', 'futime'],
    ['rfstime', 'rfstime'],
    ['ETIME1', 'etime'],
    ['os.time', 'time'],
    ['rfsTime', 'time'],
    ['time', 'time'],
    ['dtime', 'dtime'],
    ['survival_months', 'survival'],
    ['death', 'death'],
    ['vital_status', 'status'],
    ['status', 'status'],
    ['dead', 'dead'],
    ['censored', 'censored'],
    ['ptime', 'ptime'],
    ['pstat', 'pstat'],
    ['dstatus', 'dstatus'],
  ];
  for (const [name, word] of reads) assert.equal(followUpWord(name), word, name);
  const baseline = ['protime', 'prothrombin_time', 'time_since_diagnosis', 'lifetime_smoking', 'timepoint', 'smoking_status', 'er_status', 'performance_status', 'prior_event', 'dead_space', 'los', 'x5fu_dose', 'age', 'edrel', 'statin', 'statins'];
  for (const name of baseline) assert.equal(followUpWord(name), null, name);
});

test('a target proxy named as a follow-up time is critical from 0.6, under the warning level too; the same values under another name stay a warning or nothing', () => {
  const g = new Generator(2);
  const n = 400;
  const y = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
  // Events end follow-up earlier: AUC ≈ 0.88 (lower values go with events), under the critical 0.95;
  // somewhat earlier: ≈ 0.65, as R survival::lung's `time` (0.63); not at all: ≈ 0.5.
  const strong = Float64Array.from(y, (v) => (v === 1 ? 20 + 30 * g.random() : 30 + 60 * g.random()));
  const weak = Float64Array.from(y, (v) => (v === 1 ? 60 * g.random() : 20 + 60 * g.random()));
  const flat = Float64Array.from(y, () => 60 * g.random());
  const proxies = (name: string, values: Float64Array) => {
    const table = new data.Table({ [name]: { kind: 'numeric', values }, y: { kind: 'numeric', values: y } });
    return checks.auditLeakage(table, data.createSchema(table, { target: 'y' })).filter((f) => f.code === 'target-proxy');
  };
  const [strongFu] = proxies('futime', strong);
  const s = 1 - (strongFu!.details!.auc as number);
  assert.ok(s >= 0.85 && s < 0.95, String(s));
  assert.equal(strongFu!.severity, 'critical');
  assert.equal(strongFu!.details!.nameReads, 'futime');
  assert.match(strongFu!.message, /^'futime' alone separates the outcome largely \(AUC 0\.\d\d, i\.e\. 0\.\d\d inverted; lower values go with events\)\. Its name reads as a follow-up time or an outcome record \('futime'\): known only after baseline, it leaks however weakly it separates\./);
  const [strongMarker] = proxies('marker', strong);
  assert.equal(strongMarker!.severity, 'warning');
  assert.equal(strongMarker!.details!.nameReads, undefined);

  const [weakTime] = proxies('time', weak);
  const w = 1 - (weakTime!.details!.auc as number);
  assert.ok(w >= 0.6 && w < 0.85, String(w));
  assert.equal(weakTime!.severity, 'critical');
  assert.match(weakTime!.message, /^'time' separates the outcome in part \(AUC 0\.\d\d, i\.e\. 0\.\d\d inverted; lower values go with events\)\. Its name reads as a follow-up time or an outcome record \('time'\)/);
  assert.deepEqual(proxies('marker', weak), []);
  assert.deepEqual(proxies('time', flat), [], 'AUC under 0.6');
});
