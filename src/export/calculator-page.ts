import { createHash } from 'node:crypto';
import type { CalculatorSpec, FieldSpec } from '../browser/calculator/spec.js';
import { showNumber } from '../browser/calculator/spec.js';
import { html, SafeHtml } from '../report/escape.js';

/** The parts of a calculator page. */
export interface CalculatorPageInput {
  title: string;
  spec: CalculatorSpec;
  /** model.json as the page embeds it (JSON text). */
  modelJson: string;
  weights: Uint8Array;
  /** The wasm SIMD kernels, or null to run on the TypeScript tier. */
  wasm: Uint8Array | null;
  /** The calculator script bundle (build/browser/calculator.js). */
  script: string;
  card: SafeHtml;
}

const STYLE = `
:root{font-family:system-ui,sans-serif;line-height:1.45;color:#1b1b1b;background:#fff}
body{max-width:60rem;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
.fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.75rem 1.25rem}
.field label{display:block;font-weight:600}.unit{font-weight:400}
.field input,.field select{width:100%;box-sizing:border-box;padding:.35rem .45rem;font:inherit;border:1px solid #767676;border-radius:3px}
.field input:focus,.field select:focus,button:focus,a:focus,#batch-file:focus{outline:3px solid #1a5fb4;outline-offset:1px}
.hint{margin:.15rem 0 0;font-size:.85rem;color:#4a4a4a}
.msg{margin:.15rem 0 0;font-size:.9rem;min-height:1.2em}
.msg[data-kind=error]{color:#a4000f;font-weight:600}.msg[data-kind=warning]{color:#7a4b00}
[aria-invalid=true]{border-color:#a4000f!important;border-width:2px!important}
.result{border:2px solid #1a5fb4;border-radius:6px;padding:.25rem 1rem 1rem}
#risk{font-size:2rem;font-weight:700;display:block}
.warnings{color:#7a4b00}
.alert:not(:empty){color:#a4000f;font-weight:600;border-left:4px solid #a4000f;padding-left:.5rem}
.drop{border:2px dashed #767676;border-radius:6px;padding:1rem}
table{border-collapse:collapse;margin-top:.75rem}th,td{border:1px solid #c0c0c0;padding:.25rem .5rem;text-align:left}
caption{text-align:left;font-weight:600;padding-bottom:.25rem}
.card dt{font-weight:600;margin-top:.5rem}.card dd{margin-left:0}
#engine{font-size:.85rem;color:#4a4a4a}
`;

/** 'sha256-…' source expression of an inline script or style (CSP Level 2). */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** A data block: JSON or base64 text the script reads; never executed, so CSP does not gate it. */
function dataBlock(id: string, type: string, text: string): string {
  // '<' only occurs inside JSON strings, where \u003c means the same; base64 has none.
  return `<script type="${type}" id="${id}">${text.replace(/</g, '\\u003c')}</script>`;
}

function hint(f: FieldSpec): string {
  const parts: string[] = [];
  if (f.kind === 'numeric') {
    if (f.min !== undefined && f.max !== undefined) {
      parts.push(`Training range ${showNumber(f.min)} to ${showNumber(f.max)}.`);
      parts.push(`Accepted ${showNumber(f.acceptMin ?? f.min)} to ${showNumber(f.acceptMax ?? f.max)}.`);
    } else parts.push('Training range not recorded.');
  }
  if (f.missingAllowed) parts.push(f.kind === 'categorical' ? 'Choose “unknown” if it is not known: the model imputes it.' : 'Leave empty if unknown: the model imputes it.');
  return parts.join(' ');
}

