// What every store command starts with: the project (for its name, reports folder and `store:`),
// the store's location, and the open store. The caller closes it.
import * as path from 'node:path';
import type { Clock } from '../../core/ports.js';
import { assertProjectName } from '../../core/store/bundle.js';
import { projectReports } from '../evidence/reports-location.js';
import { openStore, requireStore, storeLocation, type OpenStore } from './open.js';

export interface StoreSession {
  readonly store: OpenStore;
  /** The project's name in the store: `--project`, else `name:` in specgate.yaml, else its folder's name. */
  readonly project: string;
  readonly projectRoot: string;
  readonly reportsDir: string;
}

export interface SessionOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  readonly store?: string;
  readonly project?: string;
}

export async function openStoreSession(o: SessionOptions): Promise<StoreSession> {
  const { project, reportsDir } = await projectReports(o.cwd);
  const location = requireStore(storeLocation({ ...(o.store === undefined ? {} : { flag: o.store }), env: o.env, ...(project.config.store === undefined ? {} : { configured: project.config.store }), cwd: o.cwd, projectRoot: project.root }));
  const name = o.project ?? project.config.name ?? path.basename(project.root);
  assertProjectName(name, o.project !== undefined ? '--project' : project.config.name !== undefined ? 'name: in specgate.yaml' : `the folder name of ${project.root}`);
  return { store: await openStore(location, o.clock), project: name, projectRoot: project.root, reportsDir };
}
