// The pure generator: from parsed features to the list of files to write. Nothing here touches
// the disk; `applyPlan` (src/app/generate) writes the result atomically. Output is sorted and
// depends only on the specs, the feature SHA and (optionally) scenario results, so running twice
// gives byte-identical files.
import { isLibraryStep } from './step-catalog.js';
import { concreteTexts, type FeatureModel, type RouteModel, type StepModel } from './model.js';
import { camelCase, pascalCase, slugify, uniqueNames, unsafePathReason } from './naming.js';
import { GenerateError } from './errors.js';
import { HTTP_RUNTIME } from './templates/http-runtime.js';
import { generatedHeader, portFile, routerFile, routesFile, serviceScaffold, stepsScaffold } from './templates/typescript.js';
import { featureDoc, traceability } from './templates/docs.js';

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

const join = (...parts: string[]): string => parts.filter((p) => p !== '').join('/');

function projectSteps(feature: FeatureModel): StepModel[] {
  const seen = new Set<string>();
  const steps: StepModel[] = [];
  const all = feature.scenarios.flatMap((scenario) =>
    [...scenario.background, ...scenario.steps].map((step) => ({ step, texts: concreteTexts(step, scenario) })),
  );
  for (const { step, texts } of all) {
    if (texts.every(isLibraryStep) || seen.has(step.text)) continue;
    seen.add(step.text);
    steps.push(step);
  }
  return steps;
}

export function planGeneration(input: GenerationInput): GenerationPlan {
  const out = configuredFolder(input.out, 'generate.out');
  const docs = configuredFolder(input.docs, 'generate.docs');
  const base = parentOf(out);
  const features = [...input.features].sort((a, b) => Buffer.compare(Buffer.from(a.file), Buffer.from(b.file)));
  const slugs = uniqueNames(
    // A name with no ASCII letters (`Feature: 支付`) falls back to the file's base name.
    features.map((f) => slugify(f.name, slugify(f.file.slice(f.file.lastIndexOf('/') + 1).replace(/\.feature$/, ''), 'feature'))),
    '-',
  );
  const typeNames = uniqueNames(slugs.map(pascalCase));
  const httpFile = join(out, 'http.ts');
  const routerPath = join(out, 'router.ts');

  const warnings: string[] = [];
  const owners = new Map<string, { file: string; operation: string }>();
  const undefinedSteps: UndefinedStep[] = [];
  const planned = features.map((feature, i) => {
    const slug = slugs[i] ?? 'feature';
    const typeName = typeNames[i] ?? 'Feature';
    const owned = feature.routes.filter((r) => !owners.has(`${r.method} ${r.path}`));
    const operations = uniqueNames(owned.map((r) => camelCase(`${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z0-9_]+)/g, 'by $1')}`)));
    const routes = owned.map((r, j) => ({ ...r, operation: operations[j] ?? `operation${j}` }));
    const sharedRoutes = feature.routes.flatMap((r) => {
      const owner = owners.get(`${r.method} ${r.path}`);
      return owner === undefined ? [] : [{ ...r, operation: owner.operation, owner: owner.file }];
    });
    for (const r of routes) owners.set(`${r.method} ${r.path}`, { file: feature.file, operation: r.operation });
    if (feature.scenarios.length === 0) warnings.push(`${feature.file}: feature has no scenarios; only its living doc is generated`);
    const steps = projectSteps(feature);
    undefinedSteps.push(...steps.map((s) => ({ file: feature.file, line: s.line, text: s.text })));
    const pf: PlannedFeature = {
      file: feature.file,
      slug,
      typeName,
      varName: typeName.charAt(0).toLowerCase() + typeName.slice(1),
      constName: slug.toUpperCase().replace(/-/g, '_').replace(/^([0-9])/, 'F$1'),
      routes,
      sharedRoutes,
      httpFile,
      portFile: join(out, slug, 'port.ts'),
      routesFile: join(out, slug, 'routes.ts'),
      serviceFile: join(base, 'services', `${slug}.service.ts`),
      hasPort: routes.length > 0,
      docFile: join(docs, `${slug}.md`),
      ...(steps.length > 0 ? { stepsFile: join(base, 'steps', `${slug}.steps.ts`) } : {}),
    };
    return { pf, feature, steps };
  });

  const sha = input.featureSha;
  const files: PlannedFile[] = [
    { path: httpFile, content: generatedHeader(sha) + HTTP_RUNTIME, kind: 'generated' },
    { path: routerPath, content: routerFile(routerPath, httpFile, planned.map((p) => p.pf).filter((pf) => pf.hasPort), sha), kind: 'generated' },
    { path: join(docs, 'traceability.json'), content: traceability(planned, sha, input.results), kind: 'generated' },
  ];
  for (const { pf, feature, steps } of planned) {
    files.push({ path: pf.docFile, content: featureDoc(pf, feature, sha, input.results), kind: 'generated' });
    if (pf.hasPort) {
      files.push(
        { path: pf.portFile, content: portFile(pf, feature, sha), kind: 'generated' },
        { path: pf.routesFile, content: routesFile(pf, sha), kind: 'generated' },
        { path: pf.serviceFile, content: serviceScaffold(pf, feature), kind: 'scaffold' },
      );
    }
    if (pf.stepsFile) files.push({ path: pf.stepsFile, content: stepsScaffold(feature, steps), kind: 'scaffold' });
  }
  for (const file of files) {
    const reason = unsafePathReason(file.path);
    if (reason !== undefined) throw new GenerateError('UNSAFE_OUTPUT_PATH', `refusing to plan ${JSON.stringify(file.path)}: ${reason}`);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, features: planned.map((p) => p.pf), undefinedSteps, warnings };
}
