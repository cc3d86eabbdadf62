// Code generation settings (filled in by the generation work).
import { z } from 'zod';

export const generateSchema = z
  .strictObject({
    out: z.string().min(1).default('src/generated').describe('Folder generated code goes to, relative to the project root.'),
    docs: z.string().min(1).default('docs').describe('Folder for living docs and traceability.json.'),
    command: z
      .string()
      .min(1)
      .optional()
      .describe('External generator (e.g. an AI coding agent) run instead of the built-in one.'),
    scenarios: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Run the scenarios in the validate stage (spec coverage).'),
        steps: z.array(z.string().min(1)).default([]).describe('Extra step-definition files for the runner.'),
        app: z.string().min(1).optional().describe('Module exporting the in-process app the scenarios call.'),
        url: z.string().url().optional().describe('Run the scenarios against a running service instead.'),
      })
      .default({ enabled: true, steps: [] }),
  })
  .default({ out: 'src/generated', docs: 'docs', scenarios: { enabled: true, steps: [] } });
