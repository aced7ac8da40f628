import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, ValueError, conformal } from '../../src/index.js';

test('site profiles: a new row from a development site is flagged at rate ≤ level (seeded); rows unlike every site are flagged; stored form is validated', () => {
  const g = new Generator(6);
  const p = 3;
  const rowOf = (site: number): number[] => [g.normal() + 4 * site, g.normal() * (1 + site), g.normal()];
  const sites = Array.from({ length: 600 }, (_, i) => (i < 300 ? 'a' : 'b'));
  const x = Float64Array.from(sites.flatMap((s) => rowOf(s === 'a' ? 0 : 1)));
  const profiles = conformal.siteProfiles(x, p, sites, 0.05);
  assert.deepEqual(profiles.sites.map((s) => [s.site, s.n]), [['a', 300], ['b', 300]]);
  // Fresh rows from site a: flagged (unlike a AND unlike b) at most about 5% of the time.
  const fresh = Float64Array.from(Array.from({ length: 2000 }, () => rowOf(0)).flat());
  const rate = conformal.flagUnlikeSites(profiles, fresh).length / 2000;
  assert.ok(rate <= 0.05 + 0.015, `false flag rate ${rate}`);
  // A patient far from both hospitals is flagged, with the closer site named.
  const far = conformal.flagUnlikeSites(profiles, [20, 0, 0, 0, 0, 0]);
  assert.deepEqual(far.map((f) => [f.row, f.closestSite]), [[0, 'b']]);
  assert.ok(far[0]!.ratio > 1);
  assert.deepEqual(conformal.storedSiteProfiles({ [conformal.SITE_PROFILES_KEY]: JSON.parse(JSON.stringify(profiles)) }), profiles);
  assert.equal(conformal.storedSiteProfiles({}), null);
  assert.throws(() => conformal.storedSiteProfiles({ siteProfiles: { level: 2, sites: [] } }), ValueError);
  assert.throws(() => conformal.siteProfiles([1, 2, 3], 2, ['a']), ValueError);
});
