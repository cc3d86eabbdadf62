// Checks the ledger against what signed evidence says it was: every finished run's manifest
// anchors (opened / sealed) and every signed head in audit/heads/. A ledger rewritten and
// re-chained with the published formula still verifies as a chain; it no longer matches these.
// One signature check per file (manifest or head), one streaming pass over the ledger.
import * as path from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { FileSystem } from '../../core/ports.js';
import { anchorProblems, isLedgerAnchor, parseHead, type AnchorClaim, type AnchorProblem, type AnchorVerdict } from '../../core/evidence/anchors.js';
import { fingerprint, parsePublicKey } from '../../core/security/signature.js';
import { children, keyOf, readBounded, runDirs, signatureState } from './anchor-files.js';
import { headsDir } from './ledger-heads.js';
import { mapLimit } from '../../core/async.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';

export interface CollectClaimsOptions {
  readonly fs: FileSystem;
  readonly reportsDir: string;
  /** The trusted public key (PEM); without it each run's own signing.pub is used. */
  readonly publicKeyPem?: string;
}

export interface CheckAnchorsOptions extends CollectClaimsOptions {
  /** Whole lines in the ledger, and their chain column for the wanted line numbers. */
  readonly lines: number;
  readonly chainsAt: (wanted: ReadonlySet<number>) => Promise<ReadonlyMap<number, string>>;
  /**
   * The claims collected earlier (collectAnchorClaims) with the same fs, reports folder and key:
   * a caller that knows the manifests and heads are unchanged skips re-reading them. The claims
   * are still checked against the ledger given here, every time.
   */
  readonly claims?: AnchorClaims;
}

/** What the finished runs' manifests and the signed heads claim about the ledger, and what could not be read. */
export interface AnchorClaims {
  readonly claims: readonly AnchorClaim[];
  readonly problems: readonly AnchorProblem[];
  readonly runs: number;
  readonly signedRuns: number;
  readonly unanchoredRuns: number;
  readonly heads: number;
}

interface Collected {
  claims: AnchorClaim[];
  problems: AnchorProblem[];
  runs: number;
  signedRuns: number;
  unanchoredRuns: number;
  heads: number;
}

type Manifest = { endedAt?: unknown; signing?: unknown; ledger?: { opened?: unknown; sealed?: unknown }; runId?: unknown; featureSha?: unknown };

/** One run folder's part: its key (for its heads), and its claims or why it has none. */
interface RunPart {
  readonly runKey?: readonly [string, KeyObject | undefined];
  readonly problem?: AnchorProblem;
  readonly anchors?: readonly AnchorClaim[];
  readonly signed?: boolean;
}

async function runPart(o: CollectClaimsOptions, trusted: KeyObject | undefined, dir: string): Promise<RunPart> {
  const rel = path.relative(o.reportsDir, dir).split(path.sep).join('/');
  const file = path.join(dir, EVIDENCE_FILE.manifest);
  const data = await readBounded(o.fs, file);
  if (data === undefined) return {};
  let m: Manifest;
  try {
    m = JSON.parse(Buffer.from(data).toString('utf8')) as Manifest;
  } catch {
    return { problem: { kind: 'unreadable', source: `${rel}/manifest.json`, line: 0, message: `${rel}/manifest.json is not valid JSON: its anchors cannot be read` } };
  }
  const key = trusted ?? keyOf(await readBounded(o.fs, path.join(dir, EVIDENCE_FILE.publicKey)).then((b) => (b === undefined ? undefined : Buffer.from(b).toString('utf8'))));
  const runKey = [`${String(m.runId)}-${String(m.featureSha)}`, key] as const;
  if (m.endedAt === null || m.endedAt === undefined) return { runKey }; // in progress: not sealed yet
  const state = await signatureState(o.fs, file, data, key);
  const recordsSigning = typeof m.signing === 'object' && m.signing !== null;
  const problem: AnchorProblem | undefined =
    state === 'invalid' || (state === 'absent' && recordsSigning && key !== undefined)
      ? { kind: 'signature', source: `${rel}/manifest.json`, line: 0, message: `${rel}/manifest.json ${state === 'invalid' ? 'signature does not verify' : 'is not signed'}${trusted ? ' with the trusted key' : ''}: its anchors cannot be trusted` }
      : undefined;
  const anchors = [['opened', m.ledger?.opened], ['sealed', m.ledger?.sealed]].filter((pair): pair is [string, { line: number; chain: string }] => isLedgerAnchor(pair[1]));
  const claims = anchors.map(([which, anchor]) => ({ source: `${rel}/manifest.json (${which})`, anchor, signed: state === 'valid' }));
  return { runKey, ...(problem === undefined ? {} : { problem }), anchors: claims, signed: state === 'valid' };
}

/**
 * Manifests are read several at a time (a few file reads each, 10,000 runs take seconds one by
 * one); the parts are added in folder order, so claims and problems come out in the same order.
 */
async function collectRunClaims(o: CollectClaimsOptions, trusted: KeyObject | undefined, out: Collected): Promise<Map<string, KeyObject | undefined>> {
  const runKeys = new Map<string, KeyObject | undefined>();
  for (const part of await mapLimit(await runDirs(o.fs, o.reportsDir), 16, (dir) => runPart(o, trusted, dir))) {
    if (part.runKey !== undefined) runKeys.set(part.runKey[0], part.runKey[1]);
    if (part.problem !== undefined) out.problems.push(part.problem);
    if (part.anchors === undefined) continue;
    if (part.anchors.length === 0) {
      out.unanchoredRuns += 1;
      continue;
    }
    out.runs += 1;
    if (part.signed === true) out.signedRuns += 1;
    out.claims.push(...part.anchors);
  }
  return runKeys;
}

async function collectHeadClaims(o: CollectClaimsOptions, trusted: KeyObject | undefined, runKeys: ReadonlyMap<string, KeyObject | undefined>, out: Collected): Promise<void> {
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

/** Every anchor the finished runs' manifests and the signed heads claim, each signature checked once. */
export async function collectAnchorClaims(o: CollectClaimsOptions): Promise<AnchorClaims> {
  const trusted = o.publicKeyPem === undefined ? undefined : parsePublicKey(o.publicKeyPem, '--key');
  const out: Collected = { claims: [], problems: [], runs: 0, signedRuns: 0, unanchoredRuns: 0, heads: 0 };
  const runKeys = await collectRunClaims(o, trusted, out);
  await collectHeadClaims(o, trusted, runKeys, out);
  return out;
}

export async function checkLedgerAnchors(o: CheckAnchorsOptions): Promise<AnchorVerdict> {
  // Parsed first even with claims given: a bad trusted key is an error whatever was cached.
  const trusted = o.publicKeyPem === undefined ? undefined : parsePublicKey(o.publicKeyPem, '--key');
  const out = o.claims ?? (await collectAnchorClaims(o));
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

