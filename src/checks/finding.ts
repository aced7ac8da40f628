/** Severity of a Finding; the CLI's `--fail-on` compares against this order. */
export type Severity = 'info' | 'warning' | 'critical';

/** Stable codes of every check. Users match on these, never on message text. */
export type FindingCode =
  // leakage
  | 'patient-overlap'
  | 'temporal-overlap'
  | 'duplicate-rows'
  | 'target-proxy'
  | 'preprocessing-fit-on-all'
  | 'id-like-feature'
  // shift
  | 'feature-shift'
  | 'missingness-shift'
  | 'constant-at-site'
  | 'site-separable'
  | 'small-sites-pooled'
  | 'site-level-feature'
  // validation
  | 'site-underperforming'
  | 'site-underpowered'
  | 'site-single-class'
  | 'site-miscalibrated'
  | 'overfitting-gap'
  | 'training-non-finite'
  | 'validation-rows-in-training'
  // domain adaptation
  | 'adaptation-hurts';

/** The one shape every check returns: plain data, rendered only by cli/ and report/. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  feature?: string;
  site?: string;
  details?: Record<string, unknown>;
}

/** Numeric rank of a severity: info 0, warning 1, critical 2. */
export function severityRank(severity: Severity): number {
  return severity === 'critical' ? 2 : severity === 'warning' ? 1 : 0;
}
