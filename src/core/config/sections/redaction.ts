// Which environment variables count as secrets: their values are removed from every captured
// stream (command logs, service logs, events) before anything is written (docs/security.md).
import { z } from 'zod';

export const DEFAULT_SECRET_NAME_PATTERN = '(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)($|_)|_KEY$';

export const redactionSchema = z
  .strictObject({
    namePattern: z
      .string()
      .min(1)
      .refine((p) => {
        try {
          new RegExp(p, 'i');
          return true;
        } catch {
          return false;
        }
      }, { message: 'must be a valid regular expression' })
      .default(DEFAULT_SECRET_NAME_PATTERN)
      .describe('Environment variable names matching this regular expression (case-insensitive) hold secrets.'),
    names: z
      .array(z.string().min(1))
      .default([])
      .describe('More variable names whose values are secrets, whatever their name (AWS_SECRET_ACCESS_KEY, GITHUB_TOKEN and SPECGATE_DASHBOARD_TOKEN always are).'),
  })
  .default({ namePattern: DEFAULT_SECRET_NAME_PATTERN, names: [] });
