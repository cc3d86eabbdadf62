import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../../test/helpers/tmp.js';
import { generateKeyPair, signerFromPem } from '../../adapters/security/node-signer.js';
import { fingerprint } from '../../core/security/signature.js';
import { signRunDirectory } from './sign.js';
import { writeSignedProvenance } from './provenance.js';
import { verifyRun as verifyRunWith } from './verify.js';
import { nodeFs } from './node-ports.test-helper.js';
import { verifySigstoreBundle } from './sigstore-bundle.js';

const ARTIFACTS: Record<string, string> = {
  'spec-validation-report.json': '{"schemaVersion":1,"findings":[]}\n',
  'sbom.cyclonedx.json': '{"bomFormat":"CycloneDX"}\n',
  'logs/build.log': 'built\n',
};

const verifyRun = (runDir: string, key?: string) => verifyRunWith(runDir, key, { fs: nodeFs });
const keys = generateKeyPair();
const signer = signerFromPem(keys.privateKeyPem, { source: 'test', passphraseEnv: 'X' });

async function signedRun(options: { provenance?: boolean; runId?: string } = {}): Promise<string> {
  const runDir = tempDir('specgate-run-');
  writeTree(runDir, ARTIFACTS);
  const artifacts = Object.entries(ARTIFACTS).map(([p, c]) => ({
    path: p,
    sha256: createHash('sha256').update(c).digest('hex'),
    size: Buffer.byteLength(c),
    mediaType: 'application/json',
  }));
  writeFileSync(
    path.join(runDir, 'manifest.json'),
    JSON.stringify({ schemaVersion: 1, runId: options.runId ?? '20250924140440', featureSha: '005cc0262265', mode: 'compliance', keyFingerprint: fingerprint(keys.publicKeyPem), artifacts }, null, 2),
  );
  if (options.provenance ?? true) {
    await writeSignedProvenance(
      runDir,
      {
        runId: '20250924140440',
        featureSha: '005cc0262265',
        mode: 'compliance',
        project: 'payments',
        initiator: 'ci',
        toolVersion: '0.1.0',
        startedAt: '2025-09-24T14:04:40Z',
        finishedAt: '2025-09-24T14:06:00Z',
        specFiles: [{ path: 'features/a.feature', sha256: 'a'.repeat(64) }],
        stages: [{ name: 'preflight', status: 'success' }],
        approvals: [],
      },
      signer,
      nodeFs,
    );
  }
  await signRunDirectory(runDir, signer, nodeFs);
  return runDir;
}

