// Evidence downloads. The requested path is attacker-controlled: it is decoded once, must be a plain
// relative path, and its real path (symlinks resolved) must stay inside both the run directory and
// reports/. Files are never served as HTML, so evidence cannot run script in the dashboard's origin.
import * as path from 'node:path';
import type { Context } from 'hono';
import type { FileSystem } from '../core/ports.js';
import { isSafeRelativePath } from '../core/security/manifest.js';
import { errorPage } from './pages/approvals.js';

const TYPES: Readonly<Record<string, string>> = {
  '.json': 'application/json',
  '.sarif': 'application/sarif+json',
  '.jsonl': 'application/x-ndjson',
  '.md': 'text/markdown; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.sig': 'text/plain; charset=utf-8',
  '.pub': 'text/plain; charset=utf-8',
  '.xml': 'text/plain; charset=utf-8',
};

/** Largest file the dashboard hands out; bigger evidence is read from disk. */
const MAX_DOWNLOAD = 64 * 1024 * 1024;

function inside(parent: string, child: string): boolean {
  return child.startsWith(parent + path.sep);
}

export async function serveArtifact(c: Context, fs: FileSystem, reportsDir: string, runDir: string, encoded: string): Promise<Response> {
  const refuse = (status: 400 | 403 | 404, why: string) => c.html(errorPage(status, status === 404 ? 'Not found' : 'Refused', why), status);
  let rel: string;
  try {
    rel = decodeURIComponent(encoded);
  } catch {
    return refuse(400, 'malformed percent-encoding in the file path');
  }
  if (!isSafeRelativePath(rel) || rel.includes('%')) return refuse(400, 'file paths must be plain relative paths inside the run');
  const requested = path.join(runDir, rel);
  if ((await fs.lstat(requested)) === undefined) return refuse(404, `${rel} is not in this run`);
  let real: string;
  let realRun: string;
  let realReports: string;
  try {
    [real, realRun, realReports] = await Promise.all([fs.realpath(requested), fs.realpath(runDir), fs.realpath(reportsDir)]);
  } catch {
    return refuse(404, `${rel} is not in this run`);
  }
  // A symlink (of the file, a folder on the way, or the run itself) must not lead out of reports/.
  if (!inside(realRun, real) || !inside(realReports, realRun)) return refuse(403, `${rel} resolves outside the run directory`);
  const info = await fs.stat(real);
  if (info?.kind !== 'file') return refuse(404, `${rel} is not a file`);
  if (info.size > MAX_DOWNLOAD) return refuse(403, `${rel} is larger than ${MAX_DOWNLOAD} bytes; read it from disk`);
  const type = TYPES[path.extname(rel).toLowerCase()] ?? 'application/octet-stream';
  const bytes = await fs.readFile(real);
  return c.body(Buffer.from(bytes), 200, {
    'Content-Type': type,
    'Content-Disposition': `${type.startsWith('text/') || type.startsWith('application/json') ? 'inline' : 'attachment'}; filename="${path.basename(rel).replace(/[^\w.-]/g, '_')}"`,
  });
}
