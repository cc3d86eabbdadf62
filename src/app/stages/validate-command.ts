// One configured command of the validate stage (lint or test) as a child process: its output
// redacted and streamed to logs/<name>.log in the run directory, a per-command timeout that kills
// the process group, and a gate from its exit.
import * as path from 'node:path';
import type { Mode } from '../../core/config/schema.js';
import type { OpenLogFile } from '../../core/ports.js';
import { storageErrorOf } from '../../core/storage-errors.js';
import type { GateDecision, StageContext } from '../pipeline/stage.js';
import { redactorFor } from '../security/secrets.js';

export const failOrWarn = (mode: Mode): 'fail' | 'warn' => (mode === 'compliance' ? 'fail' : 'warn');

/** Runs one configured command with its output streamed to logs/<name>.log; undefined when none is configured. */
export async function runCommand(ctx: StageContext, openLog: OpenLogFile, name: 'lint' | 'test'): Promise<GateDecision | undefined> {
  const configured = ctx.config.commands[name];
  if (configured === undefined) return undefined;
  const command = typeof configured === 'string' ? configured : configured.run;
  const seconds = (typeof configured === 'string' ? undefined : configured.timeoutSeconds) ?? ctx.config.timeouts.commandSeconds;
  const logName = `logs/${name}.log`;
  const logPath = path.join(ctx.run.runDir, logName);
  const log = await openLog(logPath);
  // Redacted before the first byte reaches the disk; the redactor holds back a partial line.
  const redactor = redactorFor(ctx.env, ctx.config);
  log.write(redactor.push(`$ ${command}\n`));
  ctx.emit({ type: 'stage.step', stage: 'validate', step: name, detail: command });
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
  // A full or failing disk is kept while the command runs and reported once it ends.
  const writeError = await log.end(redactor.flush() + ending);
  if (writeError !== undefined) await giveBackLog(ctx, logPath, writeError);
  // Re-register the finished log through the atomic writer so the manifest records its digest.
  await ctx.writeArtifact(logName, await ctx.fs.readFile(logPath), 'text/plain');
  if (result.aborted) return { gate: name, outcome: 'fail', reason: `${name} interrupted` };
  if (result.timedOut) return { gate: name, outcome: failOrWarn(ctx.run.mode), reason: `${name} timed out after ${seconds}s (see ${logName})` };
  if (result.exitCode !== 0) {
    return { gate: name, outcome: failOrWarn(ctx.run.mode), reason: `${name} exited ${result.exitCode ?? result.signal ?? '?'} (see ${logName})` };
  }
  return { gate: name, outcome: 'pass', reason: `${name} passed in ${(result.durationMs / 1000).toFixed(1)}s` };
}

/**
 * The disk filled (or failed) while a command's log was written: cut the log to one line, giving
 * its space back (removed first) so the run can still be closed, and end the run with the disk error.
 */
async function giveBackLog(ctx: StageContext, logPath: string, error: unknown): Promise<never> {
  const storage = storageErrorOf(error, logPath);
  await ctx.fs.remove(logPath).catch(() => undefined);
  await ctx.fs.writeAtomic(logPath, `[specgate] log cut: ${storage?.code ?? 'write failed'} while writing it\n`).catch(() => undefined);
  throw storage ?? error;
}
