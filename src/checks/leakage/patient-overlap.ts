import type { Finding } from '../finding.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { keyLabel, keyValues } from '../columns.js';
import { acrossSiteIds } from './patient-across-sites.js';
import { foldDetails, foldSuffix, sideOf, type ResolvedSplit } from './split.js';

const EXAMPLES = 5;

/**
 * `patient-overlap` (critical): a patient id with rows on both sides of the split. Missing ids are
 * ignored. With a site column, ids whose training and test rows are at different sites are left to
 * `patientAcrossSites` (one finding for all splits, critical only when rows match across sites).
 * Details: `patients` (count), `trainRows` and `testRows` of those patients, `examples`.
 */
export function patientOverlap(table: Table, schema: Schema, split: ResolvedSplit): Finding[] {
  if (schema.patient === undefined) return [];
  const ids = keyValues(table, schema.patient);
  const side = sideOf(table.nRows, split);
  const seen = new Map<number, number>(); // id → side bits
  for (let i = 0; i < ids.length; i++) {
    const s = side[i]!;
    if (s === 0 || Number.isNaN(ids[i]!)) continue;
    seen.set(ids[i]!, (seen.get(ids[i]!) ?? 0) | s);
  }
  const across = schema.site !== undefined ? acrossSiteIds(ids, keyValues(table, schema.site), side) : new Set<number>();
  const shared: number[] = [];
  for (const [id, bits] of seen) if (bits === 3 && !across.has(id)) shared.push(id);
  if (shared.length === 0) return [];
  const sharedSet = new Set(shared);
  let trainRows = 0;
  let testRows = 0;
  for (let i = 0; i < ids.length; i++) {
    if (!sharedSet.has(ids[i]!)) continue;
    if (side[i]! & 1) trainRows++;
    if (side[i]! & 2) testRows++;
  }
  const examples = shared.slice(0, EXAMPLES).map((k) => keyLabel(table, schema.patient!, k));
  return [
    {
      code: 'patient-overlap',
      severity: 'critical',
      message: `${shared.length} patient(s) have rows in both training and test${foldSuffix(split)}, e.g. ${examples.join(', ')}. Split by patient (GroupKFold with groups = '${schema.patient}').`,
      details: { ...foldDetails(split), patients: shared.length, trainRows, testRows, examples },
    },
  ];
}
