// Property tests (fast-check) print their seed when they fail; SPECGATE_TEST_SEED replays one,
// the same variable the hand-rolled randomised tests read (test/helpers/seed.ts).
import fc from 'fast-check';

const seed = process.env.SPECGATE_TEST_SEED;
if (seed !== undefined && seed !== '') fc.configureGlobal({ seed: Number(seed) | 0 });
