// The stage registry: one module per stage (src/app/stages), listed in pipeline order. A stage
// whose module is not available is registered as `skipped` with the reason — never a fake success.
import type { Stage } from './stage.js';
import type { StageName } from '../../core/evidence/vocabulary.js';
import type { StageAdapters } from '../stages/ports.js';

export async function stageRegistry(adapters: StageAdapters): Promise<ReadonlyMap<StageName, Stage>> {
  const [preflight, validate, generate, build, deploy, audit] = await Promise.all([
    import('../stages/preflight.js').then((m) => m.preflightStage),
    import('../stages/validate-wiring.js').then((m) => m.validateStage(adapters)),
    import('../stages/generate.js').then((m) => m.createGenerateStage(adapters)),
    import('../stages/build.js').then((m) => m.createBuildStage(adapters)),
    import('../stages/deploy.js').then((m) => m.createDeployStage(adapters)),
    import('../stages/audit-wiring.js').then((m) => m.auditStage(adapters)),
  ]);
  return new Map<StageName, Stage>([
    ['preflight', preflight],
    ['validate', validate],
    ['generate', generate],
    ['build', build],
    ['deploy', deploy],
    ['audit', audit],
  ]);
}
