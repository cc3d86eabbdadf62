// `specgate report` on the start-up fast path (fast.ts): the plain invocations — a run, --reports,
// --feature, --key, --format, --json, --trend — parsed here and handed to the one implementation
// (commands/report-action.ts) without commander and the command tree. Anything else (--out, which
// writes, --help, `--opt=value`, a mistake) is left to the full CLI, which words every error.
import type { ReportOptions } from './commands/report.js';

const VALUED = new Set(['--feature', '--format', '--key', '--reports', '--trend']);
const FORMATS = new Set(['md', 'html', 'json']);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The run and options commander would give the action, or undefined: let the full CLI parse. */
export function reportArgs(args: readonly string[]): { run: string; options: ReportOptions } | undefined {
  const options: Mutable<ReportOptions> = { format: 'md', trend: '10' };
  const runs: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    const value = args[i + 1];
    if (arg === '--json') options.json = true;
    else if (VALUED.has(arg)) {
      if (value === undefined || value.startsWith('-')) return undefined;
      if (arg === '--format' && !FORMATS.has(value)) return undefined;
      const key = arg.slice(2) as 'feature' | 'format' | 'key' | 'reports' | 'trend';
      (options as Record<typeof key, string>)[key] = value;
      i += 1;
    } else if (arg.startsWith('-')) return undefined;
    else runs.push(arg);
  }
  if (runs.length > 1) return undefined;
  return { run: runs[0] ?? 'latest', options };
}
