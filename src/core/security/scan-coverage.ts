// What each SAST scanner actually looked at. A clean SARIF log proves nothing when the scanner
// never read a file (a Python tree scanned by a JavaScript linter): every SAST provider reports a
// `ScannerCoverage`, and the gate compares the union with the source files present under
// `sast.include`. Pure: the caller walks the tree and runs the scanners.
import type { Mode } from '../config/schema.js';

/**
 * Source languages by file extension (a registry: add a language by adding a line). The names are
 * SARIF `sourceLanguage` values (lower case, as GitHub code scanning writes them).
 */
export const SOURCE_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  javascript: ['js', 'mjs', 'cjs', 'jsx'],
  typescript: ['ts', 'mts', 'cts', 'tsx'],
  python: ['py', 'pyi'],
  go: ['go'],
  java: ['java'],
  kotlin: ['kt', 'kts'],
  ruby: ['rb'],
  php: ['php'],
  csharp: ['cs'],
  rust: ['rs'],
  c: ['c', 'h'],
  cpp: ['cc', 'cpp', 'cxx', 'hpp', 'hh'],
  swift: ['swift'],
  scala: ['scala'],
  shell: ['sh', 'bash'],
};

const BY_EXTENSION: ReadonlyMap<string, string> = new Map(
  Object.entries(SOURCE_LANGUAGES).flatMap(([language, extensions]) => extensions.map((ext) => [ext, language] as const)),
);

/** The source language of a path by its extension, or undefined for non-source files. */
export function languageOf(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  // `.d.ts` declarations carry no code to scan.
  if (base.endsWith('.d.ts')) return undefined;
  return BY_EXTENSION.get(base.slice(dot + 1).toLowerCase());
}

/** A file with its language; paths are POSIX, relative to the project root. */
export interface SourceFile {
  readonly path: string;
  readonly language: string;
}

/** The record every SAST provider returns: which languages it covers and which files it scanned. */
export interface ScannerCoverage {
  /** The SARIF `tool.driver.name` of the run this scanner produced. */
  readonly tool: string;
  /** Languages the scanner is able to analyse (whether or not such files were present). */
  readonly languages: readonly string[];
  /** Files it actually scanned, sorted by path. */
  readonly files: readonly SourceFile[];
}

/** The per-language comparison written into the evidence and read by the gate and the report. */
export interface ScanCoverageSummary {
  /** Source files present under `sast.include`, per language. */
  readonly sourceFiles: Readonly<Record<string, number>>;
  /** Distinct files scanned by at least one scanner, per language. */
  readonly filesScanned: Readonly<Record<string, number>>;
  readonly totalScanned: number;
  /** Languages present under `sast.include` that no scanner covers, sorted. */
  readonly uncovered: readonly string[];
  /** Tools that reported coverage, sorted. */
  readonly tools: readonly string[];
}

function countByLanguage(files: Iterable<SourceFile>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of files) counts[f.language] = (counts[f.language] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function summarizeScanCoverage(present: readonly SourceFile[], scanners: readonly ScannerCoverage[]): ScanCoverageSummary {
  const scanned = new Map<string, SourceFile>();
  for (const s of scanners) for (const f of s.files) scanned.set(f.path, f);
  const covered = new Set(scanners.flatMap((s) => s.languages));
  const sourceFiles = countByLanguage(present);
  return {
    sourceFiles,
    filesScanned: countByLanguage(scanned.values()),
    totalScanned: scanned.size,
    uncovered: Object.keys(sourceFiles).filter((language) => !covered.has(language)),
    tools: [...new Set(scanners.map((s) => s.tool))].sort(),
  };
}

/**
 * The gaps that make a scan unproven (item 3 of the evidence rules): nothing scanned at all, or a
 * language present under `sast.include` that no scanner covers. Empty when the scan looked.
 */
export function scanCoverageGaps(summary: ScanCoverageSummary): string[] {
  const gaps: string[] = [];
  if (summary.totalScanned === 0) gaps.push('0 files scanned (the scanners read no source file under sast.include)');
  for (const language of summary.uncovered) {
    gaps.push(`${summary.sourceFiles[language] ?? 0} ${language} file(s) under sast.include but no scanner covers ${language} (add one under sast.sarif or sast.commands)`);
  }
  return gaps;
}

/** Sandbox warns, compliance fails, on any gap; otherwise the scan coverage passes. */
export function decideScanCoverage(mode: Mode, summary: ScanCoverageSummary): { readonly outcome: 'pass' | 'warn' | 'fail'; readonly gaps: readonly string[] } {
  const gaps = scanCoverageGaps(summary);
  if (gaps.length === 0) return { outcome: 'pass', gaps };
  return { outcome: mode === 'compliance' ? 'fail' : 'warn', gaps };
}

/** One-line human description: `12 files scanned (python 3, typescript 9)` or `0 files scanned`. */
export function describeScanCoverage(summary: ScanCoverageSummary): string {
  const parts = Object.entries(summary.filesScanned).map(([language, n]) => `${language} ${n}`);
  const files = `${summary.totalScanned} file${summary.totalScanned === 1 ? '' : 's'} scanned`;
  return parts.length === 0 ? files : `${files} (${parts.join(', ')})`;
}

/** Minimal view of a SARIF run for coverage purposes (kept structural to avoid an import cycle). */
interface RunWithArtifacts {
  readonly tool: { readonly driver: { readonly name: string } };
  readonly artifacts?: unknown;
}

/**
 * SARIF `run.artifacts` entries for the files a scanner read: the standard place code-scanning
 * tools look for "what was analysed", with `sourceLanguage` per file.
 */
export function coverageArtifacts(coverage: ScannerCoverage): { location: { uri: string; uriBaseId: string }; sourceLanguage: string; roles: string[] }[] {
  return coverage.files.map((f) => ({ location: { uri: encodeURI(f.path), uriBaseId: '%SRCROOT%' }, sourceLanguage: f.language, roles: ['analysisTarget'] }));
}

/**
 * What an external tool's SARIF run proves it scanned: its `artifacts` (language from
 * `sourceLanguage`, else the extension). A run listing no artifacts proves nothing, so it covers
 * no language — an external scanner is credited only with the files it names.
 */
export function coverageFromSarifRun(run: RunWithArtifacts): ScannerCoverage {
  const files = new Map<string, SourceFile>();
  const list = Array.isArray(run.artifacts) ? (run.artifacts as unknown[]) : [];
  for (const a of list) {
    const entry = a as { location?: { uri?: unknown }; sourceLanguage?: unknown } | null;
    const uri = entry?.location?.uri;
    if (typeof uri !== 'string') continue;
    let decoded: string;
    try {
      decoded = decodeURI(uri).replace(/^file:\/\//, '');
    } catch {
      continue;
    }
    const declared = typeof entry?.sourceLanguage === 'string' ? entry.sourceLanguage.toLowerCase() : undefined;
    const language = declared !== undefined && declared in SOURCE_LANGUAGES ? declared : languageOf(decoded);
    if (language !== undefined) files.set(decoded, { path: decoded, language });
  }
  const sorted = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { tool: run.tool.driver.name, languages: [...new Set(sorted.map((f) => f.language))].sort(), files: sorted };
}
