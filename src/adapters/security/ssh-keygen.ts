// SSH signatures through OpenSSH's own `ssh-keygen -Y sign|verify` (the tool teams already use to
// sign git commits), so specgate never reimplements the SSHSIG format and an auditor can repeat
// every check with ssh-keygen alone. The namespace binds a signature to its purpose: an approval
// signature cannot be replayed as a git commit signature or the other way round.
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProcessRunner } from '../../core/ports.js';
import { NodeProcessRunner } from '../process-runner.js';

export const APPROVAL_NAMESPACE = 'specgate-approval';
const TIMEOUT_MS = 30_000;

export interface SshVerification {
  readonly ok: boolean;
  /** `SHA256:…` fingerprint of the key that signed, when ssh-keygen accepted the signature. */
  readonly keyFingerprint?: string;
  /** ssh-keygen's own words, for the error message. */
  readonly detail: string;
}

/** Signs `data` with an SSH private key file; returns the armored `-----BEGIN SSH SIGNATURE-----` text. */
export async function sshSign(keyFile: string, data: Uint8Array, processes: ProcessRunner = new NodeProcessRunner()): Promise<string> {
  const result = await processes.run({ command: 'ssh-keygen', args: ['-q', '-Y', 'sign', '-f', keyFile, '-n', APPROVAL_NAMESPACE], cwd: os.tmpdir(), input: Buffer.from(data).toString('utf8'), timeoutMs: TIMEOUT_MS });
  if (result.exitCode !== 0 || !result.stdout.includes('BEGIN SSH SIGNATURE')) {
    throw new Error(`ssh-keygen -Y sign failed (exit ${String(result.exitCode)}): ${result.stderr.trim().split('\n')[0] ?? ''}`);
  }
  return result.stdout;
}

/** Verifies an armored SSH signature over `data` for `principal` against an allowed_signers file. */
export async function sshVerify(allowedSigners: string, principal: string, data: Uint8Array, signature: string, processes: ProcessRunner = new NodeProcessRunner()): Promise<SshVerification> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'specgate-sshsig-'));
  try {
    const sigFile = path.join(dir, 'approval.sig');
    await fsp.writeFile(sigFile, signature, { mode: 0o600 });
    const result = await processes.run({
      command: 'ssh-keygen',
      args: ['-Y', 'verify', '-f', allowedSigners, '-I', principal, '-n', APPROVAL_NAMESPACE, '-s', sigFile],
      cwd: dir,
      input: Buffer.from(data).toString('utf8'),
      timeoutMs: TIMEOUT_MS,
    });
    const detail = `${result.stdout}${result.stderr}`.trim().split('\n')[0] ?? '';
    const fp = /key (SHA256:[A-Za-z0-9+/=]+)/.exec(detail)?.[1];
    return result.exitCode === 0 ? { ok: true, detail, ...(fp === undefined ? {} : { keyFingerprint: fp }) } : { ok: false, detail };
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
