// A throw-away PostgreSQL cluster for the store tests and bench/store: initdb into a temp dir, the unix socket in
// that dir, TCP closed, stopped (and deleted) afterwards. PostgreSQL refuses to run as root, so
// as root the server runs as the `postgres` user that Debian's package creates.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

function binDir() {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  const chosen = versions.includes('15') ? '15' : versions.sort((a, b) => Number(b) - Number(a))[0];
  if (chosen === undefined) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run scripts/setup.sh');
  return path.join(root, chosen, 'bin');
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary as the user that owns the cluster. */
function pgRun(bin, args) {
  const command = asRoot ? 'runuser' : bin;
  const argv = asRoot ? ['-u', 'postgres', '--', bin, ...args] : args;
  const result = spawnSync(command, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${path.basename(bin)} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** Starts a fresh cluster with a `specgate` database; call destroy() in afterAll. */
/** @returns {import('./pg-cluster.mjs').PgCluster} */
export function startPgCluster() {
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-pg-'));
  // mkdtemp is 0700: postgres must traverse it to reach its data dir, socket and log.
  fs.chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  if (asRoot) {
    fs.writeFileSync(log, '');
    execFileSync('chown', ['postgres', dir, log]);
  }
  pgRun(path.join(bin, 'initdb'), ['-D', data, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const start = () => {
    pgRun(path.join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '60', '-o', `-k ${dir} -c listen_addresses='' -c fsync=off -c max_connections=100`, 'start']);
  };
  let running = false;
  const cluster = {
    socketDir: dir,
    url: `postgres://postgres@localhost/specgate?host=${encodeURIComponent(dir)}`,
    urlOf: (database) => `postgres://postgres@localhost/${database}?host=${encodeURIComponent(dir)}`,
    createDatabase: (name) => {
      pgRun(path.join(bin, 'createdb'), ['-h', dir, '-U', 'postgres', name]);
    },
    psql: (sql, database = 'specgate') => pgRun(path.join(bin, 'psql'), ['-h', dir, '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql]),
    start: () => {
      start();
      running = true;
    },
    stop: (mode = 'fast') => {
      if (!running) return;
      pgRun(path.join(bin, 'pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop']);
      running = false;
    },
    destroy: () => {
      try {
        cluster.stop('immediate');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  cluster.start();
  cluster.createDatabase('specgate');
  return cluster;
}
