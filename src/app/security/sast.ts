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
import type { EslintSecurityScan } from '../../core/security/ports.js';
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
  readonly fs: FileSystem;
  readonly processes: ProcessRunner;
  /** The built-in ESLint security scan (src/cli/compose-security.ts loads it only when SAST runs). */
  readonly eslintScan: EslintSecurityScan;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** What each step adds: SARIF runs, what each scanner looked at, and problems to report. */
interface Findings {
  readonly runs: SarifRun[];
  readonly coverage: ScannerCoverage[];
  readonly problems: string[];
}

export async function runSast(options: RunSastOptions): Promise<SastOutcome> {
  const { fs, root, config } = options;
  const found: Findings = { runs: [], coverage: [], problems: [] };
  if (config.sast.enabled) await scanWithEslint(options, config.sast.include, found);
  if (options.signal?.aborted) throw new InterruptedError('SAST interrupted');
  await mergeExternalSarif(fs, root, config.sast.sarif, found);
  const present = await sourceInventory(fs, root, config.sast.include);
  if (config.sast.enabled || config.sast.commands.length > 0) await runOtherScanners(options, fs, present.files, found);
  const scanCoverage = summarizeScanCoverage(present.files, found.coverage);
  const log = mergeSarif(found.runs, scanCoverage);
  return { log, summary: summarizeSarif(log), problems: found.problems, sarif: `${JSON.stringify(log, null, 2)}\n`, coverage: found.coverage, scanCoverage };
}

/** Step 1: the built-in ESLint security scan over the `sast.include` folders that exist. */
async function scanWithEslint({ fs, root, eslintScan }: RunSastOptions, folders: readonly string[], found: Findings): Promise<void> {
  const include: string[] = [];
  for (const p of folders) {
    if ((await fs.stat(path.resolve(root, p))) === undefined) found.problems.push(`sast.include: ${p} does not exist (nothing scanned there)`);
    else include.push(p);
  }
  if (include.length === 0) return;
  try {
    const scan = await eslintScan(root, include);
    const run = lintToSarifRun(scan.files, scan.tool, scan.rules);
    const looked = eslintCoverage(scan.tool.name, scan.files);
    found.coverage.push(looked);
    found.runs.push({ ...run, artifacts: coverageArtifacts(looked) });
    const notes = (run.invocations as { toolExecutionNotifications: { message: { text: string } }[] }[])[0]?.toolExecutionNotifications ?? [];
    for (const n of notes) found.problems.push(`not scanned (parse error): ${n.message.text}`);
  } catch (error) {
    found.problems.push(`the built-in ESLint security scan failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

/** Step 2: the `sast.sarif` files other scanners wrote before specgate ran. */
async function mergeExternalSarif(fs: FileSystem, root: string, files: readonly string[], found: Findings): Promise<void> {
  for (const file of files) {
    let text: string;
    try {
      text = await fs.readText(path.resolve(root, file));
    } catch {
      found.problems.push(`sast.sarif: cannot read ${file} (did the scanner run before specgate?)`);
      continue;
    }
    try {
      const external = parseExternalSarif(text, file);
      found.runs.push(...external);
      found.coverage.push(...external.map(coverageFromSarifRun));
    } catch (error) {
      found.problems.push(`sast.sarif: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Step 3: Bandit (when SAST is enabled) and each `sast.commands` scanner. */
async function runOtherScanners(options: RunSastOptions, fs: FileSystem, present: Parameters<typeof summarizeScanCoverage>[0], found: Findings): Promise<void> {
  const { root, config } = options;
  const { runBandit, runSastCommands } = await import('./sast-scanners.js');
  const scanners = { root, config, fs, processes: options.processes, env: options.env ?? {}, present, ...(options.signal ? { signal: options.signal } : {}) };
  const outputs = [...(config.sast.enabled ? [await runBandit(scanners)] : []), await runSastCommands(scanners)];
  for (const o of outputs) {
    if (o === undefined) continue;
    found.runs.push(...o.runs);
    found.coverage.push(...o.coverage);
    found.problems.push(...o.problems);
  }
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
