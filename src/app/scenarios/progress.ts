// Live scenario progress: follows cucumber's NDJSON message stream as the child writes it and
// reports each scenario as it starts ("scenario 3/20"). Only the three message kinds it needs are
// parsed; the rest of the stream (attachments, step results) is skipped by prefix, unparsed.
// The stream comes from user code's process: a line that is not JSON is ignored, never thrown.

export interface ScenarioProgress {
  /** 1-based: the scenario starting now. */
  readonly current: number;
  /** Test cases cucumber planned (after tag filtering). */
  readonly total: number;
  /** The pickle's name (the scenario, or the outline with its example row's values). */
  readonly name: string;
}

/** A line longer than this that we still cannot place is dropped rather than held in memory. */
const MAX_PARTIAL = 1 << 20;
const WANTED = ['{"pickle":', '{"testCase":', '{"testCaseStarted":'] as const;

interface Wanted {
  pickle?: { id?: unknown; name?: unknown };
  testCase?: { id?: unknown; pickleId?: unknown };
  testCaseStarted?: { testCaseId?: unknown; attempt?: unknown };
}

function parse(line: string): Wanted | undefined {
  if (!WANTED.some((prefix) => line.startsWith(prefix))) return undefined;
  try {
    return JSON.parse(line) as Wanted;
  } catch {
    return undefined;
  }
}

/** Returns the stdout sink: feed it every chunk in order; `report` is called once per scenario start (retries are not counted again). */
export function scenarioProgress(report: (progress: ScenarioProgress) => void): (chunk: string) => void {
  const pickleNames = new Map<string, string>();
  const pickleOfCase = new Map<string, string>();
  let started = 0;
  let partial = '';
  const onLine = (line: string): void => {
    const message = parse(line);
    const { pickle, testCase } = message ?? {};
    if (typeof pickle?.id === 'string') pickleNames.set(pickle.id, typeof pickle.name === 'string' ? pickle.name : '');
    if (typeof testCase?.id === 'string') pickleOfCase.set(testCase.id, typeof testCase.pickleId === 'string' ? testCase.pickleId : '');
    const start = message?.testCaseStarted;
    if (start && (start.attempt === undefined || start.attempt === 0)) {
      started += 1;
      const pickleId = typeof start.testCaseId === 'string' ? pickleOfCase.get(start.testCaseId) : undefined;
      report({ current: started, total: Math.max(pickleOfCase.size, started), name: (pickleId && pickleNames.get(pickleId)) ?? '' });
    }
  };
  return (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    if (partial.length > MAX_PARTIAL) partial = '';
    for (const line of lines) onLine(line);
  };
}
