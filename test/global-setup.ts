// End-to-end tests run the built CLI, so build once before any test runs. Type errors are the
// `npm run check` step's job; here we only need dist/ to exist and be current.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  if (process.env.SPECGATE_SKIP_BUILD) return;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
      cwd: root,
      stdio: 'pipe',
    });
  } catch {
    // tsc still emits on type errors; a missing entry point is the only fatal outcome.
  }
  if (!fs.existsSync(path.join(root, 'dist/cli/main.js'))) throw new Error('build failed: dist/cli/main.js missing (run npm run build)');
}
