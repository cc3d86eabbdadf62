// The validate stage's SAST step: the built-in ESLint security scan plus every external SARIF
// file listed in config (CodeQL, Semgrep, Trivy), merged into one SARIF 2.1.0 log with each tool
// as its own run. A scan that cannot run or a file that cannot be read is a `problem`, which the
// gate turns into a failure in compliance mode: a missing scan is not a clean scan.
import * as path from 'node:path';
import type { FileSystem, ProcessRunner } from '../../core/ports.js';
import type { SpecgateConfig } from '../../core/config/schema.js';
import { lintToSarifRun, mergeSarif, parseExternalSarif, summarizeSarif, type SarifLog, type SarifRun, type SastSummary } from '../../core/security/sarif.js';
import { InterruptedError } from '../../core/errors.js';
import { coverageArtifacts, coverageFromSarifRun, languageOf, summarizeScanCoverage, type ScanCoverageSummary, type ScannerCoverage } from '../../core/security/scan-coverage.js';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { sourceInventory } from './source-inventory.js';

/** Languages the built-in ESLint scan analyses. */
const ESLINT_LANGUAGES = ['javascript', 'typescript'];

export interface SastOutcome {
  readonly log: SarifLog;
  readonly summary: SastSummary;
  /** Scans that could not run or be read, each naming the file or folder. */
  readonly problems: readonly string[];
  /** `sast.sarif` content: the log, two-space indented, newline-terminated. */
  readonly sarif: string;
  /** What each scanner read, one record per SARIF run that reported coverage. */
  readonly coverage: readonly ScannerCoverage[];
  /** Source files present under `sast.include` vs files scanned, per language. */
  readonly scanCoverage: ScanCoverageSummary;
}

export interface RunSastOptions {
  readonly root: string;
  readonly config: SpecgateConfig;
  readonly signal?: AbortSignal;
  readonly fs?: FileSystem;
  readonly processes?: ProcessRunner;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export async function runSast(options: RunSastOptions): Promise<SastOutcome> {
  const fs = options.fs ?? new NodeFileSystem();
  const { root, config } = options;
  const runs: SarifRun[] = [];
  const problems: string[] = [];
  const coverage: ScannerCoverage[] = [];
  if (config.sast.enabled) {
    const include: string[] = [];
    for (const p of config.sast.include) {
      if ((await fs.stat(path.resolve(root, p))) === undefined) problems.push(`sast.include: ${p} does not exist (nothing scanned there)`);
      else include.push(p);
    }
    if (include.length > 0) {
      const { runEslintSecurityScan } = await import('../../adapters/security/eslint-scan.js');
      try {
        const scan = await runEslintSecurityScan(root, include);
        const run = lintToSarifRun(scan.files, scan.tool, scan.rules);
        const looked = eslintCoverage(scan.tool.name, scan.files);
        coverage.push(looked);
        runs.push({ ...run, artifacts: coverageArtifacts(looked) });
        const notes = (run.invocations as { toolExecutionNotifications: { message: { text: string } }[] }[])[0]?.toolExecutionNotifications ?? [];
        for (const n of notes) problems.push(`not scanned (parse error): ${n.message.text}`);
      } catch (error) {
        problems.push(`the built-in ESLint security scan failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
    }
  }
  if (options.signal?.aborted) throw new InterruptedError('SAST interrupted');
  for (const file of config.sast.sarif) {
    let text: string;
    try {
      text = await fs.readText(path.resolve(root, file));
    } catch {
      problems.push(`sast.sarif: cannot read ${file} (did the scanner run before specgate?)`);
      continue;
    }
    try {
      const external = parseExternalSarif(text, file);
      runs.push(...external);
      coverage.push(...external.map(coverageFromSarifRun));
    } catch (error) {
      problems.push(`sast.sarif: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const present = await sourceInventory(fs, root, config.sast.include);
  if (config.sast.enabled || config.sast.commands.length > 0) {
    const { runBandit, runSastCommands } = await import('./sast-scanners.js');
    const processes = options.processes ?? new (await import('../../adapters/process-runner.js')).NodeProcessRunner();
    const scanners = { root, config, fs, processes, env: options.env ?? {}, present: present.files, ...(options.signal ? { signal: options.signal } : {}) };
    const outputs = [...(config.sast.enabled ? [await runBandit(scanners)] : []), await runSastCommands(scanners)];
    for (const o of outputs) {
      if (o === undefined) continue;
      runs.push(...o.runs);
      coverage.push(...o.coverage);
      problems.push(...o.problems);
    }
  }
  const scanCoverage = summarizeScanCoverage(present.files, coverage);
  const log = mergeSarif(runs, scanCoverage);
  return { log, summary: summarizeSarif(log), problems, sarif: `${JSON.stringify(log, null, 2)}\n`, coverage, scanCoverage };
}

/** Files ESLint linted without a fatal parse error: a file it could not parse was not scanned. */
function eslintCoverage(tool: string, files: readonly { path: string; messages: readonly { fatal?: boolean }[] }[]): ScannerCoverage {
  const scanned = files
    .filter((f) => !f.messages.some((m) => m.fatal === true))
    .flatMap((f) => {
      const language = languageOf(f.path);
      return language === undefined ? [] : [{ path: f.path, language }];
    });
  return { tool, languages: ESLINT_LANGUAGES, files: scanned };
}
