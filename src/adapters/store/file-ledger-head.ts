// The file store's ledger head after a push (its line count and last chain) without reading the
// ledger: the chain comes from the file's tail, and the count is carried forward in
// audit/ledger-lines.json ({ bytes, lines, chain }: how many whole lines the first `bytes` bytes
// hold, and the chain ending them). A push then counts only the bytes appended since. The record is
// a cache, checked before use (the chain must still end at `bytes`) and rebuilt by one counting pass
// when it does not match; nothing trusts it for evidence (`audit verify --store` reads every line).
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { GENESIS_CHAIN } from '../../core/evidence/checkpoint.js';
import { ledgerPath } from '../evidence/ledger-file.js';
import { writeFileAtomic } from '../node-fs.js';

interface LineCount {
  readonly bytes: number;
  readonly lines: number;
  readonly chain: string;
}

const RECORD = path.join('audit', 'ledger-lines.json');
const EMPTY: LineCount = { bytes: 0, lines: 0, chain: GENESIS_CHAIN };

async function readRecord(root: string): Promise<LineCount> {
  try {
    const r = JSON.parse(await fsp.readFile(path.join(root, RECORD), 'utf8')) as Partial<LineCount>;
    const ok = Number.isSafeInteger(r.bytes) && Number.isSafeInteger(r.lines) && typeof r.chain === 'string' && /^[0-9a-f]{64}$/.test(r.chain);
    return ok ? (r as LineCount) : EMPTY;
  } catch {
    return EMPTY;
  }
}

/** The 64 bytes before the newline that ends at `end` (exclusive), or '' when they are not there. */
async function chainEndingAt(handle: fsp.FileHandle, end: number): Promise<string> {
  if (end < 65) return '';
  const buffer = Buffer.alloc(65);
  await handle.read(buffer, 0, 65, end - 65);
  return buffer[64] === 0x0a ? buffer.toString('latin1', 0, 64) : '';
}

/** Newlines in [from, to) and the offset just after the last of them (`from` when none). */
async function countLines(handle: fsp.FileHandle, from: number, to: number): Promise<{ lines: number; wholeEnd: number }> {
  const buffer = Buffer.alloc(Math.min(4 << 20, Math.max(to - from, 1)));
  let lines = 0;
  let wholeEnd = from;
  for (let at = from; at < to; ) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, to - at), at);
    if (bytesRead === 0) break;
    for (let i = buffer.indexOf(0x0a); i >= 0 && i < bytesRead; i = buffer.indexOf(0x0a, i + 1)) {
      lines += 1;
      wholeEnd = at + i + 1;
    }
    at += bytesRead;
  }
  return { lines, wholeEnd };
}

/** Whole lines of the store's ledger and the chain of the last one (a torn tail is not a line). */
export async function fileLedgerHead(root: string): Promise<{ centralLines: number; centralHead: string }> {
  const handle = await fsp.open(ledgerPath(root), 'r').catch(() => undefined);
  if (handle === undefined) return { centralLines: 0, centralHead: GENESIS_CHAIN };
  try {
    const { size } = await handle.stat();
    let known = await readRecord(root);
    // The record holds only if the ledger still has its chain where it says: else count from the start.
    if (known.bytes > size || (known.bytes > 0 && (await chainEndingAt(handle, known.bytes)) !== known.chain)) known = EMPTY;
    const added = await countLines(handle, known.bytes, size);
    const wholeEnd = added.lines === 0 ? known.bytes : added.wholeEnd;
    const chain = wholeEnd === 0 ? GENESIS_CHAIN : await chainEndingAt(handle, wholeEnd);
    const now: LineCount = { bytes: wholeEnd, lines: known.lines + added.lines, chain: chain === '' ? GENESIS_CHAIN : chain };
    if (now.bytes !== known.bytes) await writeFileAtomic(path.join(root, RECORD), `${JSON.stringify(now)}\n`).catch(() => undefined);
    return { centralLines: now.lines, centralHead: now.chain };
  } finally {
    await handle.close();
  }
}
