import type { Finding } from '../finding.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { keyLabel, keyValues } from '../columns.js';
import { listNames } from '../small-sites.js';
import { sideOf, type ResolvedSplit } from './split.js';

const EXAMPLES = 5;

/** Per split, the ids on both sides whose training and test rows share no site (internal). */
export function acrossSiteIds(ids: Float64Array, site: Float64Array, side: Uint8Array): Set<number> {
  // id → sites of its training rows and of its test rows.
  const trainSites = new Map<number, Set<number>>();
  const testSites = new Map<number, Set<number>>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (Number.isNaN(id) || side[i] === 0) continue;
    if (side[i]! & 1) (trainSites.get(id) ?? trainSites.set(id, new Set()).get(id)!).add(site[i]!);
    if (side[i]! & 2) (testSites.get(id) ?? testSites.set(id, new Set()).get(id)!).add(site[i]!);
  }
  const out = new Set<number>();
  for (const [id, test] of testSites) {
    const train = trainSites.get(id);
    if (train === undefined) continue;
    let shared = false;
    for (const s of test) if (train.has(s)) shared = true;
    if (!shared) out.add(id);
  }
  return out;
}

/**
 * `patient-overlap` across sites, reported once for all splits: patient ids that are on both sides
 * of a split only because they occur at different sites. That is what the data says — the same id
 * at two sites — and it means the same patient only if their rows agree. Critical when some of
 * those ids have an identical feature row at two sites (the same patient recorded twice); a
 * warning otherwise, since ids numbered per site (1, 2, 3, … at every hospital) collide without
 * any leak. Details: `scope: 'across-sites'`, `patients`, `identicalRows` (ids with a row repeated
 * across sites), `sites`, `examples`.
 */
export function patientAcrossSites(table: Table, schema: Schema, splits: readonly ResolvedSplit[]): Finding[] {
  if (schema.patient === undefined || schema.site === undefined || splits.length === 0) return [];
  const ids = keyValues(table, schema.patient);
  const site = keyValues(table, schema.site);
  const across = new Set<number>();
  for (const s of splits) for (const id of acrossSiteIds(ids, site, sideOf(table.nRows, s))) across.add(id);
  if (across.size === 0) return [];
  // Feature rows of those ids, keyed by id: a row seen at two sites is the same record.
  const features = schema.features.map((f) => keyValues(table, f));
  const seen = new Map<string, number>(); // id|row → site
  const identical = new Set<number>();
  const sitesInvolved = new Set<number>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (!across.has(id)) continue;
    sitesInvolved.add(site[i]!);
    const key = `${id}|${features.map((col) => col[i]!).join(',')}`;
    const at = seen.get(key);
    if (at === undefined) seen.set(key, site[i]!);
    else if (at !== site[i]!) identical.add(id);
  }
  const examples = [...(identical.size > 0 ? identical : across)].slice(0, EXAMPLES).map((k) => keyLabel(table, schema.patient!, k));
  const siteNames = [...sitesInvolved].map((s) => keyLabel(table, schema.site!, s));
  const patient = schema.patient;
  const fix = `if ids are numbered per site, give --patient a site-qualified key (a column joining '${schema.site}' and '${patient}'; library: schema.patient) or leave --patient out; if they are the same people, keep it and validate so that no patient is on both sides`;
  const critical = identical.size > 0;
  const message = critical
    ? `${across.size} patient id(s) of '${patient}' occur at two sites (${listNames(siteNames, 4)}), and ${identical.size} of them have an identical row at both, e.g. ${examples.join(', ')}: the same patients were recorded at two sites, so site-wise validation has them on both sides. Fix: drop the copies, or ${fix}.`
    : `${across.size} patient id(s) of '${patient}' occur at two sites (${listNames(siteNames, 4)}), e.g. ${examples.join(', ')}, but none of their rows match across sites: the ids are probably numbered per site (different patients), which is no leak. Fix: ${fix}.`;
  return [
    {
      code: 'patient-overlap',
      severity: critical ? 'critical' : 'warning',
      message,
      details: { scope: 'across-sites', patients: across.size, identicalRows: identical.size, sites: siteNames, examples },
    },
  ];
}
