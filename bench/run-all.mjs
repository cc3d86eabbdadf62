// Runs every benchmark one after the other (they must not share the 2 cores) and prints their
// figures. `floors` pits every command against its floor or peer (interleaved pairs, CPU and wall,
// min and median, load printed). `--quick` shortens every script that supports it.
// Usage: npm run build && node bench/run-all.mjs [--quick] [floors validate ledger sbom dashboard deploy image]
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BENCHES = {
  floors: ['floors.mjs'],
  validate: ['validate/run.mjs'],
  ledger: ['ledger/run.mjs'],
  sbom: ['sbom/run.mjs'],
  dashboard: ['dashboard/run.mjs', 'dashboard/ledger.mjs'],
  deploy: ['deploy/proxy.mjs'],
  image: ['image/run.mjs'],
};
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const chosen = names.length > 0 ? names : Object.keys(BENCHES);
let failed = 0;
for (const name of chosen) {
  const scripts = BENCHES[name];
  if (!scripts) {
    console.error(`unknown benchmark '${name}' (known: ${Object.keys(BENCHES).join(', ')})`);
    process.exit(2);
  }
  for (const script of scripts) {
    console.log(`\n=== bench/${script}`);
    const result = spawnSync(process.execPath, [path.join(HERE, script), ...flags], { stdio: 'inherit' });
    if (result.status !== 0) failed += 1;
  }
}
process.exit(failed === 0 ? 0 : 1);
