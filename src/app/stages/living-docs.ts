// Run-specific living docs. The spec branch must track specs and code only: two runs of the same specs
// and code must produce the same tree, or a sandbox run followed by a compliance run of one commit would
// conflict (exit 3). So the committed docs and traceability carry no scenario results; the versions that
// record how each scenario fared in THIS run are written into the run's evidence instead.
import type { SpecgateConfig } from '../../core/config/schema.js';
import type { FileSystem } from '../../core/ports.js';
import { configuredFolder, type ScenarioResults } from '../../core/generate/plan.js';
import { planProject } from '../generate/generate-project.js';

/** Evidence folder holding the living docs with this run's scenario results. */
export const LIVING_DOCS_ARTIFACT_DIR = 'living-docs';

/**
 * The generated docs files with `results` filled in, named as evidence artifacts: their path under the
 * docs folder, flattened with `--` (evidence allows one subfolder level), e.g. `living-docs/traceability.json`.
 */
export async function livingDocsWithResults(fs: FileSystem, projectRoot: string, config: SpecgateConfig, featureSha: string, results: ScenarioResults): Promise<{ path: string; content: string }[]> {
  if (config.generate.command !== undefined) return []; // an external generator's docs are its own
  const docs = `${configuredFolder(config.generate.docs, 'generate.docs')}/`;
  const { plan } = await planProject(fs, projectRoot, config, featureSha, results);
  return plan.files.filter((f) => f.kind === 'generated' && f.path.startsWith(docs)).map((f) => ({ path: `${LIVING_DOCS_ARTIFACT_DIR}/${f.path.slice(docs.length).replaceAll('/', '--')}`, content: f.content }));
}
