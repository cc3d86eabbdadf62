// generate.target python-fastapi end to end on hostile specs: every file compiles under the real
// /usr/bin/python3, the spec text comes back verbatim, the FastAPI router answers 501 from the
// service scaffolds (400 on bad JSON), and a second generate writes nothing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { DEFAULT_CONFIG } from '../../core/config/defaults.js';
import { GenerateError } from '../../core/generate/errors.js';
import { parseFeature } from '../../core/generate/model.js';
import { planGeneration } from '../../core/generate/plan.js';
import { tempDir, writeTree } from '../../../test/helpers/tmp.js';
import { generateProject } from './generate-project.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/generate');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
/** Names Python reads specially: a coding declaration, a keyword, a leading digit, a generated module's name. */
const TRICKY = {
  'features/coding.feature': 'Feature: x coding: utf-16 -*- coding: latin-1 -*-\n  Scenario: s\n    When I call GET /c/<1>\n',
  'features/import.feature': 'Feature: import\n  Scenario: s\n    When I call DELETE /i\n',
  'features/twofa.feature': 'Feature: 2FA\n  Scenario: s\n    When I call PUT /t\n',
  'features/http.feature': 'Feature: http\n  Scenario: s\n    When I call PATCH /h\n',
};
const SPECS: Record<string, string> = {
  'features/hostile.feature': fixture('hostile.feature'),
  'features/payments.feature': fixture('payments.feature'),
  'features/traversal.feature': fixture('traversal.feature'),
  ...TRICKY,
};
const config = { ...DEFAULT_CONFIG, features: ['features'], generate: { ...DEFAULT_CONFIG.generate, out: 'app/generated', target: 'python-fastapi' as const } };

const PROBE = `
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
from fastapi import FastAPI
from fastapi.testclient import TestClient
from app.generated import router
from app.generated.evil_quotes_backticks_process_exit_1_single_back_slash_e_u import port
def scaffold(field):
    module = importlib.import_module("app.services." + field + "_service")
    return next(v for k, v in vars(module).items() if k.endswith("Service"))()
services = {f: scaffold(f) for f in router.Services.__dataclass_fields__}
app = FastAPI()
app.include_router(router.create_router(router.Services(**services)))
client = TestClient(app)
out = {"feature": port.EVIL_QUOTES_BACKTICKS_PROCESS_EXIT_1_SINGLE_BACK_SLASH_E_U_FEATURE}
r = client.get("/v1/evil/42")
out["get"] = [r.status_code, r.json()]
r = client.post("/v1/evil", content=b"{not json", headers={"content-type": "application/json"})
out["bad"] = [r.status_code, r.json()]
out["paths"] = sorted(route.path for route in app.routes if route.path.startswith(("/c", "/v1")))
print(json.dumps(out))
`;

describe('generate.target python-fastapi', () => {
  const root = tempDir('specgate-py-gen-');
  writeTree(root, SPECS);
  const fsys = new NodeFileSystem();
  const generate = () => generateProject({ fs: fsys, projectRoot: root, outRoot: root, config, dryRun: false });

  it('writes a package that compiles, keeps spec text inert and serves 501 through FastAPI', async () => {
    const first = await generate();
    const py = first.files.filter((f) => f.path.endsWith('.py')).map((f) => f.path);
    expect(py).toEqual(expect.arrayContaining(['app/generated/http.py', 'app/generated/router.py', 'app/services/import_feature_service.py', 'app/generated/f_2fa/port.py', 'app/generated/http_feature/routes.py']));
    const compiled = spawnSync('/usr/bin/python3', ['-B', '-m', 'py_compile', ...py], { cwd: root, encoding: 'utf8' });
    expect(compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
    // The services import `app.generated`, so the probe runs from the project root.
    const probe = spawnSync('/usr/bin/python3', ['-B', '-c', PROBE, root], { cwd: root, encoding: 'utf8' });
    expect(probe.stderr).toBe('');
    const out = JSON.parse(probe.stdout) as { feature: { name: string }; get: unknown; bad: unknown; paths: string[] };
    expect(out.feature.name).toBe(parseFeature({ path: 'f', text: SPECS['features/hostile.feature']! })!.name);
    expect(out.get).toEqual([501, { error: 'not_implemented', operation: 'get_v1_evil_by_id' }]);
    expect(out.bad).toEqual([400, { error: 'invalid_json' }]);
    expect(out.paths).toEqual(['/c/{p_1}', '/v1/climb', '/v1/evil', '/v1/evil/{id}', '/v1/payments', '/v1/payments/{payment_id}']);
  });

  it('is idempotent: the second generate writes nothing and keeps the scaffolds', async () => {
    await generate();
    const second = await generate();
    expect(second.written).toEqual([]);
    expect(second.kept.length).toBe(second.files.length);
  });

  it('refuses a generate.out Python cannot import', () => {
    const features = [parseFeature({ path: 'features/import.feature', text: TRICKY['features/import.feature'] })!];
    const plan = () => planGeneration({ features, featureSha: 'abc', out: 'src/my-gen', docs: 'docs', target: 'python-fastapi' });
    expect(plan).toThrow(GenerateError);
    expect(plan).toThrow(/'my-gen' is not an identifier/);
  });
});
