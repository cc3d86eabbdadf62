import { describe, expect, it } from 'vitest';
import { declaredDependencies, uncoveredManifests } from './declared-deps.js';

describe('declared runtime dependencies', () => {
  it('reads package.json, requirements.txt, pyproject.toml (PEP 621) and go.mod', () => {
    expect(declaredDependencies('package.json', '{"dependencies":{"express":"^4","@scope/x":"1"},"devDependencies":{"vitest":"4"}}').names).toEqual(['@scope/x', 'express']);
    expect(declaredDependencies('requirements.txt', '# web\nfastapi[all]==0.92\n-r other.txt\nrequests>=2 # http\ngit+https://x/y.git\n').names).toEqual(['fastapi', 'requests']);
    expect(declaredDependencies('pyproject.toml', '[build-system]\nrequires = ["hatchling"]\n[project]\nname = "svc"\ndependencies = [\n  "uvicorn>=0.17",\n  \'httpx\',\n]\n[tool.x]\ndependencies = ["nope"]\n').names).toEqual(['httpx', 'uvicorn']);
    expect(declaredDependencies('go.mod', 'module m\n\ngo 1.21\n\nrequire github.com/a/b v1.0.0\nrequire (\n\tgithub.com/c/d v0.2.0\n\tgolang.org/x/e v0.1.0 // indirect\n)\n').names).toEqual(['github.com/a/b', 'github.com/c/d']);
    expect(declaredDependencies('package.json', 'not json').names).toEqual([]);
  });

  it('a manifest is uncovered only when the SBOM lists none of its names (case and separators ignored)', () => {
    const declared = [declaredDependencies('package.json', '{"dependencies":{"express":"^4"}}'), declaredDependencies('requirements.txt', 'Flask_Login\n')];
    expect(uncoveredManifests(declared, []).map((d) => d.manifest)).toEqual(['package.json', 'requirements.txt']);
    expect(uncoveredManifests(declared, ['express', 'flask-login']).map((d) => d.manifest)).toEqual([]);
    expect(uncoveredManifests([declaredDependencies('package.json', '{"name":"x"}')], [])).toEqual([]);
  });
});
