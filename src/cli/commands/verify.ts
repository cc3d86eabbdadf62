// `specgate verify RUN_DIR|latest|deployed|RUN_ID|FILE`: checks a run's evidence (digests, signatures, provenance,
// unexpected files) or one file's signature. Exit 1 names every file that fails. The work is in
// ../verify-run.ts, which the start-up fast path (../fast.ts) runs without loading commander.
import { examples, type RegisterCommand } from '../context.js';
import type { VerifyOptions } from '../verify-run.js';

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
      const { runVerify } = await import('../verify-run.js');
      ctx.exitCode = await runVerify(ctx, target, options);
    });
};
