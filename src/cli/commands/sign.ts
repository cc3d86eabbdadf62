// `specgate sign FILE…`: writes FILE.sig (cosign sign-blob format) for each file.
import { examples, printJson, type RegisterCommand } from '../context.js';

interface SignOptions {
  readonly key?: string;
  readonly json?: boolean;
}

export const registerSign: RegisterCommand = (program, ctx) => {
  program
    .command('sign')
    .description(
      'Sign files: writes FILE.sig, base64 of the DER ECDSA P-256/SHA-256 signature (what `cosign sign-blob --key` writes).\n' +
        'The key comes from --key, else $SPECGATE_SIGNING_KEY (PEM text), else signing.key in specgate.yaml.',
    )
    .argument('<file...>', 'files to sign')
    .option('--key <file>', 'private key file (PKCS#8 PEM)')
    .option('--json', 'print the signatures written as JSON')
    .addHelpText(
      'after',
      examples(
        ['specgate sign dist/app.tar.gz', 'writes dist/app.tar.gz.sig'],
        ['specgate sign --key ~/.specgate/specgate.key a.json b.json', 'explicit key'],
      ),
    )
    .action(async (files: string[], options: SignOptions) => {
      const path = await import('node:path');
      const { NodeFileSystem } = await import('../../adapters/node-fs.js');
      const { loadProject } = await import('../../app/project.js');
      const { loadSigner } = await import('../../adapters/security/node-signer.js');
      const { signFile } = await import('../../app/security/sign.js');
      const { KeyError } = await import('../../core/security/errors.js');
      const { fingerprint } = await import('../../core/security/signature.js');
      const { UsageError } = await import('../../core/errors.js');
      const fs = new NodeFileSystem();
      const project = await loadProject(fs, ctx.cwd);
      const signer = await loadSigner({
        fs,
        env: ctx.env,
        root: project.root,
        signing: project.config.signing,
        keyPath: options.key === undefined ? undefined : path.resolve(ctx.cwd, options.key),
      });
      if (signer === undefined) {
        throw new KeyError('KEY_MISSING', 'no signing key configured', {
          hint: 'pass --key FILE, set SPECGATE_SIGNING_KEY, or set signing.key in specgate.yaml (create one with `specgate keys generate`)',
        });
      }
      const absolute = files.map((f) => path.resolve(ctx.cwd, f));
      for (const f of absolute) {
        if ((await fs.stat(f))?.kind !== 'file') {
          throw new UsageError('PATH_NOT_FOUND', `${path.relative(ctx.cwd, f) || f} is not a file`, { path: f, hint: 'check the path' });
        }
      }
      const written: string[] = [];
      for (const f of absolute) written.push(await signFile(f, signer, fs));
      const rel = written.map((w) => path.relative(ctx.cwd, w));
      if (options.json) printJson(ctx, { fingerprint: fingerprint(signer.publicKeyPem), signatures: rel });
      else for (const w of rel) ctx.stdout(`signed: ${w}\n`);
      ctx.exitCode = 0;
    });
};
