// The box a failed or warning run page opens with: what broke first, the tail of the command's
// output (with a link to the whole log), the failing scenarios with their step and error, and the
// error findings. Everything in it is evidence text: escaped.
import type { FailureCause } from '../../core/report/cause.js';
import { esc } from '../../core/report/format.js';
import { table } from './layout.js';

export interface CauseView {
  readonly cause: FailureCause;
  /** The last lines of `cause.log`, when it could be read. */
  readonly logTail?: string;
  /** Set when the viewer has not logged in: the output stays hidden and this is the login link. */
  readonly login?: string;
}

/** What stands in for command output until the viewer logs in (logs can hold secrets). */
export function logLoginNote(login: string, what: string): string {
  return `<p class="muted">${esc(what)} is shown after you <a href="${esc(login)}">log in with the dashboard token</a>: command output can contain secrets.</p>`;
}

function fileLink(base: string, rel: string): string {
  return `${esc(base)}/files/${rel.split('/').map(encodeURIComponent).join('/')}`;
}

export function causeSection(view: CauseView, base: string): string {
  const { cause, logTail, login } = view;
  const tone = cause.status === 'warning' ? 'warn' : 'fail';
  const gates = cause.gates.length <= 1 ? '' : `<ul>${cause.gates.map((g) => `<li><b>${esc(g.gate)}</b> ${esc(g.outcome)}: ${esc(g.reason)}</li>`).join('')}</ul>`;
  const log =
    cause.log === undefined
      ? ''
      : `<h3>Output of <code>${esc(cause.log)}</code> (last lines)</h3>${login !== undefined ? logLoginNote(login, 'The output') : logTail === undefined || logTail === '' ? '<p class="muted">The log is empty or could not be read.</p>' : `<pre class="tail" tabindex="0" aria-label="last lines of ${esc(cause.log)}">${esc(logTail)}</pre>`}<p><a href="${fileLink(base, cause.log)}">Full log ${esc(cause.log)}</a></p>`;
  const s = cause.scenarios;
  const scenarios =
    s.failed === 0
      ? ''
      : `<h3>${s.failed} of ${s.total} scenarios failed</h3>${table(
          ['Scenario', 'Location', 'Failing step', 'Error'],
          s.rows.map((r) => [
            `${esc(r.name)}${r.example === null ? '' : ` (example ${r.example + 1})`} <span class="muted">${esc(r.status)}</span>`,
            `<code>${esc(r.location)}</code>`,
            r.step === undefined ? '<span class="muted">not recorded</span>' : esc(r.step),
            r.error === undefined ? '' : `<code class="err">${esc(r.error)}</code>`,
          ]),
        )}`;
  const findings =
    cause.findings.length === 0
      ? ''
      : `<h3>${cause.findings.length} spec error(s)</h3>${table(['Location', 'Scenario', 'Code', 'Message'], cause.findings.map((f) => [`<code>${esc(f.location)}</code>`, esc(f.scenario ?? ''), `<code>${esc(f.code)}</code>`, esc(f.message)]))}`;
  return `<section class="cause cause-${tone}" aria-labelledby="cause-h"><h2 id="cause-h">Why this run ${cause.status === 'warning' ? 'has warnings' : 'failed'}</h2>
<p class="headline">${esc(cause.headline)}</p>${gates}${log}${scenarios}${findings}</section>`;
}
