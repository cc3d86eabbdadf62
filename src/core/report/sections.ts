// The sections that answer a CTO's and an auditor's questions first: which scenarios failed, the one
// verification table (each claim → its evidence files and its recipe), what changed since the
// previous release, and the declared budgets beside the measured usage.
import type { Budgets, DeclaredBudget } from './budgets.js';
import { CHANGE_LIST_MAX, type ReleaseChanges } from './changes.js';
import { list, p, tableBlock, type Block, type Inline, type ReportLinks, type Section } from './document.js';
import type { ExecutiveReport } from './model.js';
import { recipeAnchor } from './recipes.js';
import { LEDGER_PATH } from '../evidence/vocabulary.js';

const n = (v: number | null, unit = ''): string => (v === null ? 'n/a' : `${v}${unit}`);

export function failedSection(r: ExecutiveReport): Section | undefined {
  const f = r.failedScenarios;
  if (f.failed === 0) return undefined;
  const rows = f.rows.map((s): Inline[][] => [
    [`${s.name}${s.example === null ? '' : ` (example ${s.example + 1})`}`, ` — ${s.status}`],
    [{ code: s.location }],
    [s.step ?? 'not recorded'],
    s.error === undefined ? [''] : [{ code: s.error }],
  ]);
  return { id: 'failed', title: `Failed scenarios (${f.failed} of ${f.total})`, blocks: [tableBlock(['Scenario', 'Location', 'Failing step', 'Error'], rows)] };
}

export function verificationSection(r: ExecutiveReport, links: ReportLinks): Section {
  const rows = r.metrics.map((m): Inline[][] => [
    [m.metric],
    [m.target],
    [{ verdict: m.status }, ` — ${m.detail}`],
    m.evidence.flatMap((file, i): Inline[] => [...(i === 0 ? [] : [', ']), { href: file === LEDGER_PATH ? links.ledger : links.file(file), text: file }]),
    [{ href: `#${recipeAnchor(m.recipe)}`, text: 'how to verify' }],
  ]);
  return {
    id: 'verification',
    title: 'Verification',
    blocks: [
      p('Every status was computed when this report was generated, from the files in the run folder (digests, signatures, schemas, the ledger chain). ❌ fail means missing or failing evidence; ⏳ pending means not decidable yet.'),
      tableBlock(['Claim', 'Target', 'Result', 'Evidence', 'Verify'], rows),
    ],
  };
}

const named = (label: string, xs: readonly string[]): Inline[] => {
  const shown = xs.slice(0, CHANGE_LIST_MAX).join('; ');
  return [{ strong: `${label} (${xs.length})` }, xs.length === 0 ? ': none' : `: ${shown}${xs.length > CHANGE_LIST_MAX ? `; and ${xs.length - CHANGE_LIST_MAX} more` : ''}`];
};
const points = (d: number | null): string => (d === null ? 'n/a (not recorded on both sides)' : `${d > 0 ? '+' : d < 0 ? '−' : '±'}${Math.abs(d).toFixed(1)} points`);

export function changesSection(c: ReleaseChanges): Section {
  if (c.state === 'none') return { id: 'changes', title: 'Changes since the previous release', blocks: [p(`No earlier release to compare with: ${c.reason}.`)] };
  return {
    id: 'changes',
    title: 'Changes since the previous release',
    blocks: [
      p('Compared with run ', { code: c.previous.runId }, ' (feature ', { code: c.previous.featureSha }, '), the release that served staging before this run. Its figures are as it recorded them.'),
      list([
        named('Scenarios added', c.scenarios.added),
        named('Scenarios removed', c.scenarios.removed),
        [{ strong: 'Scenario pass rate' }, `: ${points(c.passRateDelta)}`],
        [{ strong: 'Code coverage' }, `: ${points(c.codeCoverageDelta)}`],
        named('New dependencies', c.dependencies.added),
        named('Dependencies removed', c.dependencies.removed),
        named('Dependencies upgraded', c.dependencies.upgraded),
        named('New SAST findings', c.newFindings),
        [{ strong: 'SAST findings fixed' }, `: ${c.fixedFindings}`],
      ]),
    ],
  };
}

const declaredCells = (b: DeclaredBudget): Inline[][] => [[n(b.storyPoints)], [n(b.cpu)], [n(b.memoryMi)], [n(b.storageMb)]];

function measuredTable(b: Budgets): Block {
  const m = b.measured;
  const measured: Inline[][] =
    m === null
      ? [['Measured after deploy'], ['–'], ['not measured'], ['not measured'], ['not measured']]
      : [['Measured after deploy (whole service)'], ['–'], [`peak ${n(m.cpuPeak)}, mean ${n(m.cpuMean)}`], [`peak RSS ${n(m.peakRssMi)}`], ['not measured']];
  const limits: Inline[][] = m === null ? [] : [['Limit at deploy'], ['–'], [n(m.limits.cpu)], [n(m.limits.memoryMi)], ['–']];
  const verdict: Inline[][] = m === null || m.within === null ? [] : [['Within limits'], ['–'], [{ verdict: m.within ? 'pass' : 'fail', text: m.within ? 'yes' : 'no' }], [''], ['']];
  const declared: Inline[][] = [[`Declared by ${b.total.scenarios} scenario(s): points summed, resources the largest one`], ...declaredCells(b.total)];
  return tableBlock(['Budget', 'Story points', 'CPU (cores)', 'Memory (MiB)', 'Storage (MB)'], [declared, limits, measured, verdict].filter((r) => r.length > 0));
}

export function budgetsSection(b: Budgets | null): Section {
  const title = 'Budgets: declared and measured';
  if (b === null) return { id: 'budgets', title, blocks: [p('resource-estimates.json is missing or unreadable: no declared budgets to show.')] };
  const perFeature = b.features.map((f): Inline[][] => [[f.feature], [{ code: f.location }], ...declaredCells(f)]);
  const perScenario = b.scenarios.map((s): Inline[][] => [[s.feature], [s.scenario], [{ code: s.location }], ...declaredCells(s)]);
  const blocks: Block[] = [
    measuredTable(b),
    p('Per feature (points summed, resources the largest scenario):'),
    tableBlock(['Feature', 'File', 'Story points', 'CPU (cores)', 'Memory (MiB)', 'Storage (MB)'], perFeature),
    p('Per scenario, as declared by its @resource tag:'),
    tableBlock(['Feature', 'Scenario', 'Location', 'Story points', 'CPU (cores)', 'Memory (MiB)', 'Storage (MB)'], perScenario),
  ];
  if (b.unbudgeted.length > 0) blocks.push(p(`No valid budget (${b.unbudgeted.length}): ${b.unbudgeted.join('; ')}.`));
  return { id: 'budgets', title, blocks };
}
