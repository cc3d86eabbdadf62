// Where the generate stage publishes the spec branch (docs/contracts.md §2) and who commits it.
import { z } from 'zod';

export const branchSchema = z
  .strictObject({
    remote: z
      .string()
      .min(1)
      .nullable()
      .optional()
      .describe("Remote the spec branch is compared against (and pushed to): default 'origin' when configured; null for local branches only."),
    push: z.boolean().default(false).describe('Push the spec branch to the remote after publishing it (needed when the runner is thrown away, as in CI).'),
    author: z
      .strictObject({ name: z.string().min(1), email: z.string().min(3) })
      .optional()
      .describe('Author and committer of generated commits (default: specgate <specgate@localhost>).'),
  })
  .default({ push: false });
