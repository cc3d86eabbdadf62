// The validate stage's SAST step: the built-in ESLint security scan plus every external SARIF
// file listed in config (CodeQL, Semgrep, Trivy), merged into one SARIF 2.1.0 log with each tool
// as its own run. A scan that cannot run or a file that cannot be read is a `problem`, which the
// gate turns into a failure in compliance mode: a missing scan is not a clean scan.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import type { SpecgateConfig } from '../../core/config/schema.js';
import { lintToSarifRun, mergeSarif, parseExternalSarif, summarizeSarif, type SarifLog, type SarifRun, type SastSummary } from '../../core/security/sarif.js';
import { InterruptedError } from '../../core/errors.js';
import { NodeFileSystem } from '../../adapters/node-fs.js';

export interface SastOutcome {
  readonly log: SarifLog;
  readonly summary: SastSummary;
  /** Scans that could not run or be read, each naming the file or folder. */
  readonly problems: readonly string[];
  /** `sast.sarif` content: the log, two-space indented, newline-terminated. */
  readonly sarif: string;
}

export interface RunSastOptions {
  readonly root: string;
  readonly config: SpecgateConfig;
  readonly signal?: AbortSignal;
  readonly fs?: FileSystem;
}

export async function runSast(options: RunSastOptions): Promise<SastOutcome> {
  const fs = options.fs ?? new NodeFileSystem();
  const { root, config } = options;
  const runs: SarifRun[] = [];
  const problems: string[] = [];
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
        runs.push(run);
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
      runs.push(...parseExternalSarif(text, file));
    } catch (error) {
      problems.push(`sast.sarif: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const log = mergeSarif(runs);
  return { log, summary: summarizeSarif(log), problems, sarif: `${JSON.stringify(log, null, 2)}\n` };
}
