import { describe, expect, it } from 'vitest';
import { coverageFromSarifRun, decideScanCoverage, describeScanCoverage, languageOf, summarizeScanCoverage } from './scan-coverage.js';

describe('scan coverage', () => {
  it('maps extensions to SARIF source languages, ignoring declarations and non-source files', () => {
    expect(['a/b.ts', 'x.PY', 'main.go', 'types.d.ts', 'README.md', '.eslintrc', 'Makefile'].map(languageOf)).toEqual([
      'typescript',
      'python',
      'go',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('counts distinct scanned files per language and names languages no scanner covers', () => {
    const present = [
      { path: 'src/a.ts', language: 'typescript' },
      { path: 'src/b.py', language: 'python' },
      { path: 'src/c.go', language: 'go' },
    ];
    const summary = summarizeScanCoverage(present, [
      { tool: 'ESLint', languages: ['javascript', 'typescript'], files: [{ path: 'src/a.ts', language: 'typescript' }] },
      { tool: 'Semgrep', languages: ['python', 'typescript'], files: [{ path: 'src/a.ts', language: 'typescript' }, { path: 'src/b.py', language: 'python' }] },
    ]);
    expect(summary).toEqual({ sourceFiles: { go: 1, python: 1, typescript: 1 }, filesScanned: { python: 1, typescript: 1 }, totalScanned: 2, uncovered: ['go'], tools: ['ESLint', 'Semgrep'] });
    expect(decideScanCoverage('compliance', summary)).toMatchObject({ outcome: 'fail' });
    expect(decideScanCoverage('sandbox', summary).outcome).toBe('warn');
    expect(describeScanCoverage(summary)).toBe('2 files scanned (python 1, typescript 1)');
  });

  it('zero files scanned is a gap even when no source file is present', () => {
    const summary = summarizeScanCoverage([], [{ tool: 'ESLint', languages: ['typescript'], files: [] }]);
    expect(decideScanCoverage('compliance', summary).gaps).toEqual(['0 files scanned (the scanners read no source file under sast.include)']);
    expect(describeScanCoverage(summary)).toBe('0 files scanned');
  });

  it('reads an external run’s artifacts, taking sourceLanguage first and the extension otherwise', () => {
    const coverage = coverageFromSarifRun({
      tool: { driver: { name: 'CodeQL' } },
      artifacts: [{ location: { uri: 'src/x%20y.js' } }, { location: { uri: 'lib/q.txt' }, sourceLanguage: 'Python' }, { location: {} }, 'junk'],
    });
    expect(coverage).toEqual({ tool: 'CodeQL', languages: ['javascript', 'python'], files: [{ path: 'lib/q.txt', language: 'python' }, { path: 'src/x y.js', language: 'javascript' }] });
  });
});
