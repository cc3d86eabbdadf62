// Interop: the SARIF specgate writes passes Microsoft's sarif-multitool with its SARIF and GitHub
// (code scanning ingestion) rules, and its fingerprints survive code moving to another line.
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../../test/helpers/tmp.js';
import { defaultConfig } from '../../core/config/parse.js';
import { FINGERPRINT_KEY } from '../../core/security/sarif-github.js';
import { runSast } from './sast.js';
import { nodeSastPorts } from './node-ports.test-helper.js';

/** The linux binary of @microsoft/sarif-multitool; npm may have skipped its chmod postinstall. */
function multitool(): string {
  const bin = path.join(path.dirname(createRequire(import.meta.url).resolve('@microsoft/sarif-multitool-linux/package.json')), 'Sarif.Multitool');
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    chmodSync(bin, 0o755);
  }
  return bin;
}

const SOURCES = {
  'src/eval.ts': 'export function run(code: string): unknown {\n  return eval(code);\n}\n',
  'src/regex.js': 'export const r = (s) => new RegExp(s);\n',
  'src/app.py': 'import os\nimport subprocess\nos.system(input())\nsubprocess.call(input(), shell=True)\n',
};

async function scan(root: string): Promise<{ sarif: string; prints: string[] }> {
  const base = defaultConfig();
  const outcome = await runSast({ ...nodeSastPorts, root, config: { ...base, sast: { ...base.sast, include: ['src'] } } });
  const log = JSON.parse(outcome.sarif) as { runs: { results: { partialFingerprints?: Record<string, string> }[] }[] };
  return { sarif: outcome.sarif, prints: log.runs.flatMap((r) => r.results.map((x) => x.partialFingerprints?.[FINGERPRINT_KEY] ?? 'none')) };
}

describe('SARIF for GitHub code scanning', () => {
  it('passes sarif-multitool validate with the SARIF and GitHub rule kinds (no error, no warning)', async () => {
    const root = tempDir('specgate-sarif-gh-');
    writeTree(root, SOURCES);
    const { sarif } = await scan(root);
    const file = path.join(root, 'sast.sarif');
    writeFileSync(file, sarif);
    // Both converters must have produced results, or "clean" would mean nothing was checked.
    expect(sarif).toContain('"name": "ESLint"');
    expect(sarif).toContain('"name": "bandit"');
    const run = spawnSync(multitool(), ['validate', '--rule-kind', 'Sarif;Gh', file], {
      encoding: 'utf8',
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
      timeout: 120_000,
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).toContain('Analysis completed successfully');
    expect(output.split('\n').filter((l) => /: (error|warning) [A-Z]+\d+/.test(l))).toEqual([]);
  }, 180_000);

  it('gives every result a fingerprint that survives the code moving down a line', async () => {
    const root = tempDir('specgate-sarif-fp-');
    writeTree(root, SOURCES);
    const before = await scan(root);
    writeTree(root, Object.fromEntries(Object.entries(SOURCES).map(([f, text]) => [f, `${f.endsWith('.py') ? '#' : '//'} moved\n${text}`])));
    const after = await scan(root);
    expect(before.prints.length).toBeGreaterThanOrEqual(4);
    expect(before.prints.every((p) => /^[0-9a-f]{32}:\d+$/.test(p))).toBe(true);
    expect(new Set(before.prints).size).toBe(before.prints.length);
    expect(after.prints).toEqual(before.prints);
  }, 120_000);
});
