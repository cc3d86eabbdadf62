// The pure generator: from parsed features to the list of files to write. Nothing here touches
// the disk; `applyPlan` (src/app/generate) writes the result atomically. Output is sorted and
// depends only on the specs, the feature SHA and (optionally) scenario results, so running twice
// gives byte-identical files.
import type { FeatureModel, RouteModel } from './model.js';
import { joinPath, pascalCase, pythonIdentifier, slugify, uniqueNames, unsafePathReason } from './naming.js';
import { GenerateError } from './errors.js';
import { featureDoc, traceability } from './templates/docs.js';
import { planStepSnippets, undefinedStepLines, type StepSnippet } from './step-snippets.js';
import { generationTarget, type GenerationTarget, type TargetId, type TargetLayout } from './targets/index.js';

export interface PlannedFile {
  /** POSIX path relative to the output root. */
  readonly path: string;
  readonly content: string;
  /** `generated` files are rewritten on every run; `scaffold` files are created once, then belong to people. */
  readonly kind: 'generated' | 'scaffold';
}

export interface PlannedRoute extends RouteModel {
  readonly operation: string;
}

/** A route a feature's scenarios call but another feature (earlier in path order) owns. */
export interface SharedRoute extends PlannedRoute {
  /** Spec file of the owning feature. */
  readonly owner: string;
}

export interface PlannedFeature {
  readonly file: string;
  readonly slug: string;
  readonly typeName: string;
  readonly varName: string;
  readonly constName: string;
  /** The feature as a Python module / snake_case name (`order_pricing`). */
  readonly moduleName: string;
  /** Routes this feature owns: the first feature (in path order) that calls a route owns it. */
  readonly routes: readonly PlannedRoute[];
  readonly sharedRoutes: readonly SharedRoute[];
  readonly httpFile: string;
  /** Port, routes and service exist only for features that own routes. */
  readonly portFile: string;
  readonly routesFile: string;
  readonly serviceFile: string;
  readonly hasPort: boolean;
  readonly docFile: string;
  readonly stepsFile?: string;
  /** The project step definitions its steps file holds (each expression once across the spec set). */
  readonly snippets: readonly StepSnippet[];
}

/** Scenario result by `file:line` of the scenario (worst status over its example rows). */
export type ScenarioResults = ReadonlyMap<string, string>;

export interface GenerationInput {
  readonly features: readonly FeatureModel[];
  readonly featureSha: string;
  /** Folder for generated code, relative to the output root (config `generate.out`). */
  readonly out: string;
  /** Folder for living docs (config `generate.docs`). */
  readonly docs: string;
  readonly results?: ScenarioResults;
  /** Language of the generated code (config `generate.target`, default `typescript`). */
  readonly target?: TargetId;
}

