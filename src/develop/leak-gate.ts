import { ClinregError } from '../errors.js';
import type { Finding } from '../checks/finding.js';

/** Leakage codes that stop a development run: a column that gives the outcome away or names the row. */
export const GATING_CODES: readonly string[] = ['target-proxy', 'id-like-feature'];

/** One feature that stops a development run. */
export interface GatingLeak {
  /** The feature column. */
  feature: string;
  /** The finding code (`target-proxy` or `id-like-feature`). */
  code: string;
  /** The finding's message. */
  message: string;
}

/**
 * A development run refused because the leakage audit found a feature that gives the outcome
 * away (critical `target-proxy`) or identifies the row (critical `id-like-feature`). Code
 * `E_LEAKAGE`; `columns` names the features to leave out (`exclude` role, CLI `--exclude`).
 * Pass `allowLeaks: true` (CLI `--allow-leaks`) to train anyway.
 */
export class LeakageError extends ClinregError {
  /** Features that caused the refusal, in table order. */
  readonly columns: string[];
  /** The gating findings, one per column. */
  readonly leaks: GatingLeak[];
  /**
   * @param leaks the gating leaks (at least one).
   * @param message the message; default names the columns, the `exclude` role and `allowLeaks`
   *   (the CLI passes its own wording with the flags).
   */
  constructor(leaks: GatingLeak[], message?: string) {
    const columns = [...new Set(leaks.map((l) => l.feature))];
    const what = leaks.map((l) => `'${l.feature}' (${l.code})`).join(', ');
    super(
      'E_LEAKAGE',
      message ??
        `developModel: refusing to train on ${columns.length === 1 ? 'a column that' : 'columns that'} give the outcome away or identify the row: ${what}. ` +
        `Fix: leave ${columns.length === 1 ? 'it' : 'them'} out (roles.exclude: [${columns.map((c) => `'${c}'`).join(', ')}]; CLI --exclude ${columns.join(',')}), or pass allowLeaks: true (CLI --allow-leaks) to train anyway.`,
    );
    this.columns = columns;
    this.leaks = leaks;
  }
}

/**
 * The critical `target-proxy` / `id-like-feature` findings among `features`, one per column.
 * @param findings leakage audit findings.
 * @param features the model's features.
 */
export function gatingLeaks(findings: readonly Finding[], features: readonly string[]): GatingLeak[] {
  const isFeature = new Set(features);
  const seen = new Set<string>();
  const out: GatingLeak[] = [];
  for (const f of findings) {
    if (f.severity !== 'critical' || !GATING_CODES.includes(f.code) || f.feature === undefined) continue;
    if (!isFeature.has(f.feature) || seen.has(f.feature)) continue;
    seen.add(f.feature);
    out.push({ feature: f.feature, code: f.code, message: f.message });
  }
  const order = new Map(features.map((c, i) => [c, i]));
  return out.sort((a, b) => order.get(a.feature)! - order.get(b.feature)!);
}
