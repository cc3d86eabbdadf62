// What the SAST report (SARIF 2.1.0) and the SBOM (CycloneDX) say, as plain rows.
import { arr, num, str } from './read.js';

export interface SarifFacts {
  readonly error: number;
  readonly warning: number;
  readonly note: number;
  readonly tools: readonly string[];
  readonly results: readonly { readonly level: string; readonly ruleId: string; readonly message: string; readonly file: string; readonly line: number | null }[];
}

export function sarifFacts(s: unknown): SarifFacts {
  const counts = { error: 0, warning: 0, note: 0 };
  const tools: string[] = [];
  const results: SarifFacts['results'][number][] = [];
  for (const run of arr(s, 'runs')) {
    tools.push(str(run, 'tool.driver.name') ?? '?');
    for (const r of arr(run, 'results')) {
      // SARIF §3.27.10: an absent level means "warning".
      const level = str(r, 'level') ?? 'warning';
      if (level === 'error' || level === 'warning' || level === 'note') counts[level] += 1;
      const loc = arr(r, 'locations')[0];
      results.push({
        level,
        ruleId: str(r, 'ruleId') ?? '?',
        message: str(r, 'message.text') ?? '',
        file: str(loc, 'physicalLocation.artifactLocation.uri') ?? '',
        line: num(loc, 'physicalLocation.region.startLine') ?? null,
      });
    }
  }
  return { ...counts, tools: [...new Set(tools)].sort(), results };
}

export function sbomComponents(s: unknown): readonly { readonly name: string; readonly version: string; readonly purl: string; readonly license: string }[] {
  return arr(s, 'components').map((c) => ({
    name: [str(c, 'group'), str(c, 'name')].filter((x) => x !== undefined && x !== '').join('/') || '?',
    version: str(c, 'version') ?? '',
    purl: str(c, 'purl') ?? '',
    license: arr(c, 'licenses').map((l) => str(l, 'license.id', 'license.name', 'expression') ?? '').filter((x) => x !== '').join(', '),
  }));
}
