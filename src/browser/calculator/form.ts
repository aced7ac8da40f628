// The single-patient form: check every field, then show the risk, its MC-dropout interval and
// the training-range warnings, after every change (DESIGN.md calculator page contract).
import type { ColumnType } from '../../data/column-builder.js';
import { fromRows, type Cell } from '../../data/from-rows.js';
import { predictRisk, riskInterval, unlikeSites, type ScoringModel, type UnlikeSitesCheck } from '../risk.js';
import { byId, make, type El } from './dom.js';
import { checkField, type CalculatorSpec } from './spec.js';

/**
 * Risk as a percentage for people, one decimal; a model risk is never 0 or 100 %, so values that
 * would round to them read '< 0.1 %' and '> 99.9 %'. The unrounded value goes in `data-value`.
 */
export function percent(p: number): string {
  if (p < 0.0005) return '< 0.1 %';
  if (p >= 0.9995) return '> 99.9 %';
  return `${(p * 100).toFixed(1)} %`;
}

/**
 * The warning for a patient unlike every development site, naming why: the closest site, how far
 * beyond its threshold, and what the threshold means.
 * @param check the model's unlike-sites check. @param flag the row's flag.
 */
export function unlikeSitesText(check: UnlikeSitesCheck, flag: { closestSite: string; ratio: number }): string {
  const share = Number(((1 - check.level) * 100).toPrecision(3));
  return `Unlike every development site: for each site, this patient is further from the site's average patient than ${share} % of its own patients are (closest: ${flag.closestSite}, ${flag.ratio.toFixed(2)} × that site's limit). The model was not checked on patients like this one; treat the risk with caution.`;
}

/**
 * Wire the form's controls (each named after its feature, with `<id>-msg` beside it) to the
 * risk output `#risk` (`data-value` = unrounded probability, empty when there is no risk).
 * @param model the loaded model.
 * @param spec the fields and the interval settings.
 */
export function wireForm(model: ScoringModel, spec: CalculatorSpec): void {
  const controls = spec.fields.map((f, i) => {
    const el = byId(`field-${i}`);
    if (el.name !== f.name) throw new Error(`clinreg calculator: #field-${i} is named ${el.name ?? '?'} but the spec says ${f.name}`);
    return el;
  });
  const messages = spec.fields.map((_, i) => byId(`field-${i}-msg`));
  const risk = byId('risk');
  const interval = byId('interval');
  const warnings = byId('warnings');
  const unlike = byId('unlike-sites');
  const names = spec.fields.map((f) => f.name);
  const types: Record<string, ColumnType> = Object.fromEntries(spec.fields.map((f) => [f.name, f.kind]));

  const noRisk = (why: string): void => {
    risk.setAttribute('data-value', '');
    risk.textContent = why;
    interval.setAttribute('data-lower', '');
    interval.setAttribute('data-upper', '');
    interval.textContent = '';
    showUnlike(unlike, null);
  };

  const update = (): void => {
    const results = spec.fields.map((f, i) => checkField(f, controls[i]!.value ?? ''));
    const warned: string[] = [];
    results.forEach((r, i) => {
      const text = r.error ?? r.warning ?? '';
      messages[i]!.textContent = text;
      messages[i]!.setAttribute('data-kind', r.error !== null ? 'error' : r.warning !== null ? 'warning' : '');
      if (r.error !== null) controls[i]!.setAttribute('aria-invalid', 'true');
      else controls[i]!.removeAttribute('aria-invalid');
      if (r.warning !== null) warned.push(r.warning);
    });
    showWarnings(warnings, warned);
    const errors = results.filter((r) => r.error !== null).length;
    if (errors > 0) return noRisk(`No risk: correct the ${errors === 1 ? 'entry' : `${errors} entries`} marked above.`);
    if (results.every((r) => r.cell === null)) return noRisk('Enter the patient’s values.');
    const table = fromRows(names, [results.map((r): Cell => r.cell)], { types, source: 'the form' });
    const p = predictRisk(model, table)[0]!;
    risk.setAttribute('data-value', String(p));
    risk.textContent = percent(p);
    showUnlike(unlike, unlikeSites(model, table));
    if (spec.hasDropout) {
      const { lower, upper } = riskInterval(model, table, 0, { passes: spec.passes, seed: spec.seed, percentiles: spec.percentiles });
      interval.setAttribute('data-lower', String(lower));
      interval.setAttribute('data-upper', String(upper));
      interval.textContent = `Model uncertainty (MC dropout, ${spec.passes} passes, ${spec.percentiles[0]}th–${spec.percentiles[1]}th percentile): ${percent(lower)} to ${percent(upper)}`;
    }
  };

  for (const c of controls) {
    c.addEventListener('input', update);
    c.addEventListener('change', update);
  }
  byId('calculator').addEventListener('submit', (e) => e.preventDefault());
  byId('calculator').addEventListener('reset', () => setTimeout(update, 0));
  update();
}

/** `#unlike-sites`: data-flag 'true'/'false' for a risk from a model with site profiles, '' otherwise (no risk, or no profiles). */
function showUnlike(el: El, check: UnlikeSitesCheck | null): void {
  const flag = check?.flagged[0];
  el.setAttribute('data-flag', check === null ? '' : String(flag !== undefined));
  el.setAttribute('data-closest', flag?.closestSite ?? '');
  el.setAttribute('data-ratio', flag === undefined ? '' : String(flag.ratio));
  el.textContent = check === null || flag === undefined ? '' : unlikeSitesText(check, flag);
}

function showWarnings(box: El, warned: readonly string[]): void {
  box.replaceChildren(...warned.map((w) => make('li', w)));
  box.hidden = warned.length === 0;
}
