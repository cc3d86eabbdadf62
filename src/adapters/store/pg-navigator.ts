// node-postgres 8 asks at import time whether it runs in a Cloudflare Worker. Without a global
// `navigator` (Node 20 has none) it builds a `new Response(…)` to find out, which loads undici and
// zlib: 20–35 ms of CPU on every store command, about a sixth of `runs --store`. A `navigator` that
// is plainly not Cloudflare's, present only while pg loads (see pg.ts), skips that. Where Node has
// its own `navigator` (21+), nothing is touched.
const g = globalThis as { navigator?: unknown };
const added = g.navigator === undefined;
if (added) Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'Node.js' }, configurable: true, writable: true, enumerable: false });

/** Removes the stand-in again (pg has loaded by then). */
export function restoreNavigator(): void {
  if (added) delete g.navigator;
}
