// The ledger and run folders under real crashes, first half of 50 SIGKILLs (two files so the two
// halves run in parallel): writers are killed at random moments from a printed seed (replay with
// SPECGATE_TEST_SEED); afterwards the ledger verifies, nothing reported written is lost, no run
// folder holds a half-written file, and `latest` never points to an unfinished run.
import { describe, it } from 'vitest';
import { survivesKills } from '../helpers/ledger-workers.js';
import { seededRandom } from '../helpers/seed.js';

describe('ledger and runs under SIGKILL', () => {
  it('survives 25 kills at random moments (rounds 1-5)', async () => {
    await survivesKills(seededRandom('ledger kill test (rounds 1-5)'), 5);
  }, 240_000);
});
