import type { Finding } from '../finding.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { fmt, keyLabel, keyValues } from '../columns.js';
import { foldDetails, foldSuffix, type ResolvedSplit } from './split.js';

const EXAMPLES = 5;

/**
 * The `temporal-overlap` warnings of several folds as ONE finding: under cross-validation by site
 * or by fold every fold's test rows predate some training row, and a warning per fold would say
 * the same thing N times (mirrored for two sites). Counts add up; `details.folds` lists each fold.
 * Critical findings (a patient's future in training) are kept per fold.
 */
export function mergeFoldWarnings(findings: readonly Finding[], nFolds: number, timeColumn: string): Finding[] {
  const warnings = findings.filter((f) => f.severity === 'warning');
  if (warnings.length < 2) return [...findings];
  let before = 0;
  let dated = 0;
  const folds = warnings.map((f) => {
    const d = f.details as { fold?: number; testRowsBefore: number; testRowsDated: number };
    before += d.testRowsBefore;
    dated += d.testRowsDated;
    return { fold: d.fold, testRowsBefore: d.testRowsBefore, testRowsDated: d.testRowsDated };
  });
  const merged: Finding = {
    code: 'temporal-overlap',
    severity: 'warning',
    message: `In ${warnings.length} of ${nFolds} folds the test rows are not a later period: ${before} of ${dated} dated test rows (${fmt((100 * before) / dated)}%) predate their fold's latest training date. The validation is not temporal; for a temporal validation, split by '${timeColumn}' (TemporalSplit).`,
    details: { testRowsBefore: before, testRowsDated: dated, fraction: before / dated, folds },
  };
  return [merged, ...findings.filter((f) => f.severity !== 'warning')];
}

/**
 * `temporal-overlap`, two findings:
 * - warning: test rows dated strictly before the latest training date (the test set is not a later
 *   period, so the validation is not temporal). Details: `testRowsBefore`, `testRowsDated`,
 *   `fraction`, `latestTrainTime`, `earliestTestTime`.
 * - critical (needs a patient column): patients whose training rows include a record dated after
 *   one of their test records — the model learns a patient's future to predict their past.
 *   Details: `patients`, `examples`.
 * Rows without a date are ignored.
 */
export function temporalOverlap(table: Table, schema: Schema, split: ResolvedSplit): Finding[] {
  if (schema.time === undefined) return [];
  const time = keyValues(table, schema.time);
  const label = (t: number): string => keyLabel(table, schema.time!, t);
  const out: Finding[] = [];
  let latestTrain = -Infinity;
  for (const i of split.train) if (time[i]! > latestTrain) latestTrain = time[i]!;
  let before = 0;
  let dated = 0;
  let earliestTest = Infinity;
  for (const i of split.test) {
    const t = time[i]!;
    if (Number.isNaN(t)) continue;
    dated++;
    if (t < latestTrain) before++;
    if (t < earliestTest) earliestTest = t;
  }
  if (before > 0) {
    out.push({
      code: 'temporal-overlap',
      severity: 'warning',
      message: `${before} of ${dated} dated test rows (${fmt((100 * before) / dated)}%) are dated before the latest training date ${label(latestTrain)}${foldSuffix(split)}; the test set is not a later period. For a temporal validation, split by '${schema.time}' (TemporalSplit).`,
      details: { ...foldDetails(split), testRowsBefore: before, testRowsDated: dated, fraction: before / dated, latestTrainTime: label(latestTrain), earliestTestTime: label(earliestTest) },
    });
  }
  if (schema.patient === undefined) return out;
  const ids = keyValues(table, schema.patient);
  const latestTrainOf = new Map<number, number>();
  for (const i of split.train) {
    const id = ids[i]!;
    const t = time[i]!;
    if (Number.isNaN(id) || Number.isNaN(t)) continue;
    const prev = latestTrainOf.get(id);
    if (prev === undefined || t > prev) latestTrainOf.set(id, t);
  }
  const reversed = new Set<number>();
  for (const i of split.test) {
    const id = ids[i]!;
    const t = time[i]!;
    const latest = latestTrainOf.get(id);
    if (latest !== undefined && latest > t) reversed.add(id);
  }
  if (reversed.size > 0) {
    const examples = [...reversed].slice(0, EXAMPLES).map((k) => keyLabel(table, schema.patient!, k));
    out.push({
      code: 'temporal-overlap',
      severity: 'critical',
      message: `${reversed.size} patient(s) have a later record in training than one of their test records${foldSuffix(split)}, e.g. ${examples.join(', ')}: the model sees their future. Split by patient and time.`,
      details: { ...foldDetails(split), patients: reversed.size, examples },
    });
  }
  return out;
}
