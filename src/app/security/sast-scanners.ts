// SAST beyond the built-in ESLint scan: Bandit for the Python files under `sast.include` (when it
// is installed) and `sast.commands`, any scanner that writes SARIF (semgrep, CodeQL CLI, gosec).
// Each contributes SARIF runs and a ScannerCoverage record; a scanner that cannot run, or leaves
// no fresh SARIF behind, is a problem — the gate fails it in compliance.
import * as path from 'node:path';
import type { FileSystem, ProcessRunner } from '../../core/ports.js';
import type { SpecgateConfig } from '../../core/config/schema.js';
import { banditToSarif } from '../../core/security/bandit.js';
import { parseExternalSarif, type SarifRun } from '../../core/security/sarif.js';
import { coverageFromSarifRun, type ScannerCoverage, type SourceFile } from '../../core/security/scan-coverage.js';

export interface ScannerOutput {
  readonly runs: SarifRun[];
  readonly coverage: ScannerCoverage[];
  readonly problems: string[];
}

export interface ScannerContext {
  readonly root: string;
  readonly config: SpecgateConfig;
  readonly fs: FileSystem;
  readonly processes: ProcessRunner;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
  /** Source files present under sast.include (from the inventory). */
  readonly present: readonly SourceFile[];
}

const BANDIT_SECONDS = 600;

/** Bandit over the include folders that hold Python files; `undefined` when there are none. */
export async function runBandit(ctx: ScannerContext): Promise<ScannerOutput | undefined> {
  const python = ctx.present.filter((f) => f.language === 'python');
  if (!ctx.config.sast.bandit || python.length === 0) return undefined;
  const targets = ctx.config.sast.include.filter((inc) => python.some((f) => f.path === inc || f.path.startsWith(`${inc.replace(/\/+$/, '')}/`) || inc === '.'));
  const out: ScannerOutput = { runs: [], coverage: [], problems: [] };
  const common = { cwd: ctx.root, env: ctx.env, timeoutMs: BANDIT_SECONDS * 1000, ...(ctx.signal ? { signal: ctx.signal } : {}) };
  let version: string;
  try {
    const v = await ctx.processes.run({ command: 'bandit', args: ['--version'], ...common });
    if (v.exitCode !== 0) throw new Error('bandit --version failed');
    version = /bandit\s+(\S+)/.exec(v.stdout)?.[1] ?? 'unknown';
  } catch {
    out.problems.push(`${python.length} Python file(s) under sast.include but bandit is not installed (Debian: apt-get install bandit), so they were not scanned`);
    return out;
  }
  // -q: no banner; Bandit exits 1 when it finds issues, so the exit code alone says nothing.
  const result = await ctx.processes.run({ command: 'bandit', args: ['-r', ...targets, '-f', 'json', '-q', '-x', '.git,node_modules,.venv,venv,.specgate'], ...common });
  try {
    const { run, coverage } = banditToSarif(result.stdout, version);
    out.runs.push(run);
    out.coverage.push(coverage);
    const notes = (run.invocations as { toolExecutionNotifications: { message: { text: string } }[] }[])[0]?.toolExecutionNotifications ?? [];
    for (const n of notes) out.problems.push(`not scanned (parse error): ${n.message.text}`);
  } catch (error) {
    const why = result.timedOut ? `timed out after ${BANDIT_SECONDS}s` : `${(error as Error).message}; exit ${result.exitCode ?? result.signal ?? '?'}: ${result.stderr.trim().split('\n').slice(-2).join(' ')}`;
    out.problems.push(`bandit failed: ${why}`);
  }
  return out;
}

/** Every `sast.commands` entry: remove its SARIF file, run it, and read what it wrote this time. */
export async function runSastCommands(ctx: ScannerContext): Promise<ScannerOutput> {
  const out: ScannerOutput = { runs: [], coverage: [], problems: [] };
  for (const command of ctx.config.sast.commands) {
    const sarif = path.resolve(ctx.root, command.sarif);
    const rel = path.relative(ctx.root, sarif);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
      out.problems.push(`sast.commands: sarif '${command.sarif}' is outside the project`);
      continue;
    }
    // A stale file from an earlier run must never pass for this run's scan.
    await ctx.fs.remove(sarif).catch(() => undefined);
    const seconds = command.timeoutSeconds ?? ctx.config.timeouts.commandSeconds;
    const result = await ctx.processes.run({ command: command.run, shell: true, cwd: ctx.root, env: ctx.env, timeoutMs: seconds * 1000, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    const name = command.name ?? command.run.split(/\s+/)[0] ?? 'scanner';
    let text: string;
    try {
      text = await ctx.fs.readText(sarif);
    } catch {
      const tail = result.stderr.trim().split('\n').slice(-2).join(' ');
      out.problems.push(`sast.commands: ${name} wrote no ${command.sarif} (${result.timedOut ? `timed out after ${seconds}s` : `exit ${result.exitCode ?? result.signal ?? '?'}`}${tail === '' ? '' : `: ${tail}`})`);
      continue;
    }
    try {
      const runs = parseExternalSarif(text, command.sarif);
      out.runs.push(...runs);
      out.coverage.push(...runs.map(coverageFromSarifRun));
    } catch (error) {
      out.problems.push(`sast.commands: ${(error as Error).message}`);
    }
  }
  return out;
}
