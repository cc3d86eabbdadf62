// Renders the top-level `specgate --help` into dist/cli/help.txt at build time, so the bin can
// print it without loading commander and every command module (src/cli/fast.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/cli');
const { renderTopLevelHelp } = await import(path.join(dist, 'main.js'));
fs.writeFileSync(path.join(dist, 'help.txt'), renderTopLevelHelp());
