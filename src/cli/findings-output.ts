import type { Finding } from '../index.js';
import { severityRank } from '../checks/finding.js';
import { EXIT } from './errors.js';
import type { FailOn } from './flags.js';

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

/**
 * Findings as terminal text, most severe first: `CRITICAL constant-at-site [switzerland · chol] message`.
 * @param title heading line.
 * @param findings the findings.
 */
export function formatFindings(title: string, findings: readonly Finding[]): string {
  if (findings.length === 0) return `${title}: none`;
  const sorted = [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const lines = sorted.map((f) => {
    const where = [f.site, f.feature].filter((s) => s !== undefined).join(' · ');
    return `  ${f.severity.toUpperCase().padEnd(8)} ${f.code}${where !== '' ? ` [${where}]` : ''}  ${f.message}`;
  });
  const counts = (['critical', 'warning', 'info'] as const)
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  return `${title} (${counts}):\n${lines.join('\n')}`;
}
