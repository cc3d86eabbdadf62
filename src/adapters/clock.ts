// The real clock. Core code never calls Date.now(); it receives a Clock.
import { performance } from 'node:perf_hooks';
import type { Clock } from '../core/ports.js';

export const systemClock: Clock = {
  now: () => new Date(),
  monotonicMs: () => performance.now(),
};

/** A clock tests can set and advance; monotonic time follows wall time. */
export function fixedClock(start: Date | string): Clock & { advance(ms: number): void; set(at: Date | string): void } {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    monotonicMs: () => current,
    advance(ms: number) {
      current += ms;
    },
    set(at: Date | string) {
      current = new Date(at).getTime();
    },
  };
}
