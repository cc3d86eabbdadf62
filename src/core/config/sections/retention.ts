// How many runs stay under reports/ before `specgate archive` rotates them into archive/.
import { z } from 'zod';

export const retentionSchema = z
  .strictObject({
    keep: z.number().int().min(1).default(20).describe('Runs kept per feature SHA (the latest is always kept).'),
    olderThanDays: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Archive runs started more than this many days ago (in addition to keep).'),
  })
  .default({ keep: 20 });
