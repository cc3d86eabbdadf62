// SBOM sources beyond the lockfiles specgate finds itself: CycloneDX documents other tools wrote
// (an image scanner, a language specgate has no reader for), merged after schema validation.
import { z } from 'zod';
import { projectPath } from '../bounds.js';

export const sbomSchema = z
  .strictObject({
    import: z
      .array(projectPath())
      .default([])
      .describe('CycloneDX JSON files (relative to the project root) whose components are merged into the SBOM; each is validated against the official schema first.'),
  })
  .default({ import: [] });
