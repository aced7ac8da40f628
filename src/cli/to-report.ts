// Maps public-API results to the report's plain-data sections (report.ReportInput pieces).
import type { checks, data, report } from '../index.js';

/**
 * The shift section of the report from a `checks.detectShift` result: the one-vs-rest PSI of
 * every (site, feature) and every feature's missing rate per site.
 * @param shift the detectShift result.
 */
export function shiftSection(shift: checks.ShiftReport): report.ShiftSection {
  const sites = shift.siteMatrix.sites;
  const features = shift.features.map((f) => f.feature);
  const psi = sites.map((s) =>
    shift.features.map((f) => {
      const c = f.comparisons.find((x) => x.site === s && x.against === 'rest');
      return c === undefined || !Number.isFinite(c.psi) ? null : c.psi;
    }),
  );
  const missing = sites.map((s) =>
    shift.features.map((f) => {
      const summary = f.sites.find((x) => x.site === s);
      return summary === undefined ? null : summary.missingRate;
    }),
  );
  return {
    findings: shift.findings,
    matrix: { sites, features, values: psi },
    statistic: 'PSI vs rest',
    // PSI ≥ 0.25 is a major shift (the critical threshold); beyond 0.5 the colour saturates.
    domain: [0, 0.5],
    missingness: { sites, features, values: missing },
  };
}

/**
 * The data summary of the report: every column with its role, type and missing count, and
 * patients/events per site.
 * @param loaded table, schema and labels.
 */
export function dataSummary(loaded: { file: string; table: data.Table; schema: data.Schema; y: Uint8Array }): report.DataSummary {
  const { table, schema, y } = loaded;
  const role = (c: string): report.ColumnSummary['role'] =>
    c === schema.target
      ? 'target'
      : c === schema.site
        ? 'site'
        : c === schema.patient
          ? 'patient'
          : c === schema.time
            ? 'time'
            : c === schema.split
              ? 'split'
              : schema.features.includes(c)
                ? 'feature'
                : 'ignored';
  const columns = table.columnNames.map((name) => {
    const col = table.column(name);
    const out: report.ColumnSummary = { name, role: role(name), kind: col.kind, missing: table.missingCount(name) };
    if (col.kind === 'categorical') out.levels = col.levels.length;
    return out;
  });
  const sites: report.SiteSummary[] = [];
  if (schema.site !== undefined) {
    const bySite = new Map<string, { n: number; events: number }>();
    const labels = table.strings(schema.site);
    labels.forEach((s, i) => {
      const key = s ?? '(missing)';
      const e = bySite.get(key) ?? { n: 0, events: 0 };
      e.n += 1;
      e.events += y[i]!;
      bySite.set(key, e);
    });
    for (const [site, e] of bySite) sites.push({ site, n: e.n, events: e.events, nonEvents: e.n - e.events });
  }
  const summary: report.DataSummary = { source: loaded.file, nRows: table.nRows, target: schema.target, columns, sites };
  if (schema.positive !== undefined) summary.positive = schema.positive;
  if (schema.site !== undefined) summary.site = schema.site;
  return summary;
}
