// The pure report builder on synthetic evidence: gates per mode, nothing passes without evidence,
// and renderers escape what evidence files contain.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildExecutiveReport } from './build.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { EvidenceDoc, EvidenceName, RunEvidence } from './evidence.js';
import { EVIDENCE_FILES } from './evidence.js';

const ok = (name: EvidenceName, doc: unknown): EvidenceDoc => ({ file: EVIDENCE_FILES[name], state: 'ok', doc, schema: 'valid', problems: [] });
const missing = (name: EvidenceName): EvidenceDoc => ({ file: EVIDENCE_FILES[name], state: 'missing', schema: 'not-checked', problems: [] });

function evidence(mode: 'sandbox' | 'compliance', over: Partial<Record<EvidenceName, EvidenceDoc>> = {}, extra: Partial<RunEvidence> = {}): RunEvidence {
  const manifest = {
    runId: '20260101090000', featureSha: 'aaaaaaaaaaaa', mode, status: 'success', initiator: 'dev', startedAt: '2026-01-01T09:00:00Z', endedAt: '2026-01-01T09:01:00Z',
    stages: [{ name: 'deploy', status: 'success', startedAt: '2026-01-01T09:00:10Z', endedAt: '2026-01-01T09:00:40Z', summary: 'ok' }],
    artifacts: [{ path: 'sbom.cyclonedx.json', sha256: 'a'.repeat(64), size: 1 }],
    approvals: mode === 'compliance' ? [{ by: 'cto', at: '2026-01-01T09:00:05Z' }] : [],
  };
  return {
    phase: 'finished',
    generatedAt: new Date('2026-01-02T00:00:00Z'),
    project: 'p',
    docs: {
      manifest: ok('manifest', manifest),
      validation: ok('validation', { status: 'pass', findings: [], files: [{ path: 'features/a.feature', sha256: 'b'.repeat(64) }] }),
      coverage: ok('coverage', { totals: { total: 2, implemented: 2, passed: 2 }, percentPassed: 100, threshold: 100, code: { file: 'c.json', lines: { pct: 90 }, threshold: 70 } }),
      estimates: ok('estimates', { measured: { withinLimits: true, peakRssMi: 50, cpuPeak: 0.1 } }),
      sarif: ok('sarif', { version: '2.1.0', runs: [{ tool: { driver: { name: 'eslint' } }, results: [] }] }),
      sbom: ok('sbom', { bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ name: 'ms', version: '2.1.3' }] }),
      deploy: ok('deploy', { attempts: [{ number: 1, outcome: 'succeeded', healthSamples: [{ status: 200, ok: true }] }], success: true, rolledBack: false, final: { state: 'serving-new-release' } }),
      generation: ok('generation', { branch: { branch: 'auto/spec-implementation/aaaaaaaaaaaa-v2' } }),
      image: missing('image'),
      ...over,
    },
    digests: [{ path: 'sbom.cyclonedx.json', status: 'ok', detail: 'digest matches' }],
    signatures: { keySource: 'given', fingerprint: 'f'.repeat(64), files: [{ path: 'manifest.json', status: 'valid', detail: 'signature valid' }], unexpected: [] },
    provenance: { state: 'valid', detail: 'ok' },
    ledger: { present: true, ok: true, lines: 3, checkpoints: [{ lineNo: 1, time: '2026-01-01T09:00:00Z', runId: '20260101090000', featureSha: 'aaaaaaaaaaaa', stage: 'run', status: 'started', artifact: '-', chain: 'c'.repeat(64) }] },
    trend: [],
    approvals: { listed: 1, entries: mode === 'compliance' ? [{ by: 'cto', at: '2026-01-01T09:00:05Z', state: 'verified', detail: 'signed by a listed approver' }] : [] },
    ...extra,
  };
}

const metric = (ev: RunEvidence, name: string) => buildExecutiveReport(ev).metrics.find((m) => m.metric === name);

