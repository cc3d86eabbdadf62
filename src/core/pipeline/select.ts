// Which stages a run executes: `--stages a,b`, `--from S`, `--until S` narrow the registry's order.
import { UsageError } from '../errors.js';

export interface StageSelection {
  readonly stages?: readonly string[];
  readonly from?: string;
  readonly until?: string;
}

function check(name: string, known: readonly string[], flag: string): void {
  if (!known.includes(name)) {
    throw new UsageError('INVALID_ARGUMENT', `unknown stage '${name}' in ${flag}`, {
      hint: `stages are: ${known.join(', ')}`,
    });
  }
}

/** Returns the selected stage names in pipeline order. Throws UsageError naming a bad stage. */
export function selectStages<N extends string>(order: readonly N[], selection: StageSelection): N[] {
  const { stages, from, until } = selection;
  stages?.forEach((s) => check(s, order, '--stages'));
  if (from !== undefined) check(from, order, '--from');
  if (until !== undefined) check(until, order, '--until');
  const start = from === undefined ? 0 : order.indexOf(from as N);
  const end = until === undefined ? order.length - 1 : order.indexOf(until as N);
  if (start > end) {
    throw new UsageError('INVALID_ARGUMENT', `--from ${from ?? ''} comes after --until ${until ?? ''}`, {
      hint: `stages run in this order: ${order.join(' → ')}`,
    });
  }
  const picked = order.slice(start, end + 1).filter((s) => stages === undefined || stages.includes(s));
  if (picked.length === 0) {
    throw new UsageError('INVALID_ARGUMENT', 'the stage selection is empty', {
      hint: '--stages must name stages between --from and --until',
    });
  }
  return picked;
}
