// `specgate serve`: which Host names the dashboard answers to besides its bound address, and how
// many live event streams it keeps open (docs/dashboard.md, docs/security.md).
import { z } from 'zod';

/** A DNS name or a bracketed IPv6 literal, optionally with :PORT; never a wildcard (DNS rebinding). */
export const HOST_NAME_PATTERN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export const dashboardSchema = z
  .strictObject({
    allowedHosts: z
      .array(z.string().max(260).regex(HOST_NAME_PATTERN, { message: 'must be a host name, NAME:PORT or [IPv6]:PORT (no scheme, path or wildcard)' }))
      .max(64)
      .default([])
      .describe('More Host names the dashboard answers to (NAME or NAME:PORT), e.g. behind a proxy; added to --allowed-host. Any other Host gets 421.'),
    maxEventStreams: z.number().int().min(1).max(100_000).default(256).describe('Live event streams (server-sent events) open at once; more get 503.'),
    maxEventStreamsPerClient: z.number().int().min(1).max(10_000).default(32).describe('Live event streams one client address may hold open; more get 429.'),
  })
  .default({ allowedHosts: [], maxEventStreams: 256, maxEventStreamsPerClient: 32 });
