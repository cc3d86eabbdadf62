// Signing keys, approvers and SAST settings (filled in by the security evidence work).
import { z } from 'zod';
import { projectPath, seconds } from '../bounds.js';

export const signingSchema = z
  .strictObject({
    key: z
      .string()
      .min(1)
      .optional()
      .describe('Path to the PKCS#8 PEM private key. SPECGATE_SIGNING_KEY (PEM text) takes precedence.'),
    publicKey: projectPath()
      .optional()
      .describe('Path to the trusted public key (SPKI PEM), relative to the project root: what `audit verify`, `report` and the dashboard check signed ledger anchors and heads with.'),
    passphraseEnv: z
      .string()
      .min(1)
      .default('SPECGATE_KEY_PASSPHRASE')
      .describe('Environment variable holding the key passphrase, if the key is encrypted.'),
  })
  .default({ passphraseEnv: 'SPECGATE_KEY_PASSPHRASE' });

export const approverSchema = z
  .strictObject({
    name: z.string().min(1).describe('The approver’s name; with allowedSigners, the principal looked up in that file.'),
    publicKey: projectPath().optional().describe('Path to the approver’s P-256 PEM public key (specgate keys generate), relative to the project root.'),
    allowedSigners: projectPath()
      .optional()
      .describe('Path to an ssh allowed_signers file (as used for signed git commits), relative to the project root: the approver signs with `ssh-keygen -Y sign -n specgate-approval`.'),
  })
  .refine((a) => (a.publicKey === undefined) !== (a.allowedSigners === undefined), { message: 'give exactly one of publicKey (P-256 PEM) or allowedSigners (ssh allowed_signers file)' });

export const sastSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Run the built-in ESLint security scan.'),
    include: z.array(projectPath()).default(['src']).describe('Folders scanned by the built-in scan.'),
    sarif: z.array(projectPath()).default([]).describe('External SARIF files to merge (CodeQL, Semgrep, Trivy).'),
    bandit: z.boolean().default(true).describe('Scan the Python files under sast.include with Bandit (Debian package bandit); missing Bandit is a gap when Python files are present.'),
    commands: z
      .array(
        z.strictObject({
          name: z.string().min(1).optional().describe('Name shown in problems; defaults to the first word of run.'),
          run: z.string().min(1).describe('Shell command, run from the project root, that writes a SARIF 2.1.0 file.'),
          sarif: projectPath().describe('The SARIF file the command writes (removed before it runs, read after).'),
          timeoutSeconds: seconds('command').optional(),
        }),
      )
      .default([])
      .describe('Scanners specgate runs itself (semgrep --sarif, CodeQL CLI, gosec -fmt sarif); their SARIF is merged and what they scanned counts toward coverage.'),
  })
  .default({ enabled: true, include: ['src'], sarif: [], bandit: true, commands: [] });
