// Path safety for files a user asks for by name (dashboard downloads, manifest entries): a request
// is attacker-controlled, so only plain relative paths inside the run directory are ever opened.
import * as path from 'node:path';
import { isSafeRelativePath } from '../../core/security/manifest.js';

/** The absolute path of `rel` inside `runDir`, or undefined when `rel` could escape it. */
export function safeRunPath(runDir: string, rel: string): string | undefined {
  if (!isSafeRelativePath(rel)) return undefined;
  const full = path.resolve(runDir, rel);
  return full.startsWith(runDir + path.sep) ? full : undefined;
}
