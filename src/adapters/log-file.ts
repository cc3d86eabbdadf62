// The OpenLogFile port for Node: a write stream whose errors (ENOSPC mid-command) are kept and
// handed back when the log ends, so the command's own result is never lost to a throw.
import { createWriteStream } from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { LogFile, OpenLogFile } from '../core/ports.js';

export const openNodeLogFile: OpenLogFile = async (file) => {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const stream = createWriteStream(file, { flags: 'w', mode: 0o644 });
  let writeError: unknown;
  stream.on('error', (error) => (writeError ??= error));
  const log: LogFile = {
    write: (text) => {
      stream.write(text);
    },
    end: (last) =>
      new Promise<unknown>((resolve) => {
        if (stream.closed) return resolve(writeError);
        stream.once('close', () => resolve(writeError));
        stream.end(last);
      }),
  };
  return log;
};
