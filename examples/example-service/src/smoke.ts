// Post-deploy smoke check: GET $STAGING_URL/v1/ping must answer pong. Exit 0 or 1.
const base = process.env.STAGING_URL;
if (base === undefined || base === '') {
  console.error('smoke: STAGING_URL is not set');
  process.exit(2);
}
try {
  const res = await fetch(new URL('/v1/ping', base), { signal: AbortSignal.timeout(5_000) });
  const body = (await res.json()) as { pong?: unknown };
  if (res.status !== 200 || body.pong !== true) {
    console.error(`smoke: /v1/ping answered ${res.status} ${JSON.stringify(body)}`);
    process.exit(1);
  }
  console.log('smoke: /v1/ping ok');
} catch (error) {
  console.error(`smoke: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
