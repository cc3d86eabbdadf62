// The python-fastapi target: the same hexagonal shape as the TypeScript one in a Python package
// under generate.out — ports as typing.Protocol, a FastAPI APIRouter bound to them, services
// answering 501 and pytest-bdd step scaffolds (templates in ../templates/python.ts).
import { GenerateError } from '../errors.js';
import { joinPath, pythonIdentifier, snakeCase } from '../naming.js';
import type { PlannedFile } from '../plan.js';
import { PYTHON_HTTP_RUNTIME } from '../templates/python-runtime.js';
import {
  pythonHeader,
  pythonPortFile,
  pythonRouterFile,
  pythonRoutesFile,
  pythonServiceScaffold,
  pythonStepsScaffold,
} from '../templates/python.js';
import type { GenerationTarget, TargetLayout } from './index.js';

/** `src/generated` → `src.generated`: the package services import the ports from. */
const outModule = (layout: TargetLayout): string => layout.out.split('/').join('.');

/** Every folder of generate.out must be importable: an identifier, not a keyword. */
function checkLayout(layout: TargetLayout): void {
  const bad = layout.out.split('/').find((segment) => pythonIdentifier(segment) !== segment);
  if (bad === undefined) return;
  throw new GenerateError('GENERATE_OUT_NOT_IMPORTABLE', `generate.out '${layout.out}' is not a Python package path: '${bad}' is not an identifier`, {
    path: 'specgate.yaml',
    hint: `with generate.target python-fastapi, set generate.out to folders named like Python modules, e.g. '${joinPath(layout.base, pythonIdentifier(bad))}'`,
  });
}

export const pythonFastapiTarget: GenerationTarget = {
  checkLayout,
  httpFile: (layout) => joinPath(layout.out, 'http.py'),
  featurePaths: (layout, { moduleName }) => ({
    portFile: joinPath(layout.out, moduleName, 'port.py'),
    routesFile: joinPath(layout.out, moduleName, 'routes.py'),
    serviceFile: joinPath(layout.base, 'services', `${moduleName}_service.py`),
    stepsFile: joinPath(layout.base, 'steps', `${moduleName}_steps.py`),
  }),
  operationName: (method, path) => snakeCase(`${method.toLowerCase()} ${path.replace(/:([A-Za-z0-9_]+)/g, 'by $1')}`),
  files: (layout, features, sha) => {
    const withPort = features.filter(({ pf }) => pf.hasPort);
    const files: PlannedFile[] = [
      { path: joinPath(layout.out, '__init__.py'), content: pythonHeader(sha), kind: 'generated' },
      { path: joinPath(layout.out, 'http.py'), content: pythonHeader(sha) + PYTHON_HTTP_RUNTIME, kind: 'generated' },
      { path: joinPath(layout.out, 'router.py'), content: pythonRouterFile(withPort.map(({ pf }) => pf), sha), kind: 'generated' },
    ];
    for (const { pf, feature } of withPort) {
      files.push(
        { path: joinPath(layout.out, pf.moduleName, '__init__.py'), content: pythonHeader(sha), kind: 'generated' },
        { path: pf.portFile, content: pythonPortFile(pf, feature, sha), kind: 'generated' },
        { path: pf.routesFile, content: pythonRoutesFile(pf, sha), kind: 'generated' },
        { path: pf.serviceFile, content: pythonServiceScaffold(pf, feature, outModule(layout)), kind: 'scaffold' },
      );
    }
    for (const { pf, feature } of features) {
      if (pf.stepsFile !== undefined) files.push({ path: pf.stepsFile, content: pythonStepsScaffold(feature, pf.snippets), kind: 'scaffold' });
    }
    return files;
  },
};
