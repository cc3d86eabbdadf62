// Randomised tests must be replayable: one seed per test, printed, and taken from
// SPECGATE_TEST_SEED when set (re-run a failure with the seed it printed).
export interface SeededRandom {
  readonly seed: number;
  /** A float in [0, 1), like Math.random, from the seeded sequence. */
  next(): number;
}

/** The seed to use: SPECGATE_TEST_SEED when set, otherwise a fresh one. Printed either way. */
export function testSeed(label: string): number {
  const fromEnv = process.env.SPECGATE_TEST_SEED;
  const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
  console.log(`${label}: seed ${seed} (replay with SPECGATE_TEST_SEED=${seed})`);
  return seed;
}

/** mulberry32: tiny, fast and good enough to pick kill moments; the same seed gives the same sequence. */
export function seededRandom(label: string, seed = testSeed(label)): SeededRandom {
  let state = seed;
  return {
    seed,
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
