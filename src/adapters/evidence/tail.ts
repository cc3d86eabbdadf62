// The last lines of a log, read from its end: a command log may be megabytes, the page shows ~30
// lines. Symlinks are not followed (evidence is attacker-controlled; a link could point anywhere).
import * as fsp from 'node:fs/promises';

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

export async function readTail(file: string, maxLines = 30, maxBytes = 8192): Promise<string | undefined> {
  let handle;
  try {
    const info = await fsp.lstat(file);
    if (!info.isFile()) return undefined;
    handle = await fsp.open(file, 'r');
    const start = Math.max(0, info.size - maxBytes);
    const buffer = Buffer.alloc(Math.min(maxBytes, info.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    let text = buffer.subarray(0, bytesRead).toString('utf8').replace(ANSI, '');
    // Started mid-file: drop the partial first line.
    if (start > 0) text = text.slice(text.indexOf('\n') + 1);
    return text.trimEnd().split('\n').slice(-maxLines).join('\n');
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}
