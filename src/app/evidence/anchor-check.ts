// Checks the ledger against what signed evidence says it was: every finished run's manifest
// anchors (opened / sealed) and every signed head in audit/heads/. A ledger rewritten and
// re-chained with the published formula still verifies as a chain; it no longer matches these.
// One signature check per file (manifest or head), one streaming pass over the ledger.
import * as path from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { FileSystem } from '../../core/ports.js';
import { anchorProblems, isLedgerAnchor, parseHead, type AnchorClaim, type AnchorProblem, type AnchorVerdict } from '../../core/evidence/anchors.js';
import { isFeatureSha, isRunId } from '../../core/evidence/run-id.js';
import { decodeSignature, fingerprint, parsePublicKey, SIGNATURE_SUFFIX, verifySignature } from '../../core/security/signature.js';
import { headsDir } from './ledger-heads.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';

export interface CheckAnchorsOptions {
  readonly fs: FileSystem;
  readonly reportsDir: string;
  /** Whole lines in the ledger, and their chain column for the wanted line numbers. */
  readonly lines: number;
  readonly chainsAt: (wanted: ReadonlySet<number>) => Promise<ReadonlyMap<number, string>>;
  /** The trusted public key (PEM); without it each run's own signing.pub is used. */
  readonly publicKeyPem?: string;
}

/** Files larger than this are not manifests or heads specgate wrote: refuse to read them. */
const MAX_EVIDENCE_BYTES = 16 << 20;

async function readBounded(fs: FileSystem, file: string): Promise<Uint8Array | undefined> {
  const info = await fs.lstat(file);
  if (info?.kind !== 'file' || info.size > MAX_EVIDENCE_BYTES) return undefined;
  return fs.readFile(file).catch(() => undefined);
}

async function children(fs: FileSystem, dir: string, keep: (name: string) => boolean): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names.filter(keep).sort();
}

/** Run folders under reports/<sha>/ and reports/archive/<date>/<sha>/. */
async function runDirs(fs: FileSystem, reportsDir: string): Promise<string[]> {
  const dirs: string[] = [];
  const collect = async (base: string): Promise<void> => {
    for (const sha of await children(fs, base, isFeatureSha)) {
      for (const id of await children(fs, path.join(base, sha), isRunId)) dirs.push(path.join(base, sha, id));
    }
  };
  await collect(reportsDir);
  const archive = path.join(reportsDir, 'archive');
  for (const day of await children(fs, archive, (n) => /^\d{8}$/.test(n))) await collect(path.join(archive, day));
  return dirs;
}

