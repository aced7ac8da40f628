import { excerpt } from '../data/safe-text.js';
import { HKSJ_NARROWER } from '../validate/random-effects.js';

/** The per-site fields the terminal table reads (validate.SiteResult and results.json sites). */
export interface SiteRow {
  site: string;
  n: number;
  events: number;
  auc: number | null;
  ci: readonly [number, number] | null;
  status: string;
  /** Observed:expected events (when the cross-site evaluation reports it). */
  oe?: number | null;
  /** Calibration slope (when reported). */
  slope?: number | null;
  /** Risks of exactly 0 or 1 left out of the logistic calibration (a note line). */
  calibrationExcluded?: number;
}

/** Random-effects summary of AUC as the table's last line reads it. */
export interface HeterogeneityRow {
  auc: number;
  ci: readonly [number, number];
  predictionInterval: readonly [number, number] | null;
  i2: number;
  /** The sites pooled (k = their number; fewer than 5 prints a caution). */
  sites: readonly string[];
}

/** Below this many pooled sites the random-effects intervals are unreliable (van Leeuwen et al. 2025). */
const MIN_RELIABLE_SITES = 5;

const num = (v: number | null | undefined, digits: number): string => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '–');

/**
 * The per-site table printed on the terminal: n, events, AUC with its 95% CI, O:E and calibration
 * slope when the evaluation has them, status; then the random-effects summary, with a caution
 * line when it pools fewer than 5 sites.
 * @param sites one row per site.
 * @param het the AUC heterogeneity summary (null: none).
 * @param maxRows most site rows shown (the rest are counted). Default 15.
 * @param summaries the random-effects summaries (results.json `summaries`): when the AUC one says its
 *   Hartung–Knapp interval is narrower than the normal one, a note line says so under the summary.
 */
export function siteTable(sites: readonly SiteRow[], het: HeterogeneityRow | null, maxRows = 15, summaries: readonly { measure: string; warning?: string | null }[] = []): string {
  const calibrated = sites.some((s) => typeof s.oe === 'number' || typeof s.slope === 'number');
  const names = sites.map((s) => excerpt(s.site, 24));
  const w = Math.max(4, ...names.map((s) => s.length));
  const cal = (a: string, b: string): string => (calibrated ? `  ${a.padStart(5)}  ${b.padStart(6)}` : '');
  const lines = [`${'site'.padEnd(w)}  ${'n'.padStart(5)}  ${'events'.padStart(6)}  ${'AUC'.padStart(5)}  ${'95% CI'.padEnd(9)}${cal('O:E', 'slope')}  status`];
  sites.slice(0, maxRows).forEach((s, i) => {
    const ci = s.ci === null ? '–' : `${s.ci[0].toFixed(2)}–${s.ci[1].toFixed(2)}`;
    lines.push(
      `${names[i]!.padEnd(w)}  ${String(s.n).padStart(5)}  ${String(s.events).padStart(6)}  ${num(s.auc, 3).padStart(5)}  ${ci.padEnd(9)}${cal(num(s.oe, 2), num(s.slope, 2))}  ${s.status}`,
    );
  });
  if (sites.length > maxRows) lines.push(`… ${sites.length - maxRows} more sites (all in results.json and the report)`);
  for (const s of sites) {
    if (s.calibrationExcluded !== undefined && s.calibrationExcluded > 0) {
      lines.push(`note: ${excerpt(s.site, 24)}: ${s.calibrationExcluded} of ${s.n} risks are exactly 0 or 1 (infinite logit), left out of CITL and slope as rms::val.prob does; such certainty usually means an overfit model.`);
    }
  }
  if (het !== null) {
    lines.push(
      `summary AUC (random effects) ${het.auc.toFixed(3)} (95% CI ${het.ci[0].toFixed(2)}–${het.ci[1].toFixed(2)})` +
        (het.predictionInterval !== null ? `, new hospital 95% PI ${het.predictionInterval[0].toFixed(2)}–${het.predictionInterval[1].toFixed(2)}` : '') +
        `, I² ${(100 * het.i2).toFixed(0)}%`,
    );
    const k = het.sites.length;
    if (k < MIN_RELIABLE_SITES) {
      lines.push(`note: only ${k} sites pooled: the between-site variance and the summary's confidence and prediction intervals are unreliable with fewer than ${MIN_RELIABLE_SITES} (van Leeuwen et al. 2025).`);
    }
    const warning = summaries.find((x) => x.measure === 'auc')?.warning ?? '';
    const at = warning.indexOf(HKSJ_NARROWER);
    if (at >= 0) lines.push(`note: ${warning.slice(at)}`);
  }
  return lines.join('\n');
}
