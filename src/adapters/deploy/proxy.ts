// The stable staging address: a loopback reverse proxy that forwards each request to the release
// that serves now. Switching releases is swapping one pointer, so requests never see a gap.
import * as http from 'node:http';

export interface Backend {
  readonly releaseId: string;
  readonly port: number;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

export function createStagingProxy(backend: () => Backend | undefined): http.Server {
  // No pooled upstream connections: a pooled socket the service already closed fails the next
  // request ("socket hang up"), and one to a stopped release would outlive the switch. A fresh
  // loopback connection per request costs well under a millisecond (bench/deploy).
  const agent = new http.Agent({ keepAlive: false });
  return http.createServer((req, res) => {
    const target = backend();
    if (target === undefined) {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5' });
      res.end(`${JSON.stringify({ error: 'nothing serving staging', hint: 'deploy a release with `specgate deploy`' })}\n`);
      return;
    }
    const headers: http.OutgoingHttpHeaders = {};
    for (const [key, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(key)) headers[key] = value;
    headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
    const upstream = http.request(
      { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers, agent },
      (response) => {
        const out: http.OutgoingHttpHeaders = {};
        for (const [key, value] of Object.entries(response.headers)) if (!HOP_BY_HOP.has(key)) out[key] = value;
        out['x-specgate-release'] = target.releaseId;
        res.writeHead(response.statusCode ?? 502, out);
        response.pipe(res);
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(502, { 'content-type': 'application/json', 'x-specgate-release': target.releaseId });
      res.end(`${JSON.stringify({ error: `release ${target.releaseId} did not answer (${error.code ?? error.message})` })}\n`);
    });
    req.pipe(upstream);
  });
}