describe('signRunDirectory + verifyRun', () => {
  it('verifies an untouched run, signatures included, and openssl accepts every .sig', async () => {
    const runDir = await signedRun();
    const result = await verifyRun(runDir, keys.publicKeyPem);
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ ok: true, keySource: 'given', provenance: { state: 'valid' } });
    expect(result.files.every((f) => f.signature === 'valid' && f.digest === 'ok')).toBe(true);
    const pub = path.join(runDir, 'signing.pub');
    const sigs = [...Object.keys(ARTIFACTS), 'manifest.json'];
    for (const rel of sigs) {
      const der = Buffer.from(readFileSync(path.join(runDir, `${rel}.sig`), 'utf8'), 'base64');
      const derFile = path.join(tempDir(), 'sig.der');
      writeFileSync(derFile, der);
      const out = execFileSync('openssl', ['dgst', '-sha256', '-verify', pub, '-signature', derFile, path.join(runDir, rel)]).toString();
      expect(out.trim()).toBe('Verified OK');
    }
  });

  it('names every artifact whose bytes changed, by one flipped byte', async () => {
    for (const rel of [...Object.keys(ARTIFACTS), 'manifest.json']) {
      const runDir = await signedRun();
      const file = path.join(runDir, rel);
      const bytes = readFileSync(file);
      bytes[0] = (bytes[0] ?? 0) ^ 0x01;
      writeFileSync(file, bytes);
      const result = await verifyRun(runDir, keys.publicKeyPem).catch((e: unknown) => e);
      if (rel === 'manifest.json') {
        // A flipped first byte breaks the JSON itself: the manifest is rejected outright.
        expect(result).toMatchObject({ code: 'MANIFEST_INVALID' });
        continue;
      }
      expect(result).toMatchObject({ ok: false });
      const paths = (result as Awaited<ReturnType<typeof verifyRun>>).problems.filter((p) => p.path === rel).map((p) => p.code);
      expect(paths).toEqual(expect.arrayContaining(['ARTIFACT_MODIFIED', 'SIGNATURE_INVALID']));
    }
  });

  it('property: any single bit flipped anywhere in any artifact is detected and named', async () => {
    const runDir = await signedRun();
    const names = Object.keys(ARTIFACTS);
    await fc.assert(
      fc.asyncProperty(fc.nat(names.length - 1), fc.nat(), fc.nat(7), async (which, offset, bit) => {
        const rel = names[which]!;
        const file = path.join(runDir, rel);
        const original = readFileSync(file);
        const bytes = Buffer.from(original);
        const at = offset % bytes.length;
        bytes[at] = (bytes[at] ?? 0) ^ (1 << bit);
        writeFileSync(file, bytes);
        try {
          const result = await verifyRun(runDir, keys.publicKeyPem);
          expect(result.ok).toBe(false);
          expect(result.problems.filter((p) => p.path === rel).map((p) => p.code).sort()).toEqual(['ARTIFACT_MODIFIED', 'SIGNATURE_INVALID']);
        } finally {
          writeFileSync(file, original);
        }
      }),
      { numRuns: 25 },
    );
    expect((await verifyRun(runDir, keys.publicKeyPem)).ok).toBe(true);
  });

  it('detects an edited manifest even when the JSON stays valid', async () => {
    const runDir = await signedRun();
    const file = path.join(runDir, 'manifest.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"schemaVersion": 1', '"schemaVersion": 2'));
    const result = await verifyRun(runDir, keys.publicKeyPem);
    expect(result.problems.map((p) => `${p.code} ${p.path}`)).toEqual(
      expect.arrayContaining(['SIGNATURE_INVALID manifest.json', 'PROVENANCE_INVALID provenance.intoto.jsonl']),
    );
  });

  it('reports missing and unexpected files by name', async () => {
    const runDir = await signedRun();
    rmSync(path.join(runDir, 'logs/build.log'));
    writeFileSync(path.join(runDir, 'extra.txt'), 'planted');
    mkdirSync(path.join(runDir, 'deep'));
    writeFileSync(path.join(runDir, 'deep/x.json'), '{}');
    const result = await verifyRun(runDir, keys.publicKeyPem);
    expect(result.ok).toBe(false);
    expect(result.unexpected).toEqual(['deep/x.json', 'extra.txt']);
    expect(result.problems.map((p) => `${p.code} ${p.path}`)).toEqual(
      expect.arrayContaining(['ARTIFACT_MISSING logs/build.log', 'ARTIFACT_UNEXPECTED extra.txt', 'ARTIFACT_UNEXPECTED deep/x.json']),
    );
  });

  it('rejects another key, and flags a key that differs from the manifest’s fingerprint', async () => {
    const runDir = await signedRun();
    const other = generateKeyPair();
    const result = await verifyRun(runDir, other.publicKeyPem);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['FINGERPRINT_MISMATCH', 'SIGNATURE_INVALID', 'PROVENANCE_INVALID']));
  });

  it('uses the run’s signing.pub when no key is given, and warns to compare it out of band', async () => {
    const runDir = await signedRun();
    const result = await verifyRun(runDir);
    expect(result).toMatchObject({ ok: true, keySource: 'run', fingerprint: fingerprint(keys.publicKeyPem) });
    expect(result.warnings.join('\n')).toMatch(/out of band/);
  });

  it('rejects a provenance that describes another run than the manifest', async () => {
    const runDir = await signedRun({ runId: '20250924150000' });
    const result = await verifyRun(runDir, keys.publicKeyPem);
    expect(result.provenance.state).toBe('invalid');
    expect(result.problems.map((p) => p.message).join('\n')).toMatch(/describes another run: runId "20250924140440" \(manifest: "20250924150000"\)/);
  });

  it('detects a tampered provenance envelope', async () => {
    const runDir = await signedRun();
    const file = path.join(runDir, 'provenance.intoto.jsonl');
    const envelope = JSON.parse(readFileSync(file, 'utf8'));
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
    statement.predicate.buildDefinition.externalParameters.mode = 'sandbox';
    envelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    writeFileSync(file, `${JSON.stringify(envelope)}\n`);
    const result = await verifyRun(runDir, keys.publicKeyPem);
    expect(result.provenance.state).toBe('invalid');
    expect(result.problems.map((p) => p.code)).toContain('PROVENANCE_INVALID');
  });

  it('writes a Sigstore bundle beside the provenance that verifies and carries the same statement', async () => {
    const runDir = await signedRun();
    const bundle = JSON.parse(readFileSync(path.join(runDir, 'provenance.sigstore.json'), 'utf8'));
    expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(bundle.verificationMaterial.publicKey.hint).toBe(fingerprint(keys.publicKeyPem));
    const envelope = JSON.parse(readFileSync(path.join(runDir, 'provenance.intoto.jsonl'), 'utf8'));
    expect(bundle.dsseEnvelope.payload).toBe(envelope.payload);
    bundle.dsseEnvelope.payload = Buffer.from('{"_type":"forged"}').toString('base64');
    writeFileSync(path.join(runDir, 'provenance.sigstore.json'), JSON.stringify(bundle));
    const result = await verifyRun(runDir, keys.publicKeyPem);
    expect(result.problems.map((p) => `${p.code} ${p.path}`)).toEqual(['PROVENANCE_INVALID provenance.sigstore.json']);
  });

  it('our DSSE signature verifies under @sigstore/verify: our PAE is Sigstore’s PAE', async () => {
    const runDir = await signedRun();
    const ours = JSON.parse(readFileSync(path.join(runDir, 'provenance.intoto.jsonl'), 'utf8'));
    const bundle = JSON.parse(readFileSync(path.join(runDir, 'provenance.sigstore.json'), 'utf8'));
    bundle.dsseEnvelope.signatures[0].sig = ours.signatures[0].sig;
    expect(await verifySigstoreBundle(JSON.stringify(bundle), keys.publicKeyPem)).toBe(ours.payload);
    bundle.dsseEnvelope.payloadType = 'application/json';
    await expect(verifySigstoreBundle(JSON.stringify(bundle), keys.publicKeyPem)).rejects.toThrow();
  });

  it('checks digests of an unsigned run and says signatures were not checked', async () => {
    const runDir = tempDir('specgate-run-');
    writeTree(runDir, { 'a.json': '{}' });
    const manifest = { artifacts: [{ path: 'a.json', sha256: createHash('sha256').update('{}').digest('hex'), size: 2, mediaType: 'application/json' }] };
    writeFileSync(path.join(runDir, 'manifest.json'), JSON.stringify(manifest));
    const ok = await verifyRun(runDir);
    expect(ok).toMatchObject({ ok: true, keySource: 'none' });
    expect(ok.warnings.join('\n')).toMatch(/not checked/);
    appendFileSync(path.join(runDir, 'a.json'), ' ');
    expect((await verifyRun(runDir)).problems.map((p) => p.code)).toEqual(['ARTIFACT_MODIFIED']);
  });

  it('never passes a run that claims a signature or compliance when no key can be found', async () => {
    const signed = await signedRun();
    rmSync(path.join(signed, 'signing.pub'));
    expect((await verifyRun(signed)).problems.map((p) => `${p.code} ${p.path}`)).toEqual(['SIGNATURE_MISSING signing.pub']);
    const runDir = tempDir('specgate-run-');
    writeFileSync(path.join(runDir, 'manifest.json'), JSON.stringify({ mode: 'compliance', artifacts: [] }));
    expect((await verifyRun(runDir)).problems.map((p) => p.code)).toEqual(['SIGNATURE_MISSING']);
  });

  it('refuses manifest paths that escape the run directory', async () => {
    const runDir = tempDir('specgate-run-');
    writeFileSync(path.join(runDir, 'manifest.json'), JSON.stringify({ artifacts: [{ path: '../../etc/passwd', sha256: 'a'.repeat(64), size: 1 }] }));
    await expect(verifyRun(runDir)).rejects.toMatchObject({ code: 'MANIFEST_INVALID' });
    expect(readdirSync(runDir)).toEqual(['manifest.json']);
  });
});
