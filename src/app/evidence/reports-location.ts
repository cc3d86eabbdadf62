// Where a project's reports live: `reports:` from specgate.yaml, resolved against the project root.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import { loadProject, type Project } from '../project.js';

export async function projectReports(fs: FileSystem, cwd: string): Promise<{ project: Project; reportsDir: string }> {
  const project = await loadProject(fs, cwd);
  return { project, reportsDir: path.resolve(project.root, project.config.reports) };
}
