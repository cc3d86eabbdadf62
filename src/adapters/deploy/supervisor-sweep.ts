// The startup sweep. A supervisor killed with SIGKILL (kill -9, the OOM killer, a CI runner tearing
// the job down) cannot stop its services: their process groups outlive it, holding ports and memory
// with nobody left to stop them. Every supervisor records each service's pid, host and process start
// time in staging.json (supervisor-state.ts); whatever next looks for the supervisor — a new
// supervisor starting (deploy, run's deploy stage, rollback), `status`, `stop` — reaps what a dead
// one left. Only a process whose start time still equals the record is signalled, so a pid the
// kernel has since given to another process is never killed.
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunProcess } from '../../core/evidence/manifest.js';
import { isProcessAlive, processStartTime } from '../evidence/process-identity.js';
import { killGroup } from '../process-runner.js';
import { readStagingState, stateDir, type RecordedService, type StagingState } from './control.js';

/** SIGTERM first; the group gets SIGKILL if its leader is still there after this long. */
const GRACE_MS = 2000;
const POLL_MS = 50;

/** The recorded supervisor is certainly gone: dead, a zombie, or its pid now names a younger process. */
function supervisorGone(state: StagingState): boolean {
  const sup = state.supervisor;
  if (sup === null) return true;
  // A file written before start times were recorded: a live pid is taken to be that supervisor.
  return !isProcessAlive({ pid: sup.pid, hostname: sup.hostname ?? hostname(), startTime: sup.startTime ?? '' });
}

/**
 * True only when `recorded` still is that process: this host, a start time was recorded, and the
 * pid's start time now (boot id + start ticks) equals it. Anything else is left alone.
 */
export function stillRecordedProcess(recorded: RunProcess): boolean {
  if (!Number.isInteger(recorded.pid) || recorded.pid <= 1 || recorded.pid === process.pid) return false;
  if (recorded.hostname !== hostname() || recorded.startTime === '') return false;
  return processStartTime(recorded.pid) === recorded.startTime && isProcessAlive(recorded);
}

/** The services `state` records that still run as recorded, when the supervisor that ran them is gone. */
export function orphansIn(state: StagingState | undefined): RecordedService[] {
  if (state === undefined || !supervisorGone(state)) return [];
  return (state.services ?? []).filter(stillRecordedProcess);
}

/**
 * Stops a recorded service's whole process group (each service is its group's leader): SIGTERM,
 * then SIGKILL to the group once the leader is gone or the grace period is over, for members that
 * ignored SIGTERM. The group id cannot be handed out again while any member lives, so the second
 * signal reaches the same group or nobody.
 */
export async function reapGroup(service: RunProcess, graceMs = GRACE_MS): Promise<void> {
  if (!stillRecordedProcess(service)) return;
  killGroup(service.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && isProcessAlive(service)) await sleep(POLL_MS);
  killGroup(service.pid, 'SIGKILL');
}

/** One NDJSON line in the supervisor log, from whichever process swept. */
function logReaped(root: string, service: RecordedService): void {
  const line = { time: new Date().toISOString(), event: 'orphan-reaped', releaseId: service.releaseId, pid: service.pid, by: process.pid };
  try {
    fs.appendFileSync(path.join(stateDir(root), 'supervisor.log'), `${JSON.stringify(line)}\n`, { mode: 0o600 });
  } catch {
    // The log is a courtesy; the reaping happened.
  }
}

/** Reaps every service a dead supervisor of `root` left running; returns what was reaped. */
export async function sweepOrphans(root: string): Promise<RecordedService[]> {
  const orphans = orphansIn(readStagingState(root));
  await Promise.all(orphans.map((service) => reapGroup(service)));
  for (const service of orphans) logReaped(root, service);
  return orphans;
}
