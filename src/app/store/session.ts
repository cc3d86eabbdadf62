// What every store command starts with: the project (for its name, reports folder and `store:`),
// the store's location, and the open store. The caller closes it.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { assertProjectName } from '../../core/store/bundle.js';
import { loadProject } from '../project.js';
import { openStore, requireStore, storeLocation, type OpenStore, type StoreWiring } from './open.js';

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
  readonly store?: string;
  readonly project?: string;
}

/** The store session's ports: the store adapters, this machine's evidence, the clock and the project's files. */
export interface SessionWiring extends StoreWiring {
  readonly fs: FileSystem;
}

export async function openStoreSession(o: SessionOptions, wiring: SessionWiring): Promise<StoreSession> {
  const project = await loadProject(wiring.fs, o.cwd);
  const reportsDir = path.resolve(project.root, project.config.reports);
  const location = requireStore(storeLocation({ ...(o.store === undefined ? {} : { flag: o.store }), env: o.env, ...(project.config.store === undefined ? {} : { configured: project.config.store }), cwd: o.cwd, projectRoot: project.root }));
  const name = o.project ?? project.config.name ?? path.basename(project.root);
  assertProjectName(name, o.project !== undefined ? '--project' : project.config.name !== undefined ? 'name: in specgate.yaml' : `the folder name of ${project.root}`);
  return { store: await openStore(location, wiring), project: name, projectRoot: project.root, reportsDir };
}
