// `specgate init`: scaffolds specgate.yaml (every key with its default, commented), an example
// feature with a resource budget, and .gitignore entries. Safe to rerun.
import { examples, printJson, type RegisterCommand } from '../context.js';

interface InitCliOptions {
  force?: boolean;
  name?: string;
  json?: boolean;
}

export const registerInit: RegisterCommand = (program, ctx) => {
  program
    .command('init')
    .description('scaffold specgate.yaml (defaults fitted to the detected stack: package.json, pyproject.toml / requirements*.txt, go.mod), an example feature and .gitignore entries')
    .option('--name <name>', 'project name shown in reports (default: the folder name)')
    .option('--force', 'replace an existing specgate.yaml with a fresh template')
    .option('--json', 'print what was written as JSON')
    .addHelpText(
      'after',
      examples(
        ['specgate init', 'scaffold the current folder'],
        ['specgate -C services/pay init --name payments', 'scaffold another folder'],
        ['specgate init --force', 'regenerate specgate.yaml with every default'],
      ),
    )
    .action(async (options: InitCliOptions) => {
      const { NodeFileSystem } = await import('../../adapters/node-fs.js');
      const { NodeProcessRunner } = await import('../../adapters/process-runner.js');
      const { initProject } = await import('../../app/init/init.js');
      const { processProbe } = await import('../../app/init/python-interpreter.js');
      const result = await initProject({
        fs: new NodeFileSystem(),
        pythonProbe: processProbe(new NodeProcessRunner(), ctx.cwd),
        root: ctx.cwd,
        ...(options.name !== undefined ? { name: options.name } : {}),
        force: options.force === true,
      });
      if (options.json) {
        printJson(ctx, result);
        return;
      }
      for (const warning of result.warnings) ctx.stderr(`specgate: warning: ${warning}\n`);
      if (result.stacks.length > 0) ctx.stdout(`detected: ${result.stacks.join(', ')} (commands, coverage, SAST and deploy defaults set for it)\n`);
      const width = Math.max(...result.files.map((f) => f.action.length));
      ctx.stdout(`${result.files.map((f) => `${f.action.padEnd(width)}  ${f.path}`).join('\n')}\n`);
      ctx.stdout('\nNext: specgate validate   # check the example spec\n      specgate id         # its feature SHA\n');
    });
};
