// The ledger anchors every finished run's manifest and every signed head claim, collected once and
// shared by every run page and the ledger page (issue 16): collecting them reads and checks the
// signature of all N manifests (seconds at 10,000 runs), checking them against the ledger costs a
// map lookup per claim. So the claims are cached — keyed by the run index's version (runs added,
// removed, archived, sealed, approved) and a stamp of audit/heads/ (inode, size, ctime of every head)
// — while the check against the ledger as read now is redone on every verification: a page never
// shows an anchor as matching a ledger it was not checked against.
import type { AnchorClaimsSource, EvidencePort } from '../app/report/evidence-port.js';
import type { AnchorClaims } from '../app/evidence/anchor-check.js';
import { headsDir } from '../app/evidence/ledger-heads.js';
import type { ChangeStamp } from './ports.js';
import type { RunIndex } from './run-index.js';
import { VerdictCache } from './verdict-cache.js';

export class AnchorClaimsCache {
  private readonly cache = new VerdictCache<AnchorClaims>(4);

  constructor(
    private readonly index: RunIndex,
    private readonly stamp: ChangeStamp,
  ) {}

  /** The claims of `reportsDir` as collected while nothing they come from changed, else `collect()`. */
  readonly source: AnchorClaimsSource = (reportsDir, collect) =>
    this.cache.get(reportsDir, async () => `${this.index.version}:${await this.stamp({ dirs: [headsDir(reportsDir)] })}`, collect);

  /** `evidence`, its ledger verifications taking their anchor claims from this cache. */
  wrap(evidence: EvidencePort): EvidencePort {
    return {
      verifyRunDir: (runDir, publicKeyPem) => evidence.verifyRunDir(runDir, publicKeyPem),
      verifyLedger: (reportsDir, select) => evidence.verifyLedger(reportsDir, select, this.source),
    };
  }

  /**
   * Builds the run index, then collects the claims in the background, so the first run page the
   * server shows does not pay for them (it waits for a collection still under way, never repeats it).
   */
  async warm(evidence: EvidencePort, reportsDir: string): Promise<void> {
    await this.index.list();
    await evidence.verifyLedger(reportsDir, { tail: 1 }, this.source);
  }
}
