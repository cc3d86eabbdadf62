// The HTML frame every dashboard page shares. No inline script or style: the CSP allows only
// /static/app.js and /static/app.css.
import { esc } from '../../core/report/format.js';
import { VERDICT_ICON, type Verdict } from '../../core/report/model.js';

export interface PageOptions {
  /** When set, app.js listens on /events and reloads the page when this key's version changes. */
  readonly live?: string;
}

export function page(title: string, body: string, options: PageOptions = {}): string {
  const live = options.live === undefined ? '' : ` data-live="${esc(options.live)}"`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · specgate</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/static/app.css"><script src="/static/app.js" defer></script></head>
<body${live}><header><a class="brand" href="/">specgate</a><nav><a href="/">Runs</a><a href="/trends">Trends</a><a href="/approvals">Approvals</a><a href="/ledger">Ledger</a></nav></header>
<main>
${body}
</main></body></html>
`;
}

const STATUS_VERDICT: Readonly<Record<string, Verdict>> = {
  success: 'pass', warning: 'warn', failure: 'fail', blocked: 'fail', interrupted: 'fail', damaged: 'fail',
  running: 'pending', 'awaiting-approval': 'pending', skipped: 'na',
};

export function statusBadge(status: string, label = status): string {
  const v = STATUS_VERDICT[status] ?? 'na';
  return `<span class="st st-${v}"><span aria-hidden="true">${VERDICT_ICON[v]}</span> ${esc(label)}</span>`;
}

/** Status in words beside the colour and the emoji: neither alone carries meaning. */
const VERDICT_WORD: Readonly<Record<Verdict, string>> = { pass: 'pass', fail: 'fail', warn: 'warning', pending: 'pending', na: 'n/a' };

export function verdictBadge(v: Verdict, text?: string): string {
  return `<span class="st st-${v}"><span aria-hidden="true">${VERDICT_ICON[v]}</span> ${esc(text ?? VERDICT_WORD[v])}</span>`;
}

/** Builds a query string from defined values only. */
export function qs(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '');
  return entries.length === 0 ? '' : `?${entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}`;
}

/** `empty` is HTML (it may teach a command in <code>); escape any evidence text placed in it. */
export function table(head: readonly string[], rows: readonly (readonly string[])[], empty = 'Nothing recorded.', label = head.join(', ')): string {
  if (rows.length === 0) return `<p class="muted">${empty}</p>`;
  // Wide tables scroll inside their own focusable region, never the page (390 px screens).
  return `<div class="tw" tabindex="0" role="region" aria-label="${esc(label)}"><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c, i) => `<td data-label="${esc(head[i] ?? '')}">${c}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
}
