// `specgate keys generate`: creates the ECDSA P-256 key pair that signs evidence.
import type { Command } from 'commander';
import { examples, printJson, type RegisterCommand } from '../context.js';

interface GenerateOptions {
  readonly out?: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

export const registerKeys: RegisterCommand = (program, ctx) => {
  const keys: Command = program
    .command('keys')
    .description('Manage the key pair that signs evidence (ECDSA P-256, cosign-compatible).')
    .addHelpText(
      'after',
      examples(
        ['specgate keys generate --out ~/.specgate', 'key pair (encrypted when SPECGATE_KEY_PASSPHRASE is set)'],
        ['SPECGATE_SIGNING_KEY="$(cat ~/.specgate/specgate.key)" specgate run', 'sign a run with it'],
      ),
    );
  keys
    .command('generate')
    .description(
      'Write specgate.key (PKCS#8 PEM, mode 0600) and specgate.pub (SPKI PEM).\n' +
        'The private key is encrypted with the passphrase in $SPECGATE_KEY_PASSPHRASE\n' +
        '(or the variable named by signing.passphraseEnv); without one it is written in the clear.',
    )
    .option('--out <dir>', 'folder to write the key pair to', '.')
    .option('--force', 'replace an existing key pair')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examples(
        ['SPECGATE_KEY_PASSPHRASE=… specgate keys generate --out ~/.specgate', 'encrypted key pair in ~/.specgate'],
        ['specgate keys generate --json', 'key pair in the current folder; prints the fingerprint'],
      ),
    )
    .action(async (options: GenerateOptions) => {
      const path = await import('node:path');
      const { NodeFileSystem } = await import('../../adapters/node-fs.js');
      const { loadProject } = await import('../../app/project.js');
      const { generateKeys } = await import('../../app/security/keys.js');
      const { nodeKeyVault } = await import('../compose-security.js');
      const fs = new NodeFileSystem();
      const project = await loadProject(fs, ctx.cwd);
      const passphraseEnv = project.config.signing.passphraseEnv;
      const passphrase = ctx.env[passphraseEnv];
      const result = await generateKeys({ fs, vault: nodeKeyVault, outDir: path.resolve(ctx.cwd, options.out ?? '.'), passphrase, force: options.force ?? false });
      if (!result.encrypted) {
        ctx.stderr(
          `WARNING: ${passphraseEnv} is not set, so ${result.privateKeyPath} is NOT encrypted.\n` +
            `         Anyone who can read that file can sign evidence in your name. Set ${passphraseEnv}\n` +
            `         and run 'specgate keys generate --force' to replace it with an encrypted key.\n`,
        );
      }
      if (options.json) printJson(ctx, result);
      else {
        ctx.stdout(`private key: ${result.privateKeyPath} (mode 0600${result.encrypted ? ', encrypted' : ', NOT encrypted'})\n`);
        ctx.stdout(`public key:  ${result.publicKeyPath}\n`);
        ctx.stdout(`fingerprint: ${result.fingerprint}  (sha256 of the DER public key; publish it out of band)\n`);
        ctx.stdout(`Keep the private key out of git. Point specgate at it with signing.key in specgate.yaml or SPECGATE_SIGNING_KEY.\n`);
      }
      ctx.exitCode = 0;
    });
};
