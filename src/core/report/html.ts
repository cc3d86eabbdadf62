// Prints the report document as HTML: a body fragment the dashboard embeds, and a standalone
// document for `specgate report --format html`. Everything from evidence is escaped.
import { VERDICT_ICON, type ExecutiveReport, type Verdict } from './model.js';
import { esc } from './format.js';
import { runFolderLinks, type Block, type Inline, type ReportLinks } from './document.js';
import { reportDocument } from './report-document.js';

// The status in words beside the emoji: colour or an emoji alone carries no meaning for everyone.
const badge = (v: Verdict, text?: string): string => `<span class="v v-${v}"><span aria-hidden="true">${VERDICT_ICON[v]}</span> ${esc(text ?? v)}</span>`;

function inline(x: Inline): string {
  if (typeof x === 'string') return esc(x);
  if ('code' in x) return `<code>${esc(x.code)}</code>`;
  if ('strong' in x) return `<strong>${esc(x.strong)}</strong>`;
  if ('href' in x) return `<a href="${esc(x.href)}">${esc(x.text)}</a>`;
  return badge(x.verdict, x.text);
}

const line = (xs: readonly Inline[]): string => xs.map(inline).join('');

function block(b: Block, label: string): string {
  switch (b.kind) {
    case 'p':
      return `<p${b.note === true ? ' class="note"' : ''}>${line(b.text)}</p>`;
    case 'list': {
      const tag = b.ordered === true ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((i) => `<li>${line(i)}</li>`).join('')}</${tag}>`;
    }
    case 'table':
      // A wide table scrolls inside its own focusable region, not the page; data-label feeds the 390 px layout.
      return `<div class="tw" tabindex="0" role="region" aria-label="${esc(label)}"><table><thead><tr>${b.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${r.map((c, i) => `<td data-label="${esc(b.head[i] ?? '')}">${line(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table></div>`;
    case 'pre':
      return `<pre>${esc(b.text)}</pre>`;
    case 'h3':
      return `<h3 id="${esc(b.id)}">${esc(b.text)}</h3>`;
  }
}

/** One section's blocks (the dashboard's run page shows the budgets section this way). */
export function renderBlocks(blocks: readonly Block[], label: string): string {
  let n = 0;
  return blocks.map((b) => block(b, b.kind === 'table' && ++n > 1 ? `${label} ${n}` : label)).join('\n');
}

export function renderHtmlBody(r: ExecutiveReport, links: ReportLinks = runFolderLinks()): string {
  const doc = reportDocument(r, links);
  const parts = [`<h1>${esc(doc.title)}</h1>`, `<p class="overall">${line(doc.lead)}</p>`];
  for (const s of doc.sections) parts.push(`<h2 id="${esc(s.id)}">${esc(s.title)}</h2>`, renderBlocks(s.blocks, s.title));
  parts.push(`<p class="muted">${line(doc.footer)}</p>`);
  return parts.join('\n');
}

export const REPORT_CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2330}
.tw{max-width:100%;overflow-x:auto}table{border-collapse:collapse;margin:.5rem 0 1rem}code{overflow-wrap:anywhere}th,td{border:1px solid #d5d9e0;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f5f8}code,pre{font-family:ui-monospace,monospace;font-size:12px}pre{background:#f6f8fa;padding:.6rem;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere}
.note{background:#fff7e0;padding:.5rem .8rem;border-left:4px solid #e0a800}.overall{font-size:1.1rem}.muted{color:#5c6678}`;

export function renderHtml(r: ExecutiveReport, links: ReportLinks = runFolderLinks()): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(r.title)} · ${esc(r.overview.runId)}</title><style>${REPORT_CSS}</style></head>\n<body>\n${renderHtmlBody(r, links)}\n</body></html>\n`;
}
