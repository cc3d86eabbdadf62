// `specgate id`'s work, shared by the start-up fast path (fast.ts) and the full CLI (commands/id.ts)
// so both print the same thing: the project's spec paths (or the ones given), digested by the
// quick tree digester when the tree is plain and by the careful reader otherwise.
import * as path from 'node:path';
import type { SpecIdentity } from '../app/spec/identify.js';

export async function identifyFromCli(cwd: string, paths: readonly string[]): Promise<SpecIdentity> {
  const [{ NodeFileSystem }, { loadProject }, { identifySpecs }, { digestSpecTreeSync }] = await Promise.all([
    import('../adapters/node-fs.js'),
    import('../app/project.js'),
    import('../app/spec/identify.js'),
    import('../adapters/spec-digest.js'),
  ]);
  const fs = new NodeFileSystem();
  const project = await loadProject(fs, cwd);
  const specPaths = paths.length > 0 ? paths.map((p) => path.resolve(cwd, p)) : project.config.features;
  return identifySpecs(fs, project.root, specPaths, digestSpecTreeSync);
}

/** What `specgate id` prints: the SHA, or with --json the SHA, the branch and every digest. */
export function formatIdentity(identity: SpecIdentity, json: boolean): string {
  return json ? `${JSON.stringify({ schemaVersion: '1.0.0', ...identity }, null, 2)}\n` : `${identity.featureSha}\n`;
}
