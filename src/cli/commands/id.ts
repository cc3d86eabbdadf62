// `specgate id`: prints the feature SHA of docs/contracts.md §2, reproducible with
// `find features -name '*.feature' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12`.
import { examples, type RegisterCommand } from '../context.js';

export const registerId: RegisterCommand = (program, ctx) => {
  program
    .command('id')
    .description(
      "Print the feature SHA: the first 12 hex chars of SHA-256 over the spec set's sha256sum\n" +
        'manifest (paths relative to the project root, sorted bytewise). It names the evidence folder\n' +
        'reports/<feature-sha>/ and the branch auto/spec-implementation/<feature-sha>.',
    )
    .argument('[paths...]', 'feature files or folders (default: `features` from specgate.yaml, i.e. features/)')
    .option('--json', 'print the SHA, the branch name and every file digest as JSON')
    .addHelpText(
      'after',
      examples(
        ['specgate id', 'the feature SHA of features/'],
        ['specgate id --json', 'plus each file digest and the branch name'],
        ["find features -name '*.feature' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12", 'the same value, by hand'],
      ),
    )
    .action(async (paths: string[], options: { readonly json?: boolean }) => {
      const { formatIdentity, identifyFromCli } = await import('../identify.js');
      ctx.stdout(formatIdentity(await identifyFromCli(ctx.cwd, paths), options.json === true));
      ctx.exitCode = 0;
    });
};
