import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adapt, data, DataError, NotFittedError } from '../../src/index.js';

function table(): data.Table {
  return data.fromRows(
    ['site', 'x', 'y'],
    [
      ['a', 1, 10], ['a', 3, 10], ['a', null, 10],
      ['b', 100, 5], ['b', 300, 7],
    ],
  );
}

test('each site is standardised with its own mean and population SD; missing stays missing; zero variance → scale 1', () => {
  const s = new adapt.PerSiteStandardScaler({ features: ['x', 'y'], site: 'site' });
  const out = s.fitTransform(table());
  assert.deepEqual(Array.from(out.numbers('x')), [-1, 1, NaN, -1, 1]);
  assert.deepEqual(Array.from(out.numbers('y')), [0, 0, 0, -1, 1]);
  assert.deepEqual(s.siteStats.get('a'), { mean: [2, 10], std: [1, 1], n: 3 });
  assert.deepEqual(out.strings('site'), ['a', 'a', 'a', 'b', 'b']);
});

test('a new site is standardised with its own unlabelled rows, or refused on request', () => {
  const t = table();
  const s = new adapt.PerSiteStandardScaler({ features: ['x'], site: 'site' }).fit(t, [0, 1, 2]);
  const out = s.transform(t);
  assert.deepEqual(Array.from(out.numbers('x')).slice(3), [-1, 1]);
  assert.ok(s.siteStats.has('b'));
  const strict = new adapt.PerSiteStandardScaler({ features: ['x'], site: 'site', unseenSites: 'error' }).fit(t, [0, 1]);
  assert.throws(() => strict.transform(t), (e: unknown) => e instanceof DataError && /site\(s\) b were not seen in fit/.test(e.message));
});

test('errors: not fitted, empty features, non-numeric feature', () => {
  assert.throws(() => new adapt.PerSiteStandardScaler({ features: ['x'], site: 'site' }).transform(table()), NotFittedError);
  assert.throws(() => new adapt.PerSiteStandardScaler({ features: [], site: 'site' }), /at least one numeric column/);
  assert.throws(() => new adapt.PerSiteStandardScaler({ features: ['site'], site: 'site' }).fit(table()), /'site' is categorical, not numeric/);
});