describe('buildExecutiveReport', () => {
  it('passes everything when all evidence is present and verified', () => {
    const r = buildExecutiveReport(evidence('compliance'));
    expect(r.overall.status).toBe('pass');
    expect(r.metrics.every((m) => m.status === 'pass')).toBe(true);
    expect(r.overview.branch).toBe('auto/spec-implementation/aaaaaaaaaaaa-v2');
  });

  it('applies docs/contracts.md §6: low code coverage warns in sandbox and fails in compliance', () => {
    const low = { coverage: ok('coverage', { totals: { total: 2, implemented: 2, passed: 2 }, percentPassed: 100, threshold: 100, code: { lines: { pct: 40 }, threshold: 70 } }) };
    expect(metric(evidence('sandbox', low), 'Code coverage')?.status).toBe('warn');
    expect(metric(evidence('compliance', low), 'Code coverage')?.status).toBe('fail');
  });

  it('an unsigned run warns in sandbox and fails in compliance', () => {
    const unsigned = { signatures: { keySource: 'none' as const, files: [], unexpected: [] } };
    expect(metric(evidence('sandbox', {}, unsigned), 'Signature verification')?.status).toBe('warn');
    expect(metric(evidence('compliance', {}, unsigned), 'Signature verification')?.status).toBe('fail');
  });

  it('a fingerprint that differs from the manifest fails signatures', () => {
    const ev = evidence('compliance', {}, { signatures: { keySource: 'run', fingerprint: 'f'.repeat(64), manifestFingerprint: 'e'.repeat(64), files: [], unexpected: [] } });
    expect(metric(ev, 'Signature verification')).toMatchObject({ status: 'fail', detail: expect.stringContaining('differs') });
  });

  it('self-approval does not count', () => {
    const ev = evidence('compliance');
    const m = ev.docs.manifest.doc as { approvals: unknown[] };
    m.approvals = [{ by: 'dev', at: 'x' }];
    expect(metric(ev, 'Approval')).toMatchObject({ status: 'fail', detail: expect.stringContaining('initiator') });
  });

  it('compliance: a recorded approval that was not verified against the listed approvers never counts', () => {
    for (const state of ['unsigned', 'rejected', 'unchecked'] as const) {
      const ev = evidence('compliance', {}, { approvals: { listed: 1, entries: [{ by: 'cto', at: 'x', state, detail: `why ${state}` }] } });
      expect(metric(ev, 'Approval'), state).toMatchObject({ status: 'fail', detail: expect.stringContaining(`cto: why ${state}`) });
    }
    // No verdicts at all (a caller that checked nothing): the recorded name is not enough either.
    expect(metric(evidence('compliance', {}, { approvals: undefined }), 'Approval')?.status).toBe('fail');
    expect(metric(evidence('compliance'), 'Approval')).toMatchObject({ status: 'pass', actual: 'signed' });
  });

  it('memory is MiB everywhere: peakRssMi, and a v1 deploy report\'s peakRssMb is still read as MiB', () => {
    const deployWith = (measured: Record<string, unknown>) =>
      ok('deploy', { attempts: [{ number: 1, outcome: 'succeeded', healthSamples: [{ status: 200, ok: true }] }], success: true, rolledBack: false, final: { state: 'serving-new-release' }, resources: { measured: { ...measured, cpuPeak: 0.1, limits: { cpu: 0.5, memoryMi: 128 } } } });
    const row = (measured: Record<string, unknown>) => buildExecutiveReport(evidence('sandbox', { deploy: deployWith(measured) })).deployment.resources.find((m) => m.metric === 'Memory (peak RSS)');
    expect(row({ peakRssMi: 61.4 })).toMatchObject({ target: '≤ 128 MiB', actual: '61.4 MiB', status: 'pass' });
    expect(row({ peakRssMb: 200 })).toMatchObject({ actual: '200 MiB', status: 'fail' });
    expect(metric(evidence('sandbox', { estimates: ok('estimates', { measured: { withinLimits: true, peakRssMb: 50, cpuPeak: 0.1 } }) }), 'Resource compliance')?.detail).toContain('peak RSS 50 MiB');
  });

  it('a document that fails its schema backs no claim', () => {
    const ev = evidence('sandbox', { sbom: { file: 'sbom.cyclonedx.json', state: 'ok', doc: { bomFormat: 'CycloneDX', components: [{}] }, schema: 'invalid', problems: ['/components/0 must have name'] } });
    expect(metric(ev, 'SBOM')).toMatchObject({ status: 'fail', detail: expect.stringContaining('does not match its schema') });
  });

  it('property: a metric whose evidence is missing is never a pass', () => {
    const deps: Record<string, EvidenceName[]> = {
      'Spec validation': ['validation'], 'Scenarios passing': ['coverage'], 'Spec coverage': ['coverage'], 'Code coverage': ['coverage'],
      'Resource compliance': ['estimates'], SAST: ['sarif'], SBOM: ['sbom'], Deployment: ['deploy'],
    };
    const names: EvidenceName[] = ['validation', 'coverage', 'estimates', 'sarif', 'sbom', 'deploy'];
    fc.assert(
      fc.property(fc.subarray(names, { minLength: 1 }), fc.constantFrom('sandbox' as const, 'compliance' as const), (gone, mode) => {
        const r = buildExecutiveReport(evidence(mode, Object.fromEntries(gone.map((n) => [n, missing(n)]))));
        for (const m of r.metrics) if ((deps[m.metric] ?? []).some((d) => gone.includes(d))) expect(m.status, m.metric).not.toBe('pass');
        expect(r.overall.status).not.toBe('pass');
      }),
    );
  });

  it('names the container image by digest, and counts SBOM components nested under it', () => {
    const digest = `sha256:${'d'.repeat(64)}`;
    const image = { reference: `registry.example/app@${digest}`, manifest: { digest }, base: { reference: 'oci:images/base:latest', manifestDigest: `sha256:${'e'.repeat(64)}` }, signature: { tag: `sha256-${'d'.repeat(64)}.sig` } };
    const sbom = { bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ name: 'app', type: 'container', components: [{ name: 'base' }, { name: 'ms' }] }] };
    const r = buildExecutiveReport(evidence('compliance', { image: ok('image', image), sbom: ok('sbom', sbom) }));
    expect(r.security.image).toMatchObject({ status: 'pass', digest, reference: image.reference });
    expect(renderMarkdown(r)).toContain(`**Container image**: registry.example/app@${digest}`);
    expect(r.security.sbom.components).toBe(3);
    // Unsigned: a compliance run cannot claim it; no image at all is "not applicable", never a pass.
    const unsigned = buildExecutiveReport(evidence('compliance', { image: ok('image', { ...image, signature: null }) }));
    expect(unsigned.security.image?.status).toBe('fail');
    expect(buildExecutiveReport(evidence('sandbox')).security.image?.status).toBe('na');
  });

  it('escapes evidence text in HTML and Markdown tables', () => {
    const ev = evidence('sandbox');
    const m = ev.docs.manifest.doc as { stages: { summary: string }[] };
    m.stages[0]!.summary = '<script>alert(1)</script> | pipe';
    const html = renderHtml(buildExecutiveReport(ev));
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(renderMarkdown(buildExecutiveReport(ev))).toContain('\\| pipe');
  });
});
