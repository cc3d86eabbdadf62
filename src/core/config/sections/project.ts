// Top-level project settings: who we are, which mode, where specs and evidence live.
import { z } from 'zod';
import { projectPath } from '../bounds.js';

export const modeSchema = z.enum(['sandbox', 'compliance']);
export type Mode = z.infer<typeof modeSchema>;

export const projectFields = {
  name: z.string().min(1).optional().describe('Project name shown in reports; defaults to the folder name.'),
  mode: modeSchema.default('sandbox').describe('Default mode for every gate: sandbox warns and continues, compliance is strict.'),
  features: z
    .array(projectPath())
    .min(1)
    .default(['features'])
    .describe('Spec files or folders, relative to the project root.'),
  reports: projectPath().default('reports').describe('Evidence folder, relative to the project root.'),
};
