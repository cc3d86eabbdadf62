// Commands the validate and build stages run, and the gates applied to their results.
import { z } from 'zod';
import { projectPath, seconds } from '../bounds.js';

const commandSchema = z.union([
  z.string().min(1),
  z.strictObject({
    run: z.string().min(1).describe('Shell command, run from the project root.'),
    timeoutSeconds: seconds('command').optional(),
  }),
]);

export const commandsSchema = z
  .strictObject({
    lint: commandSchema.optional().describe('Lint command (validate stage).'),
    test: commandSchema.optional().describe('Unit test command that writes code coverage (validate stage).'),
    build: commandSchema.optional().describe('Build command (build stage).'),
  })
  .default({});

export const coverageSchema = z
  .strictObject({
    file: projectPath()
      .default('coverage/coverage-summary.json')
      .describe('istanbul coverage-summary.json or lcov.info written by the test command.'),
    threshold: z.number().min(0).max(100).default(70).describe('Minimum line coverage, percent.'),
    specThreshold: z
      .number()
      .min(0)
      .max(100)
      .default(100)
      .describe('Minimum percent of scenarios passing (compliance gate).'),
  })
  .default({ file: 'coverage/coverage-summary.json', threshold: 70, specThreshold: 100 });

export const timeoutsSchema = z
  .strictObject({
    commandSeconds: seconds('command').default(600).describe('Default timeout for each stage command.'),
  })
  .default({ commandSeconds: 600 });
