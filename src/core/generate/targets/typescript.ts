// The TypeScript target: ports as interfaces, a dependency-free node:http router, service classes
// answering 501 and cucumber step scaffolds (templates in ../templates/typescript.ts).
import { camelCase, joinPath } from '../naming.js';
import { HTTP_RUNTIME } from '../templates/http-runtime.js';
import { generatedHeader, portFile, routerFile, routesFile, serviceScaffold, stepsScaffold } from '../templates/typescript.js';
import type { PlannedFile } from '../plan.js';
import type { GenerationTarget } from './index.js';

export const typescriptTarget: GenerationTarget = {
  httpFile: (layout) => joinPath(layout.out, 'http.ts'),
  featurePaths: (layout, { slug }) => ({
    portFile: joinPath(layout.out, slug, 'port.ts'),
    routesFile: joinPath(layout.out, slug, 'routes.ts'),
    serviceFile: joinPath(layout.base, 'services', `${slug}.service.ts`),
    stepsFile: joinPath(layout.base, 'steps', `${slug}.steps.ts`),
  }),
  operationName: (method, path) => camelCase(`${method.toLowerCase()} ${path.replace(/:([A-Za-z0-9_]+)/g, 'by $1')}`),
  files: (layout, features, sha) => {
    const httpFile = joinPath(layout.out, 'http.ts');
    const routerPath = joinPath(layout.out, 'router.ts');
    const withPort = features.filter(({ pf }) => pf.hasPort);
    const files: PlannedFile[] = [
      { path: httpFile, content: generatedHeader(sha) + HTTP_RUNTIME, kind: 'generated' },
      { path: routerPath, content: routerFile(routerPath, httpFile, withPort.map(({ pf }) => pf), sha), kind: 'generated' },
    ];
    for (const { pf, feature } of withPort) {
      files.push(
        { path: pf.portFile, content: portFile(pf, feature, sha), kind: 'generated' },
        { path: pf.routesFile, content: routesFile(pf, sha), kind: 'generated' },
        { path: pf.serviceFile, content: serviceScaffold(pf, feature), kind: 'scaffold' },
      );
    }
    for (const { pf, feature } of features) {
      if (pf.stepsFile !== undefined) files.push({ path: pf.stepsFile, content: stepsScaffold(feature, pf.snippets), kind: 'scaffold' });
    }
    return files;
  },
};
