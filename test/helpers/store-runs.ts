// Real, signed runs for the store tests, written in-process through the evidence recorder and the
// run signer the pipeline uses (manifest, artifacts, .sig files, signing.pub, ledger lines).
import * as path from 'node:path';
import { startRun } from '../../src/cli/compose-evidence.js';
import { signRunDirectory } from '../../src/cli/compose-security.js';
import { generateKeyPair, signerFromPem } from '../../src/adapters/security/node-signer.js';
import { fingerprint } from '../../src/core/security/signature.js';
import type { Signer } from '../../src/core/security/ports.js';
import type { Clock } from '../../src/core/ports.js';

export interface TestKey {
  readonly signer: Signer;
  readonly publicKeyPem: string;
  readonly fingerprint: string;
}

export function testKey(): TestKey {
  const pair = generateKeyPair();
  const signer = signerFromPem(pair.privateKeyPem, { source: 'test', passphraseEnv: 'NONE' });
  return { signer, publicKeyPem: pair.publicKeyPem, fingerprint: fingerprint(pair.publicKeyPem) };
}

export interface RunSpec {
  readonly featureSha?: string;
  readonly startedAt: Date;
  readonly mode?: 'sandbox' | 'compliance';
  /** `success` (signed), or `awaiting-approval` (paused, unsigned). */
  readonly status?: 'success' | 'failure' | 'awaiting-approval';
  /** Shared between runs to exercise blob deduplication. */
  readonly shared?: string;
  /** Adds a deploy report whose release ended up serving. */
  readonly deployTarget?: string;
  readonly key?: TestKey;
}

const fixedClock = (at: Date): Clock => ({ now: () => at, monotonicMs: () => 0 });

/** Writes one run under `reportsDir`; returns its folder, feature SHA and run id. */
export async function writeRun(reportsDir: string, spec: RunSpec): Promise<{ runDir: string; featureSha: string; runId: string }> {
  const featureSha = spec.featureSha ?? '005cc0262265';
  const recorder = await startRun({
    reportsDir,
    featureSha,
    mode: spec.mode ?? 'sandbox',
    initiator: 'dev@example.com',
    git: { commit: 'a'.repeat(40), dirty: false },
    toolVersion: '0.1.0-test',
    clock: fixedClock(spec.startedAt),
    recover: false,
  });
  await recorder.writeArtifact('spec-validation-report.json', `{"schemaVersion":1,"run":"${recorder.runId}","findings":[]}\n`, 'application/json');
  await recorder.writeArtifact('logs/shared.log', spec.shared ?? `log of ${recorder.runId} ${featureSha}\n`, 'text/plain');
  if (spec.deployTarget !== undefined) {
    const report = { schemaVersion: 1, target: spec.deployTarget, final: { state: 'serving-new-release', serving: { runId: recorder.runId, featureSha }, reason: 'healthy' } };
    await recorder.writeArtifact('deploy-report.json', `${JSON.stringify(report)}\n`, 'application/json');
  }
  const status = spec.status ?? 'success';
  if (status === 'awaiting-approval') {
    await recorder.setStatus('awaiting-approval');
    return { runDir: recorder.runDir, featureSha, runId: recorder.runId };
  }
  if (spec.key !== undefined) await recorder.setSigning({ publicKeyFingerprint: spec.key.fingerprint, algorithm: 'ecdsa-p256-sha256' });
  await recorder.finish(status);
  if (spec.key !== undefined) await signRunDirectory(recorder.runDir, spec.key.signer);
  await recorder.publishLatest();
  return { runDir: recorder.runDir, featureSha, runId: recorder.runId };
}

export function reportsOf(projectRoot: string): string {
  return path.join(projectRoot, 'reports');
}
