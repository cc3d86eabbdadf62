// SAST evidence as SARIF 2.1.0: the built-in ESLint scan converted to a run, external tools'
// runs (CodeQL, Semgrep, Trivy) merged in unchanged, each tool its own run. Pure: the caller
// runs the scanners and reads the files; this module converts, counts and decides.
import type { Mode } from '../config/schema.js';
import { describeScanCoverage, scanCoverageGaps, type ScanCoverageSummary } from './scan-coverage.js';
import { isRecord } from '../data.js';
import { FINGERPRINT_KEY, lineFingerprints, ruleDocumentation } from './sarif-github.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** The fields of an ESLint LintResult this converter reads (keeps the core free of ESLint types). */
export interface LintFileResult {
  /** Path relative to the project root, POSIX separators. */
  readonly path: string;
  readonly messages: readonly {
    readonly ruleId: string | null;
    readonly message: string;
    readonly line?: number;
    readonly column?: number;
    readonly endLine?: number;
    readonly endColumn?: number;
    readonly fatal?: boolean;
    /** The text of the source line at `line` (fingerprints); absent when the scanner gave none. */
    readonly lineText?: string;
  }[];
}

export interface RuleDescriptor {
  readonly id: string;
  readonly description: string;
  /** A longer description (GitHub shows it); defaults to `description`. */
  readonly fullDescription?: string;
  readonly helpUri?: string;
  readonly level: SarifLevel;
}

export interface SarifRun {
  readonly tool: { readonly driver: { readonly name: string; readonly [key: string]: unknown }; readonly [key: string]: unknown };
  readonly results?: readonly SarifResult[];
  readonly [key: string]: unknown;
}

export interface SarifResult {
  readonly ruleId?: string;
  readonly ruleIndex?: number;
  readonly level?: SarifLevel;
  readonly message: { readonly text: string };
  readonly [key: string]: unknown;
}

export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly SarifRun[];
  /** `specgate/scanCoverage`: files present vs scanned per language (see scan-coverage.ts). */
  readonly properties?: { readonly 'specgate/scanCoverage'?: ScanCoverageSummary; readonly [key: string]: unknown };
}

export interface SastSummary {
  readonly error: number;
  readonly warning: number;
  readonly note: number;
  /** Tool (driver) names, one per run, in run order. */
  readonly tools: readonly string[];
}

const pos = (n: number | undefined): number => (n !== undefined && n >= 1 ? n : 1);

/** Converts the built-in scan's results into one SARIF run; `parse errors` become error notifications. */
export function lintToSarifRun(
  files: readonly LintFileResult[],
  tool: { readonly name: string; readonly version: string; readonly plugin: { readonly name: string; readonly version: string } },
  rules: readonly RuleDescriptor[],
): SarifRun {
  const sortedRules = [...rules].sort((a, b) => a.id.localeCompare(b.id));
  const index = new Map(sortedRules.map((r, i) => [r.id, i]));
  const results: (SarifResult & { sortKey: string; print: { ruleId: string; path: string; line: number; lineText?: string } })[] = [];
  const notifications: Record<string, unknown>[] = [];
  for (const file of files) {
    for (const m of file.messages) {
      const region = {
        startLine: pos(m.line),
        startColumn: pos(m.column),
        ...(m.endLine === undefined ? {} : { endLine: pos(m.endLine) }),
        ...(m.endColumn === undefined ? {} : { endColumn: pos(m.endColumn) }),
      };
      const location = { physicalLocation: { artifactLocation: { uri: encodeURI(file.path), uriBaseId: SRCROOT }, region } };
      const ruleIndex = m.ruleId === null ? undefined : index.get(m.ruleId);
      if (m.fatal === true || ruleIndex === undefined) {
        // A file the scanner could not parse was not scanned: that is a gap in the evidence.
        notifications.push({ level: 'error', message: { text: `${file.path}:${region.startLine}: ${m.message}` }, locations: [location] });
        continue;
      }
      const rule = sortedRules[ruleIndex];
      results.push({
        ruleId: m.ruleId ?? '',
        ruleIndex,
        level: rule?.level ?? 'warning',
        message: { text: m.message },
        locations: [location],
        print: { ruleId: m.ruleId ?? '', path: file.path, line: region.startLine, ...(m.lineText === undefined ? {} : { lineText: m.lineText }) },
        sortKey: `${file.path}\u0000${String(region.startLine).padStart(9, '0')}\u0000${String(region.startColumn).padStart(9, '0')}\u0000${m.ruleId ?? ''}`,
      });
    }
  }
  results.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  notifications.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const prints = lineFingerprints(results.map((r) => r.print));
  return {
    tool: {
      driver: {
        name: tool.name,
        version: tool.version,
        informationUri: 'https://eslint.org',
        rules: sortedRules.map((r) => ({
          id: r.id,
          ...ruleDocumentation({ id: r.id, short: r.description, full: r.fullDescription ?? r.description, ...(r.helpUri === undefined ? {} : { helpUri: r.helpUri }) }),
          defaultConfiguration: { level: r.level },
          properties: { tags: ['security'] },
        })),
      },
      extensions: [{ name: tool.plugin.name, version: tool.plugin.version }],
    },
    originalUriBaseIds: { [SRCROOT]: { description: { text: 'The project root' } } },
    invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
    columnKind: 'utf16CodeUnits',
    results: results.map(({ sortKey: _sortKey, print: _print, ...r }, i) => ({ ...r, partialFingerprints: { [FINGERPRINT_KEY]: prints[i] ?? '' } })),
  };
}

