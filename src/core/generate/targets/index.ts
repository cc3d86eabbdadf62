// Generation targets: the language-specific half of `specgate generate`. The planner decides what
// exists (features, routes and who owns them, step snippets, docs); a target decides the file
// names and writes the code. Adding a language is adding an entry to TARGETS.
import type { HttpMethod } from '../step-catalog.js';
import type { FeatureModel } from '../model.js';
import type { PlannedFeature, PlannedFile } from '../plan.js';
import { typescriptTarget } from './typescript.js';
import { pythonFastapiTarget } from './python.js';

export interface TargetLayout {
  /** Folder of generated code (`generate.out`), normalised. */
  readonly out: string;
  /** Its parent: services and steps scaffolds go to `<base>/services` and `<base>/steps`. */
  readonly base: string;
}

export interface FeaturePaths {
  readonly portFile: string;
  readonly routesFile: string;
  readonly serviceFile: string;
  readonly stepsFile: string;
}

export interface GenerationTarget {
  /** Refuses layouts the language cannot import from (a GenerateError with a hint). */
  readonly checkLayout?: (layout: TargetLayout) => void;
  readonly httpFile: (layout: TargetLayout) => string;
  readonly featurePaths: (layout: TargetLayout, names: { slug: string; moduleName: string }) => FeaturePaths;
  /** The port method a route becomes (`getV1PaymentsById`, `get_v1_payments_by_id`). */
  readonly operationName: (method: HttpMethod, path: string) => string;
  /** Every code file: runtime, ports, routes, router and the scaffolds. */
  readonly files: (layout: TargetLayout, features: readonly { pf: PlannedFeature; feature: FeatureModel }[], sha: string) => PlannedFile[];
}

export const TARGETS = {
  typescript: typescriptTarget,
  'python-fastapi': pythonFastapiTarget,
} as const satisfies Record<string, GenerationTarget>;

export type TargetId = keyof typeof TARGETS;
export const TARGET_IDS = Object.keys(TARGETS) as TargetId[];

export function generationTarget(id: TargetId): GenerationTarget {
  return TARGETS[id];
}
