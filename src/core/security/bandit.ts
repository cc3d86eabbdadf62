// Bandit's JSON report (`bandit -r … -f json`, Debian's 1.6 has no SARIF writer) as one SARIF
// run: a rule per test id with its help link, a result per issue with file and line range, and
// the files Bandit parsed as the run's artifacts — a file it could not parse was not scanned.
import { SRCROOT, type SarifLevel, type SarifRun } from './sarif.js';
import type { ScannerCoverage, SourceFile } from './scan-coverage.js';
import { isRecord } from '../data.js';
import { FINGERPRINT_KEY, lineFingerprints, ruleDocumentation } from './sarif-github.js';


/** High severity with at least medium confidence fails compliance; the rest are warnings or notes. */
export function banditLevel(severity: unknown, confidence: unknown): SarifLevel {
  if (severity === 'HIGH') return confidence === 'LOW' ? 'warning' : 'error';
  if (severity === 'MEDIUM') return 'warning';
  return 'note';
}

export interface BanditConversion {
  readonly run: SarifRun;
  readonly coverage: ScannerCoverage;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const toPosix = (file: string): string => file.replace(/\\/g, '/').replace(/^\.\//, '');

/** Bandit's `code` is the context lines, each prefixed with its number: the text of `line`. */
function lineText(code: unknown, line: number): string | undefined {
  if (typeof code !== 'string') return undefined;
  const prefix = `${line} `;
  return code.split('\n').find((l) => l.startsWith(prefix))?.slice(prefix.length);
}

/** Converts Bandit's JSON text; throws a message naming what is wrong when it is not Bandit JSON. */
export function banditToSarif(text: string, version: string): BanditConversion {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('bandit did not print JSON');
  }
  if (!isRecord(raw) || !Array.isArray(raw.results) || !isRecord(raw.metrics)) throw new Error('bandit JSON has no "results" and "metrics"');
  const failed = new Set((Array.isArray(raw.errors) ? raw.errors : []).filter(isRecord).map((e) => toPosix(String(e.filename))));
  const files: SourceFile[] = Object.keys(raw.metrics)
    .filter((f) => f !== '_totals' && !failed.has(toPosix(f)))
    .map((f) => ({ path: toPosix(f), language: 'python' }))
    .sort((a, b) => cmp(a.path, b.path));
  const issues = raw.results.filter(isRecord);
  const rules = new Map<string, { id: string; name: string; help: string; text: string }>();
  for (const i of issues) {
    const id = String(i.test_id);
    if (!rules.has(id)) rules.set(id, { id, name: String(i.test_name), help: typeof i.more_info === 'string' ? i.more_info : '', text: String(i.issue_text) });
  }
  const ruleList = [...rules.values()].sort((a, b) => cmp(a.id, b.id));
  const index = new Map(ruleList.map((r, n) => [r.id, n]));
  const results = issues
    .map((i) => {
      const range = Array.isArray(i.line_range) ? i.line_range.filter((n): n is number => typeof n === 'number') : [];
      const start = typeof i.line_number === 'number' && i.line_number >= 1 ? i.line_number : 1;
      const end = Math.max(start, ...range);
      return {
        ruleId: String(i.test_id),
        ruleIndex: index.get(String(i.test_id)) ?? 0,
        level: banditLevel(i.issue_severity, i.issue_confidence),
        message: { text: String(i.issue_text) },
        locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(toPosix(String(i.filename))), uriBaseId: SRCROOT }, region: { startLine: start, endLine: end } } }],
        properties: { severity: String(i.issue_severity), confidence: String(i.issue_confidence) },
        print: { ruleId: String(i.test_id), path: toPosix(String(i.filename)), line: start, lineText: lineText(i.code, start) },
      };
    })
    .sort((a, b) => cmp(`${a.locations[0]?.physicalLocation.artifactLocation.uri}\u0000${String(a.locations[0]?.physicalLocation.region.startLine).padStart(9, '0')}\u0000${a.ruleId}`, `${b.locations[0]?.physicalLocation.artifactLocation.uri}\u0000${String(b.locations[0]?.physicalLocation.region.startLine).padStart(9, '0')}\u0000${b.ruleId}`));
  const prints = lineFingerprints(results.map((r) => r.print));
  const notifications = [...failed].sort().map((f) => ({ level: 'error', message: { text: `${f}: bandit could not parse it (not scanned)` } }));
  const run: SarifRun = {
    tool: {
      driver: {
        name: 'bandit',
        version,
        informationUri: 'https://bandit.readthedocs.io',
        rules: ruleList.map((r) => ({
          id: r.id,
          name: r.name,
          ...ruleDocumentation({ id: r.id, short: `${r.id} ${r.name}`, full: r.text, ...(r.help === '' ? {} : { helpUri: r.help }) }),
          properties: { tags: ['security', 'python'] },
        })),
      },
    },
    originalUriBaseIds: { [SRCROOT]: { description: { text: 'The project root' } } },
    invocations: [{ executionSuccessful: failed.size === 0, toolExecutionNotifications: notifications }],
    artifacts: files.map((f) => ({ location: { uri: encodeURI(f.path), uriBaseId: SRCROOT }, sourceLanguage: 'python', roles: ['analysisTarget'] })),
    results: results.map(({ print: _print, ...r }, n) => ({ ...r, partialFingerprints: { [FINGERPRINT_KEY]: prints[n] ?? '' } })),
  };
  return { run, coverage: { tool: 'bandit', languages: ['python'], files } };
}
