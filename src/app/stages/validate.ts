// Validate: the project's lint and test commands as child processes (logs streamed into the run
// directory, per-command timeout, process group killed on timeout), code coverage against the
// threshold, SAST, and the scenarios (spec coverage). Each check is a gate applied per mode.
import { createWriteStream } from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { coverageGate, CoverageParseError, readerFor, type CodeCoverage } from '../../core/coverage/index.js';
import type { Mode } from '../../core/config/schema.js';
import type { GateDecision, Stage, StageContext, StageResult } from '../pipeline/stage.js';
import { redactorFor } from '../security/secrets.js';
import { storageErrorOf } from '../../core/storage-errors.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';
import { coverageEvidenceName, coverageFreshness, setAsideCoverage, type CoverageBinding } from './coverage-binding.js';

/** The code-coverage section of spec-coverage.json. */
export interface CodeCoverageSection {
  readonly file: string;
  readonly format: CodeCoverage['format'];
  readonly lines: CodeCoverage['lines'];
  readonly statements?: CodeCoverage['statements'];
  readonly functions?: CodeCoverage['functions'];
  readonly branches?: CodeCoverage['branches'];
  readonly threshold: number;
  readonly met: boolean;
}

/** SAST as the validate stage sees it (src/app/security provides the real one). */
export interface SastProvider {
  run(ctx: StageContext): Promise<{ readonly sarif: string; readonly gate: GateDecision; readonly summary: string }>;
}

/** Scenario execution and the spec-coverage document (src/app/scenarios provides the real one). */
export interface ScenarioProvider {
  run(
    ctx: StageContext,
    code: CodeCoverageSection | null,
  ): Promise<{ readonly specCoverage: unknown; readonly messagesNdjson?: string; readonly gate: GateDecision; readonly summary: string }>;
}

export interface ValidateProviders {
  readonly sast?: SastProvider;
  readonly scenarios?: ScenarioProvider;
}

const failOrWarn = (mode: Mode): 'fail' | 'warn' => (mode === 'compliance' ? 'fail' : 'warn');

/** Runs one configured command with its output streamed to logs/<name>.log. */
async function runCommand(ctx: StageContext, name: 'lint' | 'test'): Promise<GateDecision | undefined> {
  const configured = ctx.config.commands[name];
  if (configured === undefined) return undefined;
  const command = typeof configured === 'string' ? configured : configured.run;
  const seconds = (typeof configured === 'string' ? undefined : configured.timeoutSeconds) ?? ctx.config.timeouts.commandSeconds;
  const logName = `logs/${name}.log`;
  const logPath = path.join(ctx.run.runDir, logName);
  await fsp.mkdir(path.dirname(logPath), { recursive: true });
  const log = createWriteStream(logPath, { flags: 'w', mode: 0o644 });
  // A full or failing disk is an error event on the stream: kept, and reported once the command ends.
  let writeError: unknown;
  log.on('error', (error) => (writeError ??= error));
  // Redacted before the first byte reaches the disk; the redactor holds back a partial line.
  const redactor = redactorFor(ctx.env, ctx.config);
  log.write(redactor.push(`$ ${command}\n`));
  ctx.emit({ type: 'log', stage: 'validate', message: `${name}: ${command}` });
  const result = await ctx.processes.run({
    command,
    shell: true,
    cwd: ctx.run.projectRoot,
    env: { ...ctx.env, CI: 'true', FORCE_COLOR: '0' },
    timeoutMs: seconds * 1000,
    signal: ctx.signal,
    onOutput: (chunk) => log.write(redactor.push(chunk)),
  });
  const ending = result.timedOut
    ? `\n[specgate] timed out after ${seconds}s; process group killed\n`
    : `\n[specgate] exit ${result.exitCode ?? `signal ${result.signal ?? '?'}`} after ${(result.durationMs / 1000).toFixed(1)}s\n`;
  await new Promise<void>((resolve) => {
    if (log.closed) return resolve();
    log.once('close', resolve);
    log.end(redactor.flush() + ending);
  });
  if (writeError !== undefined) await giveBackLog(logPath, writeError);
  // Re-register the finished log through the atomic writer so the manifest records its digest.
  await ctx.writeArtifact(logName, await fsp.readFile(logPath), 'text/plain');
  if (result.aborted) return { gate: name, outcome: 'fail', reason: `${name} interrupted` };
  if (result.timedOut) return { gate: name, outcome: failOrWarn(ctx.run.mode), reason: `${name} timed out after ${seconds}s (see ${logName})` };
  if (result.exitCode !== 0) {
    return { gate: name, outcome: failOrWarn(ctx.run.mode), reason: `${name} exited ${result.exitCode ?? result.signal ?? '?'} (see ${logName})` };
  }
  return { gate: name, outcome: 'pass', reason: `${name} passed in ${(result.durationMs / 1000).toFixed(1)}s` };
}

