// Atomic write of a secret: the temp file is created 0600 before a single byte is written, so
// the private key is never readable by others, not even for an instant.
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { fsyncDirectory } from '../node-fs.js';

/** Writes `data` to `target` (mode `mode`) atomically; refuses to replace an existing file unless `overwrite`. */
export async function writeFileAtomicMode(target: string, data: string | Uint8Array, mode: number, overwrite = false): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fsp.open(temp, 'wx', mode);
  try {
    await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (overwrite) await fsp.rename(temp, target);
    else {
      // link() fails if the target exists: no check-then-write race with another writer.
      await fsp.link(temp, target);
      await fsp.rm(temp, { force: true });
    }
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
  await fsyncDirectory(path.dirname(target));
}
