// Corpora the benchmarks share, built once under bench/.work (gitignored) and reused.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './pairs.mjs';

export const WORK = path.join(REPO, 'bench/.work');

function featureText(f, scenarios) {
  const lines = [`@resource:cpu=0.${(f % 9) + 1}25,memory=${256 + (f % 8) * 128},storage=${50 + f},story_points=${(f % 13) + 1}`, `Feature: capability ${f}`, '', '  Background:', `    Given a tenant "t${f}" with an account`, ''];
  for (let s = 0; s < scenarios; s += 1) {
    if (s % 3 === 0) lines.push(`  @resource:cpu=${(s % 4) + 1}.5,memory=${512 * ((s % 4) + 1)},storage=${100 * (s + 1)},story_points=${s + 1}`);
    if (s === scenarios - 1) {
      lines.push(`  Scenario Outline: capability ${f} handles amount <amount>`, '    When the user submits <amount> EUR', '    And the ledger records it', '    Then the balance changes by <amount>', '    But no fee is charged', '', '    Examples:', '      | amount |', '      | 1      |', '      | 20     |', '      | 300    |', '');
    } else {
      lines.push(`  Scenario: capability ${f} case ${s}`, `    When the user does step ${s} with "value ${s}"`, '    And the system acknowledges it', `    Then the result is ${s * 7}`, '      | field | value |', `      | id    | ${f}-${s} |`, '');
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A project of `files` feature files × 10 scenarios in 40 folders. With `config`, it carries a
 * specgate.yaml (every section set), so the config path is part of what is measured.
 */
export function specCorpus(files, { config = false } = {}) {
  const dir = path.join(WORK, `specs-${files}${config ? '-config' : ''}`);
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (let f = 0; f < files; f += 1) {
    const sub = path.join(dir, 'features', `area-${String(f % 40).padStart(2, '0')}`);
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `capability-${f}.feature`), featureText(f, 10));
  }
  if (config) fs.writeFileSync(path.join(dir, 'specgate.yaml'), CONFIG_YAML);
  fs.writeFileSync(marker, '');
  return dir;
}

export const CONFIG_YAML = `# a realistic specgate.yaml: most sections set
mode: sandbox
features:
  - features
reports: reports
commands:
  lint: npm run lint
  test: npm test
  build: npm run build
coverage:
  file: coverage/coverage-summary.json
  threshold: 80
timeouts:
  commandSeconds: 300
retention:
  keep: 30
sast:
  enabled: true
  include:
    - src
deploy:
  port: 8787
  retries: 2
  health:
    path: /healthz
    expectStatus: 200
  resources:
    limits:
      cpu: 0.5
      memoryMi: 512
branch:
  push: false
`;
