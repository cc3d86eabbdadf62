// The build stage as registered in the pipeline.
import { notAvailable, type Stage } from '../pipeline/stage.js';

export function buildStage(): Stage {
  return notAvailable('build', 'build command, release archive and SBOM', 'build stage not available yet');
}
