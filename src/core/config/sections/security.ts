// Signing keys, approvers and SAST settings (filled in by the security evidence work).
import { z } from 'zod';

export const signingSchema = z
  .strictObject({
    key: z
      .string()
      .min(1)
      .optional()
      .describe('Path to the PKCS#8 PEM private key. SPECGATE_SIGNING_KEY (PEM text) takes precedence.'),
    publicKey: z
      .string()
      .min(1)
      .optional()
      .describe('Path to the trusted public key (SPKI PEM), relative to the project root: what `audit verify`, `report` and the dashboard check signed ledger anchors and heads with.'),
    passphraseEnv: z
      .string()
      .min(1)
      .default('SPECGATE_KEY_PASSPHRASE')
      .describe('Environment variable holding the key passphrase, if the key is encrypted.'),
  })
  .default({ passphraseEnv: 'SPECGATE_KEY_PASSPHRASE' });

export const approverSchema = z.strictObject({
  name: z.string().min(1),
  publicKey: z.string().min(1).describe('Path to the approver’s PEM public key, relative to the project root.'),
});

export const sastSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Run the built-in ESLint security scan.'),
    include: z.array(z.string().min(1)).default(['src']).describe('Folders scanned by the built-in scan.'),
    sarif: z.array(z.string().min(1)).default([]).describe('External SARIF files to merge (CodeQL, Semgrep, Trivy).'),
  })
  .default({ enabled: true, include: ['src'], sarif: [] });