/** 'valid', 'invalid', or 'absent' when there is no .sig or no key to check it with. */
async function signatureState(fs: FileSystem, file: string, data: Uint8Array, key: KeyObject | undefined): Promise<'valid' | 'invalid' | 'absent'> {
  const sig = await readBounded(fs, `${file}${SIGNATURE_SUFFIX}`);
  if (sig === undefined || key === undefined) return 'absent';
  try {
    return verifySignature(key, data, decodeSignature(Buffer.from(sig).toString('utf8'), `${file}${SIGNATURE_SUFFIX}`)) ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

function keyOf(pem: string | undefined): KeyObject | undefined {
  if (pem === undefined) return undefined;
  try {
    return parsePublicKey(pem);
  } catch {
    return undefined;
  }
}

interface Collected {
  claims: AnchorClaim[];
  problems: AnchorProblem[];
  runs: number;
  signedRuns: number;
  unanchoredRuns: number;
  heads: number;
}

async function collectRunClaims(o: CheckAnchorsOptions, trusted: KeyObject | undefined, out: Collected): Promise<Map<string, KeyObject | undefined>> {
  const runKeys = new Map<string, KeyObject | undefined>();
  for (const dir of await runDirs(o.fs, o.reportsDir)) {
    const rel = path.relative(o.reportsDir, dir).split(path.sep).join('/');
    const file = path.join(dir, EVIDENCE_FILE.manifest);
    const data = await readBounded(o.fs, file);
    if (data === undefined) continue;
    let m: { endedAt?: unknown; signing?: unknown; ledger?: { opened?: unknown; sealed?: unknown }; runId?: unknown; featureSha?: unknown };
    try {
      m = JSON.parse(Buffer.from(data).toString('utf8')) as typeof m;
    } catch {
      out.problems.push({ kind: 'unreadable', source: `${rel}/manifest.json`, line: 0, message: `${rel}/manifest.json is not valid JSON: its anchors cannot be read` });
      continue;
    }
    const key = trusted ?? keyOf(await readBounded(o.fs, path.join(dir, EVIDENCE_FILE.publicKey)).then((b) => (b === undefined ? undefined : Buffer.from(b).toString('utf8'))));
    runKeys.set(`${String(m.runId)}-${String(m.featureSha)}`, key);
    if (m.endedAt === null || m.endedAt === undefined) continue; // in progress: not sealed yet
    const state = await signatureState(o.fs, file, data, key);
    const recordsSigning = typeof m.signing === 'object' && m.signing !== null;
    if (state === 'invalid' || (state === 'absent' && recordsSigning && key !== undefined)) {
      out.problems.push({ kind: 'signature', source: `${rel}/manifest.json`, line: 0, message: `${rel}/manifest.json ${state === 'invalid' ? 'signature does not verify' : 'is not signed'}${trusted ? ' with the trusted key' : ''}: its anchors cannot be trusted` });
    }
    const anchors = [['opened', m.ledger?.opened], ['sealed', m.ledger?.sealed]].filter((pair): pair is [string, { line: number; chain: string }] => isLedgerAnchor(pair[1]));
    if (anchors.length === 0) {
      out.unanchoredRuns += 1;
      continue;
    }
    out.runs += 1;
    if (state === 'valid') out.signedRuns += 1;
    for (const [which, anchor] of anchors) out.claims.push({ source: `${rel}/manifest.json (${which})`, anchor, signed: state === 'valid' });
  }
  return runKeys;
}

async function collectHeadClaims(o: CheckAnchorsOptions, trusted: KeyObject | undefined, runKeys: ReadonlyMap<string, KeyObject | undefined>, out: Collected): Promise<void> {
  const dir = headsDir(o.reportsDir);
  for (const name of await children(o.fs, dir, (n) => n.endsWith('.json'))) {
    const source = `audit/heads/${name}`;
    const file = path.join(dir, name);
    const data = await readBounded(o.fs, file);
    if (data === undefined) continue;
    let head;
    try {
      head = parseHead(Buffer.from(data).toString('utf8'), source);
    } catch (error) {
      out.problems.push({ kind: 'unreadable', source, line: 0, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const key = trusted ?? runKeys.get(`${head.runId}-${head.featureSha}`);
    const state = await signatureState(o.fs, file, data, key);
    if (state !== 'valid' && (trusted !== undefined || state === 'invalid')) {
      out.problems.push({ kind: 'signature', source, line: head.line, message: `${source} ${state === 'invalid' ? 'signature does not verify' : 'is not signed'}${trusted ? ' with the trusted key' : ''}` });
    }
    out.heads += 1;
    out.claims.push({ source, anchor: head, signed: state === 'valid' });
  }
}

export async function checkLedgerAnchors(o: CheckAnchorsOptions): Promise<AnchorVerdict> {
  const trusted = o.publicKeyPem === undefined ? undefined : parsePublicKey(o.publicKeyPem, '--key');
  const out: Collected = { claims: [], problems: [], runs: 0, signedRuns: 0, unanchoredRuns: 0, heads: 0 };
  const runKeys = await collectRunClaims(o, trusted, out);
  await collectHeadClaims(o, trusted, runKeys, out);
  const wanted = new Set(out.claims.map((c) => c.anchor.line));
  const chains = wanted.size === 0 ? new Map<number, string>() : await o.chainsAt(wanted);
  const problems = [...out.problems, ...anchorProblems(out.claims, chains, o.lines)];
  return {
    ok: problems.length === 0,
    keySource: trusted === undefined ? 'run' : 'given',
    ...(o.publicKeyPem === undefined ? {} : { keyFingerprint: fingerprint(o.publicKeyPem) }),
    runs: out.runs,
    signedRuns: out.signedRuns,
    unanchoredRuns: out.unanchoredRuns,
    heads: out.heads,
    problems,
  };
}