function field(f: FieldSpec, i: number): SafeHtml {
  const id = `field-${i}`;
  const described = `${id}-hint ${id}-msg`;
  const label = html`<label for="${id}"><bdi>${f.name}</bdi>${f.unit !== undefined ? html`<span class="unit"> (<bdi>${f.unit}</bdi>)</span>` : ''}</label>`;
  const control =
    f.kind === 'categorical'
      ? html`<select id="${id}" name="${f.name}" aria-describedby="${described}"><option value="">${f.missingAllowed ? 'unknown (imputed)' : 'choose…'}</option>${(f.levels ?? []).map((l) => html`<option value="${l}">${l}</option>`)}</select>`
      : html`<input id="${id}" name="${f.name}" type="text" inputmode="decimal" autocomplete="off" spellcheck="false" aria-describedby="${described}">`;
  return html`<div class="field">${label}${control}<p class="hint" id="${id}-hint">${hint(f)}</p><p class="msg" id="${id}-msg" data-kind="" aria-live="polite"></p></div>`;
}

/**
 * One self-contained calculator page: inline style and module script allowed by their SHA-256
 * in a Content-Security-Policy of `default-src 'none'` (no request of any kind can leave the
 * page; 'wasm-unsafe-eval' lets it compile the embedded wasm kernels), the model, weights and
 * kernels as data blocks, the form, the risk output, batch mode and the model card.
 * @param input the parts.
 * @returns the HTML text.
 */
export function calculatorPage(input: CalculatorPageInput): string {
  const csp = [
    "default-src 'none'",
    `script-src ${cspHash(input.script)} 'wasm-unsafe-eval'`,
    `style-src ${cspHash(STYLE)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const features = input.spec.fields.map((f) => f.name).join(', ');
  const body = html`<main>
<h1>${input.title}</h1>
<p id="engine" data-tier="" data-ready="">Loading the model…</p>
<noscript><p>This calculator needs JavaScript; it runs entirely in this page and sends nothing anywhere.</p></noscript>
<section aria-labelledby="form-h">
<h2 id="form-h">Patient</h2>
<form id="calculator" novalidate autocomplete="off">
<div class="fields">${input.spec.fields.map(field)}</div>
<p><button type="reset">Clear all</button></p>
</form>
</section>
<section aria-labelledby="risk-h" class="result">
<h2 id="risk-h">Predicted risk</h2>
<output id="risk" data-testid="risk" data-value="" aria-live="polite" aria-describedby="interval unlike-sites warnings" for="${input.spec.fields.map((_, i) => `field-${i}`).join(' ')}">Enter the patient’s values.</output>
<p id="interval" data-testid="interval" data-lower="" data-upper=""></p>
<p id="unlike-sites" data-testid="unlike-sites" class="alert" role="status" data-flag="" data-closest="" data-ratio=""></p>
<ul id="warnings" data-testid="warnings" class="warnings" hidden></ul>
</section>
<section aria-labelledby="batch-h">
<h2 id="batch-h">Batch mode</h2>
<p>Choose or drop a CSV file with the columns <bdi>${features}</bdi>. It is read and scored in this page; nothing leaves it. The download has the format of <code>clinreg predict</code>.</p>
<div id="batch-drop" class="drop"><label for="batch-file">CSV file to score</label> <input id="batch-file" type="file" accept=".csv,text/csv"></div>
<p id="batch-status" role="status" data-rows=""></p>
<p><a id="batch-download" hidden>Download the predictions (CSV)</a></p>
<table id="batch-table" hidden><caption>Predictions</caption><thead><tr><th scope="col">Row</th><th scope="col">Probability</th><th scope="col">Outside the training range</th><th scope="col">Unlike every development site</th></tr></thead><tbody id="batch-rows"></tbody></table>
</section>
${input.card}
</main>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${html`${input.title}`.value}</title>
<style>${STYLE}</style>
</head>
<body>
${body.value}
${dataBlock('clinreg-spec', 'application/json', JSON.stringify(input.spec))}
${dataBlock('clinreg-model', 'application/json', input.modelJson)}
${dataBlock('clinreg-weights', 'application/octet-stream', Buffer.from(input.weights).toString('base64'))}
${input.wasm === null ? '' : dataBlock('clinreg-wasm', 'application/octet-stream', Buffer.from(input.wasm).toString('base64'))}
<script type="module">${input.script}</script>
</body>
</html>
`;
}
