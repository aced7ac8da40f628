import type { Recalibration } from '../io/recalibration.js';
import { html, type SafeHtml } from '../report/escape.js';

/** What the model card shows; everything beyond the outcome is optional. */
export interface ModelCardInput {
  /** Outcome column and, when the target was recoded, the rule that defines an event. */
  target: string;
  positive?: string;
  features: readonly string[];
  /** results.json of the run that trained the model (sites, validation), when found. */
  results?: unknown;
  recalibration: Recalibration | null;
  /** The model's stored site profiles (level and development sites with their sizes), or null when it has none. */
  siteProfiles?: { level: number; sites: { site: string; n: number }[] } | null;
  /** Intended use and limits, in the exporter's words; a default states the generic limits. */
  intendedUse?: string;
  modelVersion?: string;
  modelCreated?: string;
  exporterVersion: string;
  exported: string;
}

type Ci = [number, number];

interface SiteRow {
  site: string;
  n?: number;
  events?: number;
  auc?: number | null;
  ci?: Ci | null;
  oe?: number;
  oeCi?: Ci;
  slope?: number;
  slopeCi?: Ci;
  citl?: number;
  citlCi?: Ci;
  calibration?: { slope?: number; intercept?: number };
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const ci = (v: unknown): v is Ci => Array.isArray(v) && v.length === 2 && num(v[0]) && num(v[1]);
const f2 = (v: number): string => v.toFixed(2);
const withCi = (v: unknown, c: unknown): string => (num(v) ? `${f2(v)}${ci(c) ? ` (${f2(c[0])} to ${f2(c[1])})` : ''}` : '—');

function sites(results: unknown): SiteRow[] {
  const list = (results as { sites?: unknown } | undefined)?.sites;
  if (!Array.isArray(list)) return [];
  return list.filter((s): s is SiteRow => typeof s === 'object' && s !== null && typeof (s as SiteRow).site === 'string');
}

function slopeOf(s: SiteRow): { v: unknown; c: unknown } {
  return num(s.slope) ? { v: s.slope, c: s.slopeCi } : { v: s.calibration?.slope, c: undefined };
}

function citlOf(s: SiteRow): { v: unknown; c: unknown } {
  return num(s.citl) ? { v: s.citl, c: s.citlCi } : { v: s.calibration?.intercept, c: undefined };
}

function siteTable(rows: SiteRow[], scheme: string): SafeHtml {
  if (rows.length === 0) return html`<p>No per-site validation results were found beside the model (results.json), so none are shown.</p>`;
  const body = rows.map((s) => {
    const slope = slopeOf(s);
    const citl = citlOf(s);
    return html`<tr><th scope="row"><bdi>${s.site}</bdi></th><td>${num(s.n) ? s.n : '—'}</td><td>${num(s.events) ? s.events : '—'}</td><td>${withCi(s.auc, s.ci)}</td><td>${withCi(s.oe, s.oeCi)}</td><td>${withCi(slope.v, slope.c)}</td><td>${withCi(citl.v, citl.c)}</td></tr>`;
  });
  return html`<table class="card-table">
<caption>Development sites and ${scheme} validation (95% CI where computed)</caption>
<thead><tr><th scope="col">Site</th><th scope="col">Patients</th><th scope="col">Events</th><th scope="col">AUC</th><th scope="col">Observed : expected</th><th scope="col">Calibration slope</th><th scope="col">Calibration in the large</th></tr></thead>
<tbody>${body}</tbody></table>`;
}

const MEASURES: Record<string, string> = { auc: 'AUC', oe: 'Observed : expected', slope: 'Calibration slope', citl: 'Calibration in the large' };

interface Summary {
  measure?: unknown;
  method?: unknown;
  k?: unknown;
  estimate?: unknown;
  ci?: unknown;
  predictionInterval?: unknown;
  warning?: unknown;
}

function summary(results: unknown): SafeHtml | null {
  const list = (results as { summaries?: unknown } | undefined)?.summaries;
  if (Array.isArray(list)) {
    const items = (list as Summary[]).filter((x) => typeof x === 'object' && x !== null && typeof x.measure === 'string' && num(x.estimate));
    if (items.length > 0) {
      const li = items.map((x) => {
        const pi = ci(x.predictionInterval) ? `; at a new hospital (95% prediction interval) ${f2(x.predictionInterval[0])} to ${f2(x.predictionInterval[1])}` : '';
        return html`<li>${MEASURES[x.measure as string] ?? String(x.measure)}: ${withCi(x.estimate, x.ci)}${pi}${typeof x.method === 'string' ? ` (${x.method}${num(x.k) ? `, ${x.k} sites` : ''})` : ''}${typeof x.warning === 'string' ? html`. <em>${x.warning}</em>` : ''}</li>`;
      });
      return html`<p>Random-effects summaries across sites:</p><ul>${li}</ul>`;
    }
  }
  const h = (results as { heterogeneity?: { auc?: unknown; ci?: unknown; predictionInterval?: unknown; i2?: unknown } | null } | undefined)?.heterogeneity;
  if (h === undefined || h === null || !num(h.auc)) return null;
  const pi = ci(h.predictionInterval) ? `; at a new hospital 95% prediction interval ${f2(h.predictionInterval[0])} to ${f2(h.predictionInterval[1])}` : '';
  const i2 = num(h.i2) ? `; I² ${(h.i2 * 100).toFixed(0)} %` : '';
  return html`<p>Summary AUC across sites (random effects): ${withCi(h.auc, h.ci)}${pi}${i2}.</p>`;
}

const WEIGHT_UPDATES: Partial<Record<Recalibration['method'], string>> = {
  'output-layer': 'its output layer re-estimated',
  'fine-tune': 'all its weights fine-tuned',
};

function recalibrationText(r: Recalibration | null): SafeHtml {
  if (r === null) return html`<p>No local recalibration is stored with this model: risks are the model's own.</p>`;
  const changed = WEIGHT_UPDATES[r.method];
  if (changed !== undefined) {
    // These methods change the weights and store an identity mapping: a formula would mislead.
    return html`<p>Updated locally with clinreg update (${r.method}: ${changed}) on ${r.fittedOn.n} patients with ${r.fittedOn.events} events (<bdi>${r.fittedOn.source}</bdi>)${r.level !== undefined && r.level !== r.method ? html`, ${r.level}` : ''}. The calculator runs the updated weights; the development sites and their validation above are those of the model before the update.</p>`;
  }
  return html`<p>Recalibration stored with the model (${r.method}): logit′ = ${r.intercept.toFixed(3)} + ${r.slope.toFixed(3)} · logit, fitted on ${r.fittedOn.n} patients with ${r.fittedOn.events} events (<bdi>${r.fittedOn.source}</bdi>)${r.level !== undefined ? html`, ${r.level}` : ''}. The calculator applies it to every risk.</p>`;
}

/** The development sites and sizes: the stored site profiles' (the final model's rows), else results.json's. */
function developmentSites(input: ModelCardInput, rows: SiteRow[]): string {
  const list = input.siteProfiles?.sites ?? rows.filter((s) => num(s.n)).map((s) => ({ site: s.site, n: s.n! }));
  if (list.length === 0) return 'not recorded with this model (trained without a site column, and no results.json found)';
  const total = list.reduce((a, s) => a + s.n, 0);
  return `${list.length} site${list.length === 1 ? '' : 's'}, ${total} patients: ${list.map((s) => `${s.site} (${s.n})`).join(', ')}`;
}

/** What the page checks besides the training range. */
function unlikeSitesCheck(profiles: ModelCardInput['siteProfiles']): string {
  if (profiles === undefined || profiles === null) {
    return 'This model stores no site profiles (it was trained without a site column), so the calculator cannot flag patients unlike the development sites.';
  }
  const share = Number(((1 - profiles.level) * 100).toPrecision(3));
  return `Patients unlike every development site — further from each site's average patient than ${share} % of that site's own patients are — are flagged, as clinreg predict flags them.`;
}

/**
 * The calculator's model card (Mitchell et al., 2019; TRIPOD+AI items on intended use, sites and
 * validation): outcome, development sites and sizes, per-site external AUC and calibration with
 * CIs, the stored recalibration, intended use and limits, versions and dates.
 * @param input what is known about the model.
 */
export function modelCard(input: ModelCardInput): SafeHtml {
  const results = input.results as { validation?: unknown; validationReason?: unknown } | undefined;
  const rows = sites(input.results);
  const scheme = typeof results?.validation === 'string' ? results.validation : 'external';
  const validation = input.results === undefined
    ? 'not shown: no results.json of the training run was found beside the model (export --results FILE adds it)'
    : typeof results?.validationReason === 'string' ? `${scheme}: ${results.validationReason}` : scheme;
  const siteNames = rows.map((s) => s.site).join(', ');
  const outcome = input.positive !== undefined ? `${input.target} ${/^[<>=!]/.test(input.positive) ? input.positive : `= ${input.positive}`}` : `${input.target} = 1`;
  const intended =
    input.intendedUse ??
    `Estimates the probability of the outcome (${outcome}) for patients like those at the development sites${siteNames === '' ? '' : ` (${siteNames})`}. It supports, and does not replace, clinical judgement. It has not been validated outside these sites unless stated above; at a new hospital, check its calibration locally first (clinreg validate, clinreg update).`;
  return html`<section aria-labelledby="card-h" class="card">
<h2 id="card-h">Model card</h2>
<dl>
<dt>Outcome</dt><dd><bdi>${outcome}</bdi></dd>
<dt>Development sites</dt><dd><bdi>${developmentSites(input, rows)}</bdi></dd>
<dt>Inputs</dt><dd>${input.features.length} features: <bdi>${input.features.join(', ')}</bdi></dd>
<dt>Validation</dt><dd>${validation}</dd>
<dt>Intended use and limits</dt><dd>${intended} Inputs outside the training range are flagged. ${unlikeSitesCheck(input.siteProfiles)} Missing inputs are imputed from the development data, which makes the risk less specific to the patient.</dd>
<dt>Versions</dt><dd>model trained with clinreg ${input.modelVersion ?? 'unknown'}${input.modelCreated !== undefined ? ` on ${input.modelCreated}` : ''}; calculator exported with clinreg ${input.exporterVersion} on ${input.exported}</dd>
</dl>
${siteTable(rows, scheme)}
${summary(input.results)}
${recalibrationText(input.recalibration)}
</section>`;
}
