// Code generation settings: where generated code and living docs go, an optional external
// generator (e.g. an AI coding agent) and how the scenarios are executed for spec coverage.
import { z } from 'zod';
import { projectPath, seconds } from '../bounds.js';

export const externalGeneratorSchema = z.union([
  z.string().min(1),
  z.strictObject({
    run: z.string().min(1).describe('Shell command, run from the output folder.'),
    name: z.string().min(1).optional().describe('Name recorded in the evidence; defaults to the first word of run.'),
    versionCommand: z.string().min(1).optional().describe('Command printing the generator version (first line recorded).'),
    timeoutSeconds: seconds('command').optional(),
  }),
]);
export type ExternalGeneratorConfig = z.infer<typeof externalGeneratorSchema>;

export const generateSchema = z
  .strictObject({
    out: projectPath().default('src/generated').describe('Folder generated code goes to, relative to the project root.'),
    docs: projectPath().default('docs').describe('Folder for living docs and traceability.json.'),
    target: z
      .enum(['typescript', 'python-fastapi'])
      .default('typescript')
      .describe('Language of the built-in generator: typescript (node:http) or python-fastapi (FastAPI, typing.Protocol ports).'),
    command: externalGeneratorSchema
      .optional()
      .describe(
        'External generator (e.g. an AI coding agent) run instead of the built-in one, with SPECGATE_FEATURE_SHA, ' +
          'SPECGATE_FEATURES (newline-separated paths) and SPECGATE_OUT in its environment.',
      ),
    scenarios: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Run the scenarios in the validate stage (spec coverage).'),
        steps: z.array(projectPath()).default([]).describe('Extra step-definition files (compiled JavaScript) for the runner.'),
        app: projectPath().optional().describe('Module exporting the in-process app the scenarios call (createApp, app or default).'),
        url: z.string().url().optional().describe('Run the scenarios against a running service instead.'),
        command: z
          .string()
          .min(1)
          .optional()
          .describe("Starts this run's build of the service (any language) on a free loopback port with PORT set; the scenarios run against it and it is stopped after."),
        startSeconds: seconds('deployWait').default(30).describe('How long generate.scenarios.command may take to answer its health path.'),
        healthPath: z.string().startsWith('/').default('/healthz').describe('Path `Given the service is running` polls.'),
        timeoutSeconds: seconds('command').default(300).describe('Timeout for the whole scenario run.'),
      })
      .default({ enabled: true, steps: [], healthPath: '/healthz', timeoutSeconds: 300, startSeconds: 30 }),
  })
  .default({ out: 'src/generated', docs: 'docs', target: 'typescript', scenarios: { enabled: true, steps: [], healthPath: '/healthz', timeoutSeconds: 300, startSeconds: 30 } });
