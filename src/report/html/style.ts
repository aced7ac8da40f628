/** The report's only stylesheet, inlined in `<head>` (no external CSS, no web fonts). */
export const REPORT_CSS = `
:root { --fg: #1d1d1f; --muted: #5f6368; --line: #d9dce1; --bg: #fff; --panel: #f6f7f9;
  --crit: #b3261e; --warn: #8a5300; --info: #1a5fb4; --ok: #1e7b34; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 40px 0 8px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 24px 0 8px; }
.meta { color: var(--muted); margin: 0 0 12px; }
nav ol { display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; margin: 8px 0 16px; list-style: none; counter-reset: s; }
nav li { counter-increment: s; }
nav li::before { content: counter(s) ". "; color: var(--muted); }
a { color: var(--info); }
.table-wrap { overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; font-size: 0.9rem; min-width: 40%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; color: var(--muted); }
td code, th code { white-space: nowrap; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
thead th { background: var(--panel); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.sev { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 0.8rem; font-weight: 600; border: 1px solid; }
.sev-critical { color: var(--crit); } .sev-warning { color: var(--warn); } .sev-info { color: var(--info); }
.status-ok { color: var(--ok); }
.note { background: var(--panel); border-left: 4px solid var(--line); padding: 8px 12px; margin: 8px 0; }
.empty { color: var(--muted); font-style: italic; }
figure { margin: 16px 0 24px; }
figure svg { max-width: 100%; height: auto; display: block; }
/* The caption wraps to the chart's width instead of widening the figure (width 0, min-width 100%). */
figcaption { color: var(--muted); font-size: 0.88rem; margin-top: 4px; width: 0; min-width: 100%; }
figcaption strong { color: var(--fg); }
.charts { display: flex; flex-wrap: wrap; gap: 0 32px; align-items: flex-start; }
section > details > summary { cursor: pointer; font-weight: 600; color: var(--info); margin: 8px 0; }
details pre { white-space: pre-wrap; font-size: 0.8rem; margin: 4px 0; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.kv dt { color: var(--muted); } dl.kv dd { margin: 0; }
footer { color: var(--muted); font-size: 0.85rem; margin: 48px auto 24px; border-top: 1px solid var(--line); padding-top: 8px; }
@media print { nav { display: none; } h2 { break-after: avoid; } figure { break-inside: avoid; } }
`;
