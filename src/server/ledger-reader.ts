// The ledger page's reading (the chain verified, then the selected checkpoints), cached by the
// ledger's content identity: inode, size, inode change time and — up to 4 MiB — the sha256 of its
// bytes. Never by mtime alone: an edit whose mtime is reset afterwards (`touch -d`) still changes the
// ctime and the digest, so the page re-verifies and shows the broken chain.
import * as path from 'node:path';
import type { EvidencePort, LedgerReading } from '../app/report/evidence-port.js';
import type { ChangeStamp } from './ports.js';
import { LEDGER_PATH } from '../core/evidence/vocabulary.js';
import { VerdictCache } from './verdict-cache.js';

/** The ledger page pages through the newest 10,000 matching checkpoints; `specgate audit` has them all. */
export const LEDGER_TAIL = 10_000;

export type LedgerFilter = { readonly run?: string; readonly feature?: string };

export class LedgerReader {
  private readonly cache = new VerdictCache<LedgerReading & { matched: number }>(16);

  constructor(
    private readonly reportsDir: string,
    private readonly evidence: EvidencePort,
    private readonly changeStamp: ChangeStamp,
  ) {}

  read(select: LedgerFilter): Promise<LedgerReading & { matched: number }> {
    const file = path.join(this.reportsDir, LEDGER_PATH);
    return this.cache.get(`${select.run ?? ''}|${select.feature ?? ''}`, () => this.changeStamp({ dirs: [], files: [file], hashed: [file] }), () =>
      this.evidence.verifyLedger(this.reportsDir, { ...(select.run ? { runId: select.run } : {}), ...(select.feature ? { featureSha: select.feature } : {}), tail: LEDGER_TAIL }),
    );
  }

  /** An approval appended a line: the next view re-reads (the stamp would catch it too). */
  clear(): void {
    this.cache.clear();
  }
}