export interface UndefinedStep {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

export interface GenerationPlan {
  readonly files: readonly PlannedFile[];
  readonly features: readonly PlannedFeature[];
  /** Steps the built-in library does not define: they get pending stubs in the project steps file. */
  readonly undefinedSteps: readonly UndefinedStep[];
  /** Problems worth telling the user that do not stop generation. */
  readonly warnings: readonly string[];
}

/** Normalises a configured folder (`./src/generated/` → `src/generated`) and refuses escapes. */
export function configuredFolder(folder: string, key: string): string {
  const normal = folder.replace(/\/+$/g, '').replace(/^(\.\/)+/, '');
  const reason = unsafePathReason(normal);
  if (reason !== undefined) {
    throw new GenerateError('UNSAFE_OUTPUT_PATH', `${key} '${folder}' must be a folder inside the project (${reason})`, {
      path: 'specgate.yaml',
      hint: `set ${key} to a relative path such as 'src/generated'`,
    });
  }
  return normal;
}

function parentOf(folder: string): string {
  const i = folder.lastIndexOf('/');
  return i < 0 ? '' : folder.slice(0, i);
}

/** Features in byte order of their paths: the order route and step ownership follow. */
function sortedFeatures(features: readonly FeatureModel[]): FeatureModel[] {
  return [...features].sort((a, b) => Buffer.compare(Buffer.from(a.file), Buffer.from(b.file)));
}

/** Unique slugs, type and module names, one per feature. */
function featureNames(features: readonly FeatureModel[]): { slug: string; typeName: string; moduleName: string }[] {
  const slugs = uniqueNames(
    // A name with no ASCII letters (`Feature: 支付`) falls back to the file's base name.
    features.map((f) => slugify(f.name, slugify(f.file.slice(f.file.lastIndexOf('/') + 1).replace(/\.feature$/, ''), 'feature'))),
    '-',
  );
  const typeNames = uniqueNames(slugs.map(pascalCase));
  const moduleNames = uniqueNames(slugs.map(pythonIdentifier), '_');
  return slugs.map((slug, i) => ({ slug, typeName: typeNames[i] ?? 'Feature', moduleName: moduleNames[i] ?? 'feature' }));
}

type Owners = Map<string, { file: string; operation: string }>;

/** Routes the feature owns (first caller in path order) and the ones it shares with an earlier owner. */
function featureRoutes(feature: FeatureModel, owners: Owners, target: GenerationTarget): Pick<PlannedFeature, 'routes' | 'sharedRoutes'> {
  const owned = feature.routes.filter((r) => !owners.has(`${r.method} ${r.path}`));
  const operations = uniqueNames(owned.map((r) => target.operationName(r.method, r.path)));
  const routes = owned.map((r, j) => ({ ...r, operation: operations[j] ?? `operation${j}` }));
  const sharedRoutes = feature.routes.flatMap((r) => {
    const owner = owners.get(`${r.method} ${r.path}`);
    return owner === undefined ? [] : [{ ...r, operation: owner.operation, owner: owner.file }];
  });
  for (const r of routes) owners.set(`${r.method} ${r.path}`, { file: feature.file, operation: r.operation });
  return { routes, sharedRoutes };
}

interface PlannedPair {
  readonly pf: PlannedFeature;
  readonly feature: FeatureModel;
}

function planFeatures(features: readonly FeatureModel[], layout: TargetLayout, docs: string, target: GenerationTarget): PlannedPair[] {
  const names = featureNames(features);
  const snippets = planStepSnippets(features);
  const owners: Owners = new Map();
  return features.map((feature, i) => {
    const { slug, typeName, moduleName } = names[i] ?? { slug: 'feature', typeName: 'Feature', moduleName: 'feature' };
    const { routes, sharedRoutes } = featureRoutes(feature, owners, target);
    const own = snippets.get(feature.file) ?? [];
    const paths = target.featurePaths(layout, { slug, moduleName });
    const pf: PlannedFeature = {
      file: feature.file,
      slug,
      typeName,
      varName: typeName.charAt(0).toLowerCase() + typeName.slice(1),
      constName: slug.toUpperCase().replace(/-/g, '_').replace(/^([0-9])/, 'F$1'),
      moduleName,
      routes,
      sharedRoutes,
      httpFile: target.httpFile(layout),
      portFile: paths.portFile,
      routesFile: paths.routesFile,
      serviceFile: paths.serviceFile,
      hasPort: routes.length > 0,
      docFile: joinPath(docs, `${slug}.md`),
      ...(own.length > 0 ? { stepsFile: paths.stepsFile } : {}),
      snippets: own,
    };
    return { pf, feature };
  });
}

/** Living docs: one per feature plus traceability.json; the same for every target. */
function docFiles(planned: readonly PlannedPair[], docs: string, sha: string, results?: ScenarioResults): PlannedFile[] {
  return [
    { path: joinPath(docs, 'traceability.json'), content: traceability(planned, sha, results), kind: 'generated' },
    ...planned.map(({ pf, feature }) => ({ path: pf.docFile, content: featureDoc(pf, feature, sha, results), kind: 'generated' as const })),
  ];
}

/** Last line of defence: every planned path is relative, normalised and inside the output root. */
function assertSafePaths(files: readonly PlannedFile[]): void {
  for (const file of files) {
    const reason = unsafePathReason(file.path);
    if (reason !== undefined) throw new GenerateError('UNSAFE_OUTPUT_PATH', `refusing to plan ${JSON.stringify(file.path)}: ${reason}`);
  }
}

export function planGeneration(input: GenerationInput): GenerationPlan {
  const out = configuredFolder(input.out, 'generate.out');
  const docs = configuredFolder(input.docs, 'generate.docs');
  const target = generationTarget(input.target ?? 'typescript');
  const layout: TargetLayout = { out, base: parentOf(out) };
  target.checkLayout?.(layout);
  const features = sortedFeatures(input.features);
  const planned = planFeatures(features, layout, docs, target);
  const files = [...target.files(layout, planned, input.featureSha), ...docFiles(planned, docs, input.featureSha, input.results)];
  assertSafePaths(files);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const warnings = features.filter((f) => f.scenarios.length === 0).map((f) => `${f.file}: feature has no scenarios; only its living doc is generated`);
  return { files, features: planned.map((p) => p.pf), undefinedSteps: undefinedStepLines(features), warnings };
}
