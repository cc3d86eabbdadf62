// Starts `specgate serve` as its own process (the benches measure the real server, never an
// in-process one) and resolves the URL it prints once it listens on its ephemeral port.
import { spawn } from 'node:child_process';

export const BENCH_TOKEN = 'bench-token-0123456789abcdef';

/** `bin` is bin/specgate; `args` follow `serve --port 0`. Resolves { url, child }. */
export async function startServe(bin, args, options = {}) {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], {
    cwd: options.cwd,
    env: { ...process.env, SPECGATE_DASHBOARD_TOKEN: BENCH_TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c) => {
      out += c;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error(`serve ${args.join(' ')} exited: ${out}`)));
  });
  return { url, child };
}
