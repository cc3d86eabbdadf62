// `specgate verify RUN_DIR|latest|deployed|RUN_ID|FILE`: checks a run's evidence (digests, signatures, provenance,
// unexpected files) or one file's signature. Exit 1 names every file that fails.
import { examples, printJson, type CliContext, type RegisterCommand } from '../context.js';
import { describeRun, runByRole } from '../run-target.js';
import type { NodeFileSystem as Fs } from '../../adapters/node-fs.js';

interface VerifyOptions {
  readonly key?: string;
  readonly json?: boolean;
  readonly feature?: string;
}

/** Named runs (`latest`, `deployed`, a run id) go through the same locator as `report`; paths stay paths. */
async function targetPath(ctx: CliContext, target: string, feature: string | undefined): Promise<{ absolute: string; shown: string }> {
  const path = await import('node:path');
  const { NodeFileSystem } = await import('../../adapters/node-fs.js');
  const { isRunId } = await import('../../core/evidence/run-id.js');
  const fs = new NodeFileSystem();
  const absolute = path.resolve(ctx.cwd, target);
  const named = target === 'latest' || target === 'deployed' || isRunId(target);
  if (!named || (await fs.lstat(absolute)) !== undefined) return { absolute, shown: target };
  const { loadProject } = await import('../../app/project.js');
  const { resolveRun } = await import('../../app/report/runs.js');
  const project = await loadProject(fs, ctx.cwd);
  const role = await runByRole(target, feature, project.root, 'verify');
  const ref = await resolveRun(fs, path.resolve(project.root, project.config.reports), role.run, role.feature);
  ctx.stderr(describeRun('verify', ref, role));
  return { absolute: ref.runDir, shown: path.relative(ctx.cwd, ref.runDir) || '.' };
}

type Target = { absolute: string; shown: string };

/** The `--key` PEM, or undefined (then the run's own signing.pub is used and said so). */
async function readKey(ctx: CliContext, fs: Fs, key: string | undefined): Promise<string | undefined> {
  if (key === undefined) return undefined;
  const path = await import('node:path');
  try {
    return await fs.readText(path.resolve(ctx.cwd, key));
  } catch (error) {
    const { KeyError } = await import('../../core/security/errors.js');
    throw new KeyError('KEY_UNREADABLE', `cannot read the public key ${key}`, { path: key, cause: error, hint: 'check the path' });
  }
}

/** A run folder: every file's digest and signature, provenance and identity; true when all hold. */
async function verifyRunDir(ctx: CliContext, fs: Fs, target: Target, keyPem: string | undefined, json: boolean | undefined): Promise<boolean> {
  const { verifyRun } = await import('../../app/security/verify.js');
  const result = await verifyRun(target.absolute, keyPem, { fs });
  for (const w of result.warnings) ctx.stderr(`warning: ${w}\n`);
  if (json) {
    printJson(ctx, result);
    return result.ok;
  }
  const path = await import('node:path');
  if (result.fingerprint !== undefined) ctx.stdout(`key fingerprint: ${result.fingerprint} (${result.keySource === 'run' ? 'from the run’s signing.pub' : 'from --key'})\n`);
  for (const f of result.files) ctx.stdout(`${f.digest === 'ok' && f.signature !== 'invalid' && f.signature !== 'missing' ? 'ok  ' : 'FAIL'}  ${f.path}  digest=${f.digest} signature=${f.signature}\n`);
  ctx.stdout(`provenance: ${result.provenance.state} (${result.provenance.detail})\n`);
  ctx.stdout(`identity: ${result.identity.state} (${result.identity.detail})\n`);
  for (const p of result.problems) ctx.stderr(`${path.join(target.shown, p.path)}: error ${p.code} ${p.message}\n`);
  ctx.stdout(result.ok ? `verified: ${target.shown}\n` : `FAILED: ${result.problems.length} problem(s) in ${target.shown}\n`);
  return result.ok;
}

/** One signed file against FILE.sig; true when the signature holds. */
async function verifyOneFile(ctx: CliContext, fs: Fs, target: Target, keyPem: string | undefined, json: boolean | undefined): Promise<boolean> {
  const { verifyFileSignature } = await import('../../app/security/verify.js');
  const { shown } = target;
  const result = await verifyFileSignature(target.absolute, keyPem, fs);
  if (json) printJson(ctx, { ...result, path: shown, signature: `${shown}.sig` });
  else if (result.ok) ctx.stdout(`verified: ${shown} (key ${result.fingerprint})\n`);
  else ctx.stderr(`${shown}: error SIGNATURE_INVALID the signature ${shown}.sig does not verify with key ${result.fingerprint}\n`);
  return result.ok;
}

export const registerVerify: RegisterCommand = (program, ctx) => {
  program
    .command('verify')
    .description(
      'Verify a run directory (every manifest entry present with its sha256, every .sig valid, the\n' +
        'provenance signed and matching, no unexpected file) or a single FILE against FILE.sig.\n' +
        'The public key is --key, else the run’s own signing.pub — compare its fingerprint with one\n' +
        'you obtained out of band before trusting the result.',
    )
    .argument('<target>', 'run directory (reports/<feature-sha>/<run-id>), `latest`, `deployed`, a run id, or a signed file')
    .option('--feature <sha>', 'feature SHA for `latest` or a run id (needed when several features have runs)')
    .option('--key <pub>', 'public key (SPKI PEM) to verify with')
    .option('--json', 'print the full verification as JSON')
    .addHelpText(
      'after',
      examples(
        ['specgate verify latest --key specgate.pub', 'verify the newest finished run with a trusted key'],
        ['specgate verify deployed', 'verify the release staging serves'],
        ['specgate verify reports/005cc0262265/20250924140440', 'verify a run directory'],
        ['specgate verify sbom.cyclonedx.json --key specgate.pub', 'verify one file against its .sig'],
        ['specgate verify reports/005cc0262265/20250924140440 --json', 'machine-readable result'],
      ),
    )
    .action(async (target: string, options: VerifyOptions) => {
      const { NodeFileSystem } = await import('../../adapters/node-fs.js');
      const fs = new NodeFileSystem();
      const { absolute, shown } = await targetPath(ctx, target, options.feature);
      const info = await fs.stat(absolute);
      if (info === undefined) {
        const { UsageError } = await import('../../core/errors.js');
        throw new UsageError('PATH_NOT_FOUND', `${target} does not exist`, { path: target, hint: 'pass a run directory or a signed file' });
      }
      const keyPem = await readKey(ctx, fs, options.key);
      const ok = info.kind === 'directory' ? await verifyRunDir(ctx, fs, { absolute, shown }, keyPem, options.json) : await verifyOneFile(ctx, fs, { absolute, shown }, keyPem, options.json);
      ctx.exitCode = ok ? 0 : 1;
    });
};
