// The front page's first screen, per project: what serves staging now (probed), the newest
// finished run beside it (they differ often: a checks-only run is newer than the release), runs
// waiting for approval, and the last deploy attempts and rollbacks.
import type { StagingStatus } from '../../app/deploy/status.js';
import { esc } from '../../core/report/format.js';
import type { RunSummary } from '../run-index.js';
import { statusBadge, table, verdictBadge } from './layout.js';
import { SETTLED_RUN_STATUSES } from '../../core/evidence/vocabulary.js';

const SETTLED = new Set<string>(SETTLED_RUN_STATUSES);
const runLink = (r: { featureSha: string; runId: string }) => `<a href="/runs/${esc(r.featureSha)}/${esc(r.runId)}">${esc(r.runId)}</a>`;
const cmd = (text: string) => `<code class="cmd">${esc(text)}</code>`;

function stagingCard(staging: StagingStatus | undefined, runs: readonly RunSummary[]): string {
  const head = '<h2 id="staging-h">Staging now</h2>';
  if (staging === undefined) return `${head}<p>Staging is not visible from this dashboard (it shows evidence from <code>--reports</code>, not a project).</p><p class="muted">In the project folder: ${cmd('specgate status')}</p>`;
  const s = staging.serving;
  if (staging.state !== 'serving' || s === null) {
    const previous = staging.previous === null ? '' : `<p class="muted">Last served: run ${runLink(staging.previous)} (release ${esc(staging.previous.releaseId)}).</p>`;
    return `${head}<p class="big">${verdictBadge('na', 'nothing serves staging')}</p><p>${esc(staging.message)}</p>${previous}<p>Deploy the newest finished run: ${cmd('specgate deploy latest')}</p>`;
  }
  const known = runs.find((r) => r.runId === s.runId && r.featureSha === s.featureSha);
  const h = s.health;
  const health = `${verdictBadge(staging.healthy ? 'pass' : 'fail', staging.healthy ? 'healthy' : 'unhealthy')} <span class="muted">GET → ${esc(h.status ?? h.error ?? 'no answer')}${h.status === null ? '' : `, ${Math.round(h.latencyMs)} ms`}, checked ${esc(h.checkedAt)}</span>`;
  return `${head}<p class="big">Run ${runLink(s)} ${known === undefined ? '' : statusBadge(known.status)}</p>
<p>Feature <code>${esc(s.featureSha)}</code> · release <code>${esc(s.releaseId)}</code> · since ${esc(s.since)} · at <a href="${esc(staging.stagingUrl)}">${esc(staging.stagingUrl)}</a></p>
<p>Health now: ${health}</p><p>Restarts after crashes: <b>${s.restarts ?? 0}</b></p>
<p class="muted">Its report: ${cmd('specgate report deployed')}</p>`;
}

function newestCard(runs: readonly RunSummary[], staging: StagingStatus | undefined): string {
  const newest = runs.find((r) => SETTLED.has(r.status));
  const head = '<h2 id="newest-h">Newest finished run</h2>';
  if (newest === undefined) return `${head}<p>No finished run yet. Start one: ${cmd('specgate run')}</p>`;
  const serving = staging?.serving ?? null;
  const same = serving !== null && serving.runId === newest.runId && serving.featureSha === newest.featureSha;
  const relation = serving === null ? '' : same ? '<p><span class="tag tag-deployed">serving staging</span> it is the deployed release.</p>' : `<p><b>Not what staging serves</b> (staging: run ${runLink(serving)}).</p>`;
  const why = newest.scenarios !== undefined && newest.scenarios.failed > 0 ? `${newest.scenarios.failed} of ${newest.scenarios.total} scenarios failed` : newest.problem;
  return `${head}<p class="big">Run ${runLink(newest)} ${statusBadge(newest.status)}</p><p>Feature <code>${esc(newest.featureSha)}</code> · ${esc(newest.mode)} · finished ${esc(newest.endedAt)}</p>${why === undefined ? '' : `<p>${esc(why)}</p>`}${relation}<p class="muted">Its report: ${cmd('specgate report latest')}</p>`;
}

function approvalsCard(runs: readonly RunSummary[]): string {
  const waiting = runs.filter((r) => r.status === 'awaiting-approval');
  const head = '<h2 id="approvals-h">Pending approvals</h2>';
  if (waiting.length === 0) return `${head}<p>${verdictBadge('pass', 'none waiting')}</p><p class="muted">Compliance runs stop here until someone other than the initiator approves.</p>`;
  const items = waiting.slice(0, 5).map((r) => `<li>${runLink(r)} by ${esc(r.initiator)}${r.approvals > 0 ? ' — approved, resume with ' + cmd(`specgate run --resume ${r.runId}`) : ' — ' + cmd(`specgate approve ${r.runId}`)}</li>`);
  return `${head}<p class="big">${verdictBadge('pending', `${waiting.length} waiting`)}</p><ul>${items.join('')}</ul>${waiting.length > 5 ? '<p><a href="/approvals">all approvals</a></p>' : ''}`;
}

const DEPLOY_WORD: Readonly<Record<string, string>> = { success: 'deployed', warning: 'deployed after retries', failure: 'failed, rolled back', blocked: 'blocked', interrupted: 'interrupted' };

function deploysSection(runs: readonly RunSummary[]): string {
  const deploys = runs.filter((r) => r.deploy !== undefined).slice(0, 5);
  const rows = deploys.map((r) => [
    runLink(r),
    `<code>${esc(r.featureSha)}</code>`,
    esc(r.deploy?.endedAt ?? ''),
    statusBadge(r.deploy?.status ?? '', DEPLOY_WORD[r.deploy?.status ?? ''] ?? r.deploy?.status),
    esc(r.deploy?.summary ?? ''),
  ]);
  return `<h2>Last deploy attempts and rollbacks</h2>${table(['Run', 'Feature', 'Finished', 'Outcome', 'Summary'], rows, `No run has deployed yet. A run deploys in its deploy stage, or by hand: ${cmd('specgate deploy latest')}`)}`;
}

export function environmentSection(project: string | undefined, staging: StagingStatus | undefined, runs: readonly RunSummary[]): string {
  return `<h1>${project === undefined ? 'Project' : `Project ${esc(project)}`}</h1>
<div class="cards"><section class="card" aria-labelledby="staging-h">${stagingCard(staging, runs)}</section>
<section class="card" aria-labelledby="newest-h">${newestCard(runs, staging)}</section>
<section class="card" aria-labelledby="approvals-h">${approvalsCard(runs)}</section></div>
${deploysSection(runs)}
<p>How pass rate, coverage, durations and findings move over the last runs: <a href="/trends">Trends</a></p>`;
}
