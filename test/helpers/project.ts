// Builds tiny throw-away specgate projects inside temp git repositories for end-to-end tests.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { tempDir, writeTree } from './tmp.js';

export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.test',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.test',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    env: { ...process.env, ...GIT_ENV },
    encoding: 'utf8',
  }).trim();
}

export const VALID_FEATURE = `@resource:cpu=0.25,memory=256,storage=50,story_points=3
Feature: Ping
  Scenario: the service answers a ping
    Given the service is running
    When I call GET /v1/ping
    Then I receive a 200 response
`;

/** A feature with a resource tag that breaks the precision rule (RESOURCE_PRECISION at line 1). */
export const IMPRECISE_FEATURE = `@resource:cpu=0.1234,memory=256,storage=50,story_points=3
Feature: Imprecise
  Scenario: budgets with too many decimals
    Given something
    When it happens
    Then it is seen
`;

/**
 * An external SARIF log with no findings: a clean scan, cheap to "run" in pipeline tests. It lists
 * the file it looked at (`app.mjs`, the scenario app every pipeline project has): a scan that names
 * no artifact proves nothing and fails the compliance SAST gate.
 */
export const CLEAN_SARIF = JSON.stringify({
  $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: 'FixtureScanner', version: '1.0.0', rules: [] } },
      artifacts: [{ location: { uri: 'app.mjs', uriBaseId: '%SRCROOT%' }, sourceLanguage: 'javascript' }],
      results: [],
    },
  ],
});

/** An in-process app for the scenario runner: answers /healthz and the ping feature's request. */
export const PING_APP = `export function createApp() {
  return (req, res) => {
    const known = req.url === '/healthz' || req.url === '/v1/ping';
    res.writeHead(known ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ pong: true }));
  };
}
`;

/** A shell command that writes an istanbul json-summary with the given line coverage. */
export function coverageCommand(pct: number): string {
  const total = 1000;
  const covered = Math.round((pct / 100) * total);
  const doc = JSON.stringify({ total: { lines: { total, covered, skipped: 0, pct }, statements: { total, covered, skipped: 0, pct }, functions: { total: 10, covered: 10, skipped: 0, pct: 100 }, branches: { total: 10, covered: 10, skipped: 0, pct: 100 } } });
  return `mkdir -p coverage && printf '%s' '${doc}' > coverage/coverage-summary.json`;
}

export interface ProjectOptions {
  readonly config?: string;
  readonly files?: Record<string, string>;
  readonly git?: boolean;
}

/** A temp project (a git repo with one commit by default) holding specgate.yaml and features/. */
export function makeProject(options: ProjectOptions = {}): string {
  const root = tempDir('specgate-project-');
  writeTree(root, {
    'specgate.yaml': options.config ?? `name: demo\ncommands:\n  test: ${JSON.stringify(coverageCommand(85.2))}\n`,
    'features/ping.feature': VALID_FEATURE,
    ...options.files,
  });
  if (options.git !== false) {
    git(root, 'init', '-q');
    writeTree(root, { '.gitignore': 'reports/\n.specgate/\ncoverage/\n' });
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'initial');
  }
  return root;
}

export function projectPath(root: string, ...parts: string[]): string {
  return path.join(root, ...parts);
}
