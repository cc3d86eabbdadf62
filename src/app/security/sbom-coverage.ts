// Does the SBOM cover the runtime? Reads the project's runtime manifests (bounded) and compares
// their declared dependencies with the SBOM's components; used by the build stage's SBOM gate.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { declaredDependencies, RUNTIME_MANIFESTS, uncoveredManifests, type DeclaredDependencies } from '../../core/security/declared-deps.js';

const MAX_MANIFEST_BYTES = 4 << 20;

/** Full component names of a CycloneDX document: `group/name` (npm scope, Go path) and `name`. */
function componentNames(sbomJson: string): string[] {
  try {
    const doc = JSON.parse(sbomJson) as { components?: { name?: unknown; group?: unknown; components?: unknown }[] };
    const out: string[] = [];
    const walk = (list: unknown): void => {
      if (!Array.isArray(list)) return;
      for (const c of list as { name?: unknown; group?: unknown; components?: unknown }[]) {
        if (typeof c.name === 'string') {
          out.push(c.name);
          if (typeof c.group === 'string' && c.group !== '') out.push(`${c.group}/${c.name}`);
        }
        walk(c.components);
      }
    };
    walk(doc.components);
    return out;
  } catch {
    return [];
  }
}

/** The root manifests that declare runtime dependencies of which the SBOM lists none. */
export async function sbomRuntimeGaps(fs: FileSystem, root: string, sbomJson: string): Promise<DeclaredDependencies[]> {
  const declared: DeclaredDependencies[] = [];
  for (const manifest of Object.keys(RUNTIME_MANIFESTS)) {
    const file = path.join(root, manifest);
    const info = await fs.lstat(file);
    if (info?.kind !== 'file' || info.size > MAX_MANIFEST_BYTES) continue;
    declared.push(declaredDependencies(manifest, await fs.readText(file)));
  }
  return uncoveredManifests(declared, componentNames(sbomJson));
}

export function describeRuntimeGap(gap: DeclaredDependencies): string {
  const shown = gap.names.slice(0, 5).join(', ') + (gap.names.length > 5 ? ', …' : '');
  return `${gap.manifest} declares ${gap.names.length} runtime dependenc${gap.names.length === 1 ? 'y' : 'ies'} (${shown}) but the SBOM lists none of them: it does not describe the service (lock them, e.g. npm install / poetry lock / go mod tidy)`;
}