async function readCoverage(ctx: StageContext, binding: CoverageBinding): Promise<{ section: CodeCoverageSection | null; gate: GateDecision }> {
  const { file, threshold } = ctx.config.coverage;
  const absolute = path.resolve(ctx.run.projectRoot, file);
  const notThisRun = await coverageFreshness(ctx, binding);
  if (notThisRun !== undefined) return { section: null, gate: notThisRun };
  let text: string;
  try {
    text = await ctx.fs.readText(absolute);
  } catch {
    return {
      section: null,
      gate: { gate: 'code coverage', outcome: failOrWarn(ctx.run.mode), reason: `no coverage file at ${file} (configure coverage.file or make the test command write it)` },
    };
  }
  const reader = readerFor(file, text);
  if (reader === undefined) {
    return { section: null, gate: { gate: 'code coverage', outcome: failOrWarn(ctx.run.mode), reason: `${file}: not istanbul json-summary, lcov nor coverage.py JSON` } };
  }
  let coverage: CodeCoverage;
  try {
    coverage = reader.read(text);
  } catch (error) {
    const where = error instanceof CoverageParseError && error.line !== undefined ? `${file}:${error.line}` : file;
    return { section: null, gate: { gate: 'code coverage', outcome: failOrWarn(ctx.run.mode), reason: `${where}: ${(error as Error).message}` } };
  }
  const gate = coverageGate(ctx.run.mode, coverage, threshold);
  // The exact bytes the gate read become evidence: their digest is in the signed manifest.
  const copy = coverageEvidenceName(file);
  await ctx.writeArtifact(copy, text, file.endsWith('.json') ? 'application/json' : 'text/plain');
  return {
    section: { file, ...coverage, threshold, met: gate.met },
    gate: { gate: 'code coverage', outcome: gate.outcome, reason: `${gate.reason} (written by this run's test command; copied to ${copy})` },
  };
}

export function createValidateStage(providers: ValidateProviders): Stage {
  return {
    name: 'validate',
    description: 'lint, unit tests, code coverage, SAST and scenarios',
    async run(ctx): Promise<StageResult> {
      const gates: GateDecision[] = [];
      const lint = await runCommand(ctx, 'lint');
      if (lint) gates.push(lint);
      const binding = ctx.config.commands.test === undefined ? undefined : await setAsideCoverage(ctx);
      const test = await runCommand(ctx, 'test');
      if (test) gates.push(test);
      const coverage = test && binding ? await readCoverage(ctx, binding) : undefined;
      if (coverage) gates.push(coverage.gate);
      else gates.push({ gate: 'code coverage', outcome: failOrWarn(ctx.run.mode), reason: 'no test command configured (commands.test), so no code coverage' });

      if (providers.sast) {
        const sast = await providers.sast.run(ctx);
        await ctx.writeArtifact(EVIDENCE_FILE.sarif, sast.sarif, 'application/sarif+json');
        gates.push(sast.gate);
      } else {
        gates.push({ gate: 'sast', outcome: failOrWarn(ctx.run.mode), reason: 'no SAST provider available' });
      }

      const code = coverage?.section ?? null;
      if (providers.scenarios && ctx.config.generate.scenarios.enabled) {
        const scenarios = await providers.scenarios.run(ctx, code);
        if (scenarios.messagesNdjson !== undefined) {
          await ctx.writeArtifact(EVIDENCE_FILE.cucumberMessages, scenarios.messagesNdjson, 'application/x-ndjson');
        }
        await ctx.writeArtifact(EVIDENCE_FILE.coverage, `${JSON.stringify(scenarios.specCoverage, null, 2)}\n`, 'application/json');
        gates.push(scenarios.gate);
      } else {
        const doc = { schemaVersion: 1, featureSha: ctx.run.featureSha, mode: ctx.run.mode, scenarios: null, code };
        await ctx.writeArtifact(EVIDENCE_FILE.coverage, `${JSON.stringify(doc, null, 2)}\n`, 'application/json');
        gates.push({ gate: 'spec coverage', outcome: failOrWarn(ctx.run.mode), reason: 'scenarios were not run (generate.scenarios.enabled is false or no runner)' });
      }

      const failed = gates.filter((g) => g.outcome === 'fail');
      const warned = gates.filter((g) => g.outcome === 'warn');
      const status = failed.length > 0 ? 'failure' : warned.length > 0 ? 'warning' : 'success';
      const summary =
        failed.length > 0
          ? `failed: ${failed.map((g) => g.gate).join(', ')}`
          : warned.length > 0
            ? `warnings: ${warned.map((g) => g.gate).join(', ')}`
            : gates.map((g) => g.reason).join('; ');
      return { status, summary, artifact: EVIDENCE_FILE.coverage, gates };
    },
  };
}

/**
 * The disk filled (or failed) while a command's log was written: cut the log to one line, giving
 * its space back so the run can still be closed, and end the run with the disk error.
 */
async function giveBackLog(logPath: string, error: unknown): Promise<never> {
  const storage = storageErrorOf(error, logPath);
  await fsp.writeFile(logPath, `[specgate] log cut: ${storage?.code ?? 'write failed'} while writing it\n`).catch(() => undefined);
  throw storage ?? error;
}
