// `specgate verify`'s work, shared by the start-up fast path (fast.ts) and the full CLI
// (commands/verify.ts), so both print the same lines, JSON and exit code. Loaded only by verify:
// an auditor's check should cost about what the openssl recipe costs (docs/benchmarks.md).
import * as path from 'node:path';
import { NodeFileSystem } from '../adapters/node-fs.js';
import { verifyFileSignature, verifyRun } from '../app/security/verify.js';
import { isRunId } from '../core/evidence/run-id.js';
import { KeyError } from '../core/security/errors.js';
import { printJson, type CliContext } from './context.js';
import { describeRun, runByRole } from './run-target.js';

export interface VerifyOptions {
  readonly key?: string;
  readonly json?: boolean;
  readonly feature?: string;
}

/** What verify needs of the CLI context. */
export type VerifyContext = Pick<CliContext, 'cwd' | 'stdout' | 'stderr'>;

type Target = { absolute: string; shown: string };

/** Named runs (`latest`, `deployed`, a run id) go through the same locator as `report`; paths stay paths. */
async function targetPath(ctx: VerifyContext, fs: NodeFileSystem, target: string, feature: string | undefined): Promise<Target> {
  const absolute = path.resolve(ctx.cwd, target);
  const named = target === 'latest' || target === 'deployed' || isRunId(target);
  if (!named || (await fs.lstat(absolute)) !== undefined) return { absolute, shown: target };
  const { loadProject } = await import('../app/project.js');
  const { resolveRun } = await import('../app/report/runs.js');
  const project = await loadProject(fs, ctx.cwd);
  const role = await runByRole(target, feature, project.root, 'verify');
  const ref = await resolveRun(fs, path.resolve(project.root, project.config.reports), role.run, role.feature);
  ctx.stderr(describeRun('verify', ref, role));
  return { absolute: ref.runDir, shown: path.relative(ctx.cwd, ref.runDir) || '.' };
}

/** The `--key` PEM, or undefined (then the run's own signing.pub is used and said so). */
async function readKey(ctx: VerifyContext, fs: NodeFileSystem, key: string | undefined): Promise<string | undefined> {
  if (key === undefined) return undefined;
  try {
    return await fs.readText(path.resolve(ctx.cwd, key));
  } catch (error) {
    throw new KeyError('KEY_UNREADABLE', `cannot read the public key ${key}`, { path: key, cause: error, hint: 'check the path' });
  }
}

/** A run folder: every file's digest and signature, provenance and identity; true when all hold. */
async function verifyRunDir(ctx: VerifyContext, fs: NodeFileSystem, target: Target, keyPem: string | undefined, json: boolean | undefined): Promise<boolean> {
  const result = await verifyRun(target.absolute, keyPem, { fs });
  for (const w of result.warnings) ctx.stderr(`warning: ${w}\n`);
  if (json) {
    printJson(ctx, result);
    return result.ok;
  }
  if (result.fingerprint !== undefined) ctx.stdout(`key fingerprint: ${result.fingerprint} (${result.keySource === 'run' ? 'from the run’s signing.pub' : 'from --key'})\n`);
  for (const f of result.files) ctx.stdout(`${f.digest === 'ok' && f.signature !== 'invalid' && f.signature !== 'missing' ? 'ok  ' : 'FAIL'}  ${f.path}  digest=${f.digest} signature=${f.signature}\n`);
  ctx.stdout(`provenance: ${result.provenance.state} (${result.provenance.detail})\n`);
  ctx.stdout(`identity: ${result.identity.state} (${result.identity.detail})\n`);
  for (const p of result.problems) ctx.stderr(`${path.join(target.shown, p.path)}: error ${p.code} ${p.message}\n`);
  ctx.stdout(result.ok ? `verified: ${target.shown}\n` : `FAILED: ${result.problems.length} problem(s) in ${target.shown}\n`);
  return result.ok;
}

/** One signed file against FILE.sig; true when the signature holds. */
async function verifyOneFile(ctx: VerifyContext, fs: NodeFileSystem, target: Target, keyPem: string | undefined, json: boolean | undefined): Promise<boolean> {
  const { shown } = target;
  const result = await verifyFileSignature(target.absolute, keyPem, fs);
  if (json) printJson(ctx, { ...result, path: shown, signature: `${shown}.sig` });
  else if (result.ok) ctx.stdout(`verified: ${shown} (key ${result.fingerprint})\n`);
  else ctx.stderr(`${shown}: error SIGNATURE_INVALID the signature ${shown}.sig does not verify with key ${result.fingerprint}\n`);
  return result.ok;
}

/** Verifies `target` (a run folder, a named run or one signed file); returns the exit code (0 or 1). */
export async function runVerify(ctx: VerifyContext, target: string, options: VerifyOptions): Promise<number> {
  const fs = new NodeFileSystem();
  const resolved = await targetPath(ctx, fs, target, options.feature);
  const info = await fs.stat(resolved.absolute);
  if (info === undefined) {
    const { UsageError } = await import('../core/errors.js');
    throw new UsageError('PATH_NOT_FOUND', `${target} does not exist`, { path: target, hint: 'pass a run directory or a signed file' });
  }
  const keyPem = await readKey(ctx, fs, options.key);
  const ok = info.kind === 'directory' ? await verifyRunDir(ctx, fs, resolved, keyPem, options.json) : await verifyOneFile(ctx, fs, resolved, keyPem, options.json);
  return ok ? 0 : 1;
}

/** `TARGET [--key K] [--feature F] [--json]` in any order, exactly; anything else (help, errors) is commander's. */
export function verifyArgs(args: readonly string[]): { target: string; options: VerifyOptions } | undefined {
  const targets: string[] = [];
  const options: { key?: string; json?: boolean; feature?: string } = {};
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    const value = args[i + 1];
    if (arg === '--json') options.json = true;
    else if ((arg === '--key' || arg === '--feature') && value !== undefined && !value.startsWith('-')) {
      options[arg === '--key' ? 'key' : 'feature'] = value;
      i += 1;
    } else if (arg.startsWith('-')) return undefined;
    else targets.push(arg);
  }
  return targets.length === 1 && targets[0] !== undefined ? { target: targets[0], options } : undefined;
}
