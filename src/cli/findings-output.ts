import type { Finding } from '../index.js';
import { severityRank } from '../checks/finding.js';
import { EXIT } from './errors.js';
import type { FailOn } from './flags.js';
import { excerpt } from '../data/safe-text.js';

/**
 * The exit code for a set of findings: 1 when any finding is at least as severe as `failOn`
 * (`none` never fails), else 0.
 * @param findings the findings.
 * @param failOn the `--fail-on` threshold.
 */
export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): number {
  if (failOn === 'none') return EXIT.ok;
  const threshold = severityRank(failOn);
  return findings.some((f) => severityRank(f.severity) >= threshold) ? EXIT.findings : EXIT.ok;
}

/** Options of {@link formatFindings}. */
export interface FormatFindingsOptions {
  /** Most group lines shown. Default 8. */
  maxLines?: number;
  /** Where the full list is (printed after a cut list), e.g. the report path. */
  details?: string;
}

/** `3 critical, 5 warning` for a set of findings. */
export function severityCounts(findings: readonly Finding[]): string {
  return (['critical', 'warning', 'info'] as const)
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
}

/**
 * Findings as a short terminal block: grouped by severity and code, most severe first (then the
 * largest groups), one line per group naming where (site · feature), at most `maxLines` lines and
 * a count of the rest. A group of one shows its message.
 * @param title heading, e.g. 'Findings'.
 * @param findings the findings.
 * @param options see {@link FormatFindingsOptions}.
 */
export function formatFindings(title: string, findings: readonly Finding[], options: FormatFindingsOptions = {}): string {
  if (findings.length === 0) return `${title}: none`;
  const maxLines = options.maxLines ?? 8;
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.severity}\u0000${f.code}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [f]);
    else g.push(f);
  }
  const sorted = [...groups.values()].sort((a, b) => severityRank(b[0]!.severity) - severityRank(a[0]!.severity) || b.length - a.length);
  const lines = sorted.slice(0, maxLines).map((g) => groupLine(g));
  const rest = sorted.slice(maxLines);
  if (rest.length > 0) {
    const n = rest.reduce((a, g) => a + g.length, 0);
    lines.push(`  … ${n} more finding${n === 1 ? '' : 's'} (${severityCounts(rest.flat())})${options.details !== undefined ? ` in ${options.details}` : ''}`);
  } else if (options.details !== undefined) {
    lines.push(`  details: ${options.details}`);
  }
  return `${title} (${severityCounts(findings)}):\n${lines.join('\n')}`;
}

function where(f: Finding): string {
  return [f.site, f.feature].filter((s): s is string => s !== undefined).map((s) => excerpt(s, 40)).join(' · ');
}

function groupLine(group: readonly Finding[]): string {
  const first = group[0]!;
  const head = `  ${first.severity.toUpperCase().padEnd(8)} ${first.code}`;
  if (group.length === 1) {
    const w = where(first);
    return `${head}${w !== '' ? ` [${w}]` : ''}  ${excerpt(first.message, 1000)}`;
  }
  const places = [...new Set(group.map(where).filter((w) => w !== ''))];
  // findings without a site or feature (e.g. the pooled site-miscalibrated) are named, not dropped
  const unplaced = group.filter((f) => where(f) === '').length;
  if (unplaced > 0 && places.length > 0) places.push(unplaced === 1 ? 'overall' : `overall ×${unplaced}`);
  let list = '';
  let shown = 0;
  for (const p of places) {
    if (list.length + p.length > 90) break;
    list += `${shown > 0 ? ', ' : ''}${p}`;
    shown++;
  }
  const more = places.length - shown;
  return `${head} ×${group.length}${list !== '' ? `: ${list}${more > 0 ? `, +${more} more` : ''}` : `  ${excerpt(first.message, 240)}`}`;
}
