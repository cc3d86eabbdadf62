// Where this project publishes its runs and the organisation keeps its ledger (docs/store.md).
import { z } from 'zod';

export const storeField = {
  store: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Evidence store for `specgate push`, `pull`, `runs --store`: postgres://USER@HOST:PORT/DB?sslmode=verify-full (password in PGPASSWORD, never here) or a folder. SPECGATE_STORE_URL overrides it.',
    ),
};
