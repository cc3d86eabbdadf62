// specgate.yaml: one schema, composed from one section per concern. Published as JSON Schema in
// schemas/specgate-config.schema.json so editors can complete it.
import { z } from 'zod';
import { projectFields } from './sections/project.js';
import { retentionSchema } from './sections/retention.js';
import { commandsSchema, coverageSchema, timeoutsSchema } from './sections/stages.js';
import { approverSchema, sastSchema, signingSchema } from './sections/security.js';
import { deploySchema } from './sections/deploy.js';
import { generateSchema } from './sections/generate.js';
import { branchSchema } from './sections/branch.js';
import { buildSchema } from './sections/build.js';
import { sbomSchema } from './sections/sbom.js';
import { storeField } from './sections/store.js';
import { redactionSchema } from './sections/redaction.js';
import { dashboardSchema } from './sections/dashboard.js';

export const configSchema = z.strictObject({
  ...projectFields,
  commands: commandsSchema,
  coverage: coverageSchema,
  timeouts: timeoutsSchema,
  retention: retentionSchema,
  signing: signingSchema,
  redaction: redactionSchema,
  approvers: z.array(approverSchema).default([]),
  sast: sastSchema,
  build: buildSchema,
  sbom: sbomSchema,
  deploy: deploySchema,
  generate: generateSchema,
  branch: branchSchema,
  dashboard: dashboardSchema,
  ...storeField,
});

export type SpecgateConfig = z.infer<typeof configSchema>;
export type { Mode } from './sections/project.js';
export { modeSchema } from './sections/project.js';
