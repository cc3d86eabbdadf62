// `audit verify` as a use case: the hash chain recomputed, then checked against what signed
// evidence says it was (manifest anchors and ledger heads). The CLI, the pipeline's compliance
// pre-check, the report and the dashboard all reach the same verdict through here.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import type { AnchorVerdict } from '../../core/evidence/anchors.js';
import type { LedgerVerification } from '../../core/evidence/verify.js';
import type { Ledger } from '../../core/evidence/ports.js';
import { UsageError } from '../../core/errors.js';
import { checkLedgerAnchors } from './anchor-check.js';

export interface LedgerAudit {
  readonly ok: boolean;
  readonly chain: LedgerVerification & { readonly path: string };
  readonly anchors: AnchorVerdict;
}

/** What an audit reads: the ledger, and the files (manifests, signed heads) that anchor it. */
export interface LedgerAuditPorts {
  readonly ledger: Pick<Ledger, 'verify' | 'chainsAt'>;
  readonly fs: FileSystem;
}

export async function auditLedger(
  ports: LedgerAuditPorts,
  reportsDir: string,
  options: { readonly publicKeyPem?: string; readonly expectHead?: string; readonly parallelFromBytes?: number } = {},
): Promise<LedgerAudit> {
  const { ledger, fs } = ports;
  const chain = await ledger.verify(reportsDir, {
    ...(options.expectHead === undefined ? {} : { expectHead: options.expectHead }),
    ...(options.parallelFromBytes === undefined ? {} : { parallelFromBytes: options.parallelFromBytes }),
  });
  const anchors = await checkLedgerAnchors({
    fs,
    reportsDir,
    // A broken chain still has a line count: anchors past the first bad line are compared as read.
    lines: chain.ok ? chain.lines : Number.MAX_SAFE_INTEGER,
    chainsAt: (wanted) => ledger.chainsAt(reportsDir, wanted),
    ...(options.publicKeyPem === undefined ? {} : { publicKeyPem: options.publicKeyPem }),
  });
  return { ok: chain.ok && anchors.ok, chain, anchors };
}

/**
 * The trusted public key: `--key` (relative to the cwd), else `signing.publicKey` from
 * specgate.yaml (relative to the project root), else none. A named key that cannot be read is bad
 * usage (exit 2), never a silent fallback to the run's own keys.
 */
export async function trustedPublicKey(fs: FileSystem, options: { readonly cwd: string; readonly root: string; readonly keyFlag?: string; readonly configured?: string }): Promise<string | undefined> {
  const chosen = options.keyFlag !== undefined ? { file: path.resolve(options.cwd, options.keyFlag), shown: options.keyFlag, from: '--key' } : options.configured !== undefined ? { file: path.resolve(options.root, options.configured), shown: options.configured, from: 'signing.publicKey' } : undefined;
  if (chosen === undefined) return undefined;
  if ((await fs.stat(chosen.file))?.kind !== 'file') {
    throw new UsageError('PATH_NOT_FOUND', `public key ${chosen.shown} (${chosen.from}) not found`, { path: chosen.shown, hint: 'pass the trusted SPKI PEM public key (specgate.pub), obtained out of band' });
  }
  return fs.readText(chosen.file);
}
