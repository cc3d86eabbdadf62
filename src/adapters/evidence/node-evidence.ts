// The evidence ports (src/core/evidence/ports.ts) implemented for Node by the adapters beside this
// file. Only composition roots (src/cli/compose-evidence.ts) and adapter tests import it.
import * as fsp from 'node:fs/promises';
import type { EvidencePorts, Ledger, Locks, RunOwners, RunFolders } from '../../core/evidence/ports.js';
import { withLock } from '../fs/lock.js';
import { readLatest, swapLatest } from './latest-link.js';
import { appendCheckpoints, chainsAt, readCheckpoints, verifyLedger } from './ledger-file.js';
import { currentProcess, isProcessAlive } from './process-identity.js';
import { isFolder, listFolder, moveRun, readRunFile, writeRunFile } from './run-folders.js';
import { listActiveMarkers, removeActiveMarker, removeTempFiles, writeActiveMarker } from './run-markers.js';
import { indexedFacts } from './runs-index.js';
import { claimRunWithManifest, readManifest, readManifestSync, writeManifest } from './run-store.js';

export const nodeRunFolders: RunFolders = {
  listFolder,
  isFolder,
  claimRun: claimRunWithManifest,
  readManifest,
  readManifestSync,
  writeManifest,
  indexedFacts,
  readLatest,
  swapLatest,
  writeRunFile,
  readRunFile,
  moveRun,
};

export const nodeLedger: Ledger = {
  append: (reportsDir, checkpoints, options) => appendCheckpoints(reportsDir, checkpoints, options?.anchor === true ? { anchor: true } : {}),
  read: (reportsDir, filter) => readCheckpoints(reportsDir, filter),
  verify: (reportsDir, options) => verifyLedger(reportsDir, options),
  chainsAt,
};

export const nodeRunOwners: RunOwners = {
  current: currentProcess,
  isAlive: isProcessAlive,
  writeMarker: writeActiveMarker,
  removeMarker: removeActiveMarker,
  listMarkers: async (reportsDir) => (await listActiveMarkers(reportsDir)).map(({ file, marker }) => ({ file, manifest: marker?.manifest })),
  dropMarker: (file) => fsp.rm(file, { force: true }),
  removeTempFiles,
};

export const nodeLocks: Locks = { withLock: (lockFile, work) => withLock(lockFile, work) };

export const nodeEvidencePorts: EvidencePorts = { runs: nodeRunFolders, ledger: nodeLedger, owners: nodeRunOwners, locks: nodeLocks };
