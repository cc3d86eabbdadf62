// `specgate sbom`: the project's CycloneDX 1.6 SBOM (components from the lockfile, services from
// the specs) on stdout or, atomically, in --out.
import type { InstallPlatform } from '../../core/security/lockfile.js';
import type { FileSystem } from '../../core/ports.js';
import type { Command } from 'commander';
import { examples, printJson, type CliContext, type RegisterCommand } from '../context.js';

interface SbomOptions {
  readonly project?: string;
  readonly out?: string;
  readonly includeDev?: boolean;
  readonly json?: boolean;
  readonly platform?: string;
  readonly allPlatforms?: boolean;
}

function describeSbom(program: Command) {
  return program
    .command('sbom')
    .description(
      'Write the CycloneDX 1.6 JSON SBOM: every locked package with purl, SHA-512 hash, license and scope,\n' +
        'the dependency graph, and the HTTP endpoints the specs declare as services. Deterministic:\n' +
        'the same lockfile and specs give the same document (timestamp aside).',
    )
    .option('--project <dir>', 'project folder (default: the current one)')
    .option('--out <file>', 'write the SBOM to this file instead of stdout')
    .option('--include-dev', 'include development-only packages (scope "optional")')
    .option('--platform <os-cpu[-libc]>', 'describe the install for this platform, e.g. linux-x64-glibc (default: this machine)')
    .option('--all-platforms', 'list every locked package, including platform-specific ones npm would skip here')
    .option('--json', 'with --out: print a JSON summary (file, components, serial number)')
    .addHelpText(
      'after',
      examples(
        ['specgate sbom > sbom.cyclonedx.json', 'production dependencies to stdout'],
        ['specgate sbom --include-dev --out sbom.json', 'everything, written atomically'],
        ['specgate sbom --project examples/example-service --out /tmp/sbom.json --json', 'another project, JSON summary'],
      ),
    );
}

/** Step 1: `--out` resolved, its folder checked before any work. */
async function outputPath(options: SbomOptions, ctx: CliContext, fs: FileSystem): Promise<string | undefined> {
  const path = await import('node:path');
  const { UsageError } = await import('../../core/errors.js');
  if (options.out === undefined) return undefined;
  const out = path.resolve(ctx.cwd, options.out);
  if ((await fs.stat(path.dirname(out)))?.kind !== 'directory') {
    throw new UsageError('PATH_NOT_FOUND', `cannot write ${options.out}: folder ${path.dirname(options.out)} does not exist`, {
      path: options.out,
      hint: 'create the folder first, or pick another --out path',
    });
  }
  return out;
}

/** Step 2: the platform to describe (`--all-platforms`, `--platform`, else this machine). */
async function platformOption(options: SbomOptions): Promise<InstallPlatform | 'all'> {
  if (options.allPlatforms) return 'all';
  const { currentPlatform, parsePlatform } = await import('../../adapters/security/platform.js');
  if (options.platform === undefined) return currentPlatform();
  const { UsageError } = await import('../../core/errors.js');
  const platform = parsePlatform(options.platform);
  if (platform === undefined) {
    throw new UsageError('INVALID_ARGUMENT', `--platform ${options.platform} is not os-cpu[-libc]`, { hint: 'for example --platform linux-x64-glibc or --platform darwin-arm64' });
  }
  return platform;
}

async function sbomAction(options: SbomOptions, ctx: CliContext): Promise<void> {
  const path = await import('node:path');
  const { NodeFileSystem } = await import('../../adapters/node-fs.js');
  const { systemClock } = await import('../../adapters/clock.js');
  const { loadProject } = await import('../../app/project.js');
  const { generateSbom } = await import('../../app/security/sbom.js');
  const fs = new NodeFileSystem();
  const out = await outputPath(options, ctx, fs);
  const project = await loadProject(fs, path.resolve(ctx.cwd, options.project ?? '.'));
  const platform = await platformOption(options);
  const result = await generateSbom({
    platform,
    fs,
    clock: systemClock,
    root: project.root,
    config: project.config,
    includeDev: options.includeDev ?? false,
    toolVersion: ctx.version,
  });
  for (const w of result.warnings) ctx.stderr(`warning: ${w}\n`);
  // Step 3: the document to stdout, or atomically to --out with a summary.
  if (out === undefined || options.out === undefined) ctx.stdout(result.json);
  else {
    await fs.writeAtomic(out, result.json);
    const summary = { file: options.out, lockfile: result.lockfile, components: result.components, serialNumber: result.serialNumber };
    if (options.json) printJson(ctx, summary);
    else ctx.stdout(`wrote ${options.out}: ${result.components} components from ${result.lockfile}\n`);
  }
  ctx.exitCode = 0;
}

export const registerSbom: RegisterCommand = (program, ctx) => {
  describeSbom(program).action((options: SbomOptions) => sbomAction(options, ctx));
};