export function mergeSarif(runs: readonly SarifRun[], scanCoverage?: ScanCoverageSummary): SarifLog {
  const log: SarifLog = { $schema: SARIF_SCHEMA, version: '2.1.0', runs };
  return scanCoverage === undefined ? log : { ...log, properties: { 'specgate/scanCoverage': scanCoverage } };
}

/** A result's effective level: its own, else its rule's default, else SARIF's default (`warning`). */
function levelOf(result: SarifResult, run: SarifRun): SarifLevel {
  if (result.level !== undefined) return result.level;
  const rules = (run.tool.driver.rules as { id?: string; defaultConfiguration?: { level?: SarifLevel } }[] | undefined) ?? [];
  const rule = result.ruleIndex !== undefined ? rules[result.ruleIndex] : rules.find((r) => r.id === result.ruleId);
  return rule?.defaultConfiguration?.level ?? 'warning';
}

export function summarizeSarif(log: SarifLog): SastSummary {
  const counts = { error: 0, warning: 0, note: 0 };
  for (const run of log.runs) {
    for (const result of run.results ?? []) {
      const level = levelOf(result, run);
      if (level !== 'none') counts[level] += 1;
    }
  }
  return { ...counts, tools: log.runs.map((r) => r.tool.driver.name) };
}

export interface SastGateDecision {
  readonly gate: 'sast';
  readonly outcome: 'pass' | 'warn' | 'fail';
  readonly reason: string;
}

/**
 * docs/contracts.md §6: compliance fails on any error-level result or a missing/unreadable scan; sandbox
 * turns both into warnings. `problems` are scans that could not run or be read. With `scan`, a
 * scan that read no file, or left a language under `sast.include` uncovered, is a gap too: a
 * clean log from a scanner that never looked is not a clean scan.
 */
export function decideSastGate(mode: Mode, summary: SastSummary, problems: readonly string[], scan?: ScanCoverageSummary): SastGateDecision {
  const looked = scan === undefined ? '' : `; ${describeScanCoverage(scan)}`;
  const counts = `${summary.error} error, ${summary.warning} warning, ${summary.note} note from ${summary.tools.join(', ') || 'no tool'}${looked}`;
  const missing = summary.tools.length === 0 ? ['no SAST scan ran (enable sast.enabled or list SARIF files under sast.sarif)'] : [];
  const unproven = scan === undefined || summary.tools.length === 0 ? [] : scanCoverageGaps(scan);
  const gaps = [...missing, ...problems, ...unproven];
  if (summary.error === 0 && gaps.length === 0) {
    return { gate: 'sast', outcome: summary.warning > 0 ? 'warn' : 'pass', reason: counts };
  }
  const why = [...(summary.error > 0 ? [`${summary.error} error-level finding(s)`] : []), ...gaps].join('; ');
  return { gate: 'sast', outcome: mode === 'compliance' ? 'fail' : 'warn', reason: `${why} (${counts})` };
}

/** Parses an external tool's SARIF file and returns its runs; throws a message naming what is wrong. */
export function parseExternalSarif(text: string, file: string): SarifRun[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON`);
  }
  if (!isRecord(raw) || raw.version !== '2.1.0' || !Array.isArray(raw.runs)) throw new Error(`${file} is not a SARIF 2.1.0 log (needs "version": "2.1.0" and "runs")`);
  return raw.runs.map((run: unknown, i) => {
    const driver = isRecord(run) && isRecord(run.tool) && isRecord(run.tool.driver) ? run.tool.driver : undefined;
    if (!isRecord(run) || driver === undefined || typeof driver.name !== 'string') throw new Error(`${file}: runs[${i}] has no tool.driver.name`);
    if (run.results !== undefined && !Array.isArray(run.results)) throw new Error(`${file}: runs[${i}].results is not a list`);
    return run as unknown as SarifRun;
  });
}
