import { html, type HtmlValue, type SafeHtml } from '../escape.js';

/**
 * An accessible HTML table: `<caption>`, column headers with `scope="col"`, and the first cell of
 * each row as a row header (`scope="row"`). Cells are escaped unless they are SafeHtml.
 * @param caption what the table shows (read first by screen readers).
 * @param head column headers.
 * @param rows body rows, each as long as `head`.
 * @param options.numeric per column: right-align (numbers). Default all false.
 * @example
 * dataTable('Sites', ['site', 'n'], [['va', 200]]);
 */
export function dataTable(
  caption: string,
  head: readonly HtmlValue[],
  rows: readonly (readonly HtmlValue[])[],
  options: { numeric?: readonly boolean[] } = {},
): SafeHtml {
  const num = (j: number): string | undefined => (options.numeric?.[j] === true ? 'num' : undefined);
  const cls = (j: number): SafeHtml => html`${num(j) !== undefined ? html` class="${num(j)}"` : ''}`;
  return html`<div class="table-wrap"><table>
<caption>${caption}</caption>
<thead><tr>${head.map((h, j) => html`<th scope="col"${cls(j)}>${h}</th>`)}</tr></thead>
<tbody>
${rows.map(
  (r) => html`<tr>${r.map((c, j) => (j === 0 ? html`<th scope="row"${cls(j)}>${c}</th>` : html`<td${cls(j)}>${c}</td>`))}</tr>
`,
)}</tbody>
</table></div>`;
}
