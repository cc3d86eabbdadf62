// The built-in SAST scan: ESLint run in-process with eslint-plugin-security and the
// typescript-eslint parser (no type information needed, so it scans any JS/TS tree quickly).
// Rule levels are specgate's: high-confidence injection patterns are errors, heuristics that are
// often false positives are warnings or notes, so the compliance gate fails only on real risks.
import * as path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import type { SarifLevel } from '../../core/security/sarif.js';
import type { EslintScan } from '../../core/security/ports.js';

interface SecurityPlugin {
  readonly meta: { readonly name: string; readonly version: string };
  readonly rules: Record<string, { readonly meta?: { readonly docs?: { readonly description?: string; readonly url?: string } } }>;
}

/** specgate's level per rule of eslint-plugin-security; a rule not listed here is not run. */
export const SECURITY_RULE_LEVELS: Readonly<Record<string, SarifLevel>> = {
  'detect-eval-with-expression': 'error',
  'detect-pseudoRandomBytes': 'error',
  'detect-buffer-noassert': 'error',
  'detect-new-buffer': 'error',
  'detect-disable-mustache-escape': 'error',
  'detect-no-csrf-before-method-override': 'error',
  'detect-bidi-characters': 'error',
  'detect-invisible-characters': 'warning',
  'detect-child-process': 'warning',
  'detect-non-literal-require': 'warning',
  'detect-unsafe-regex': 'warning',
  'detect-non-literal-regexp': 'warning',
  'detect-non-literal-fs-filename': 'warning',
  'detect-possible-timing-attacks': 'warning',
  'detect-object-injection': 'note',
};

export const SCANNED_EXTENSIONS = ['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx'];

export type { EslintScan };

/** Scans `include` (folders relative to `root`); returns results with paths relative to root. */
export async function runEslintSecurityScan(root: string, include: readonly string[]): Promise<EslintScan> {
  const plugin: SecurityPlugin = (await import('eslint-plugin-security')).default;
  const ruleIds = Object.keys(SECURITY_RULE_LEVELS).filter((id) => plugin.rules[id] !== undefined);
  const rules: Linter.RulesRecord = Object.fromEntries(
    ruleIds.map((id) => [`security/${id}`, SECURITY_RULE_LEVELS[id] === 'error' ? 'error' : 'warn']),
  );
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    errorOnUnmatchedPattern: false,
    overrideConfig: [
      {
        files: SCANNED_EXTENSIONS.map((ext) => `**/*.${ext}`),
        languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
        plugins: { security: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
        linterOptions: { reportUnusedDisableDirectives: 'off' },
        rules,
      },
    ],
  });
  const patterns = include.map((p) => p.split(path.sep).join('/'));
  const results = patterns.length === 0 ? [] : await eslint.lintFiles(patterns);
  const files = results
    .map((r) => {
      // ESLint includes the source only for files with problems: exactly the ones fingerprinted.
      const lines = r.source?.split(/\r?\n/);
      return {
      path: path.relative(root, r.filePath).split(path.sep).join('/'),
      messages: r.messages.map((m) => ({
        ruleId: m.ruleId === null ? null : m.ruleId.replace(/^security\//, ''),
        message: m.message,
        line: m.line,
        column: m.column,
        ...(m.endLine === undefined ? {} : { endLine: m.endLine }),
        ...(m.endColumn === undefined ? {} : { endColumn: m.endColumn }),
        ...(m.fatal === true ? { fatal: true } : {}),
        ...(lines?.[m.line - 1] === undefined ? {} : { lineText: lines[m.line - 1] }),
      })),
      };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
  return {
    files,
    rules: ruleIds.map((id) => ({
      id,
      description: plugin.rules[id]?.meta?.docs?.description ?? id,
      ...(plugin.rules[id]?.meta?.docs?.url === undefined ? {} : { helpUri: plugin.rules[id]?.meta?.docs?.url }),
      level: SECURITY_RULE_LEVELS[id] ?? 'warning',
    })),
    tool: { name: 'ESLint', version: ESLint.version, plugin: { name: plugin.meta.name, version: plugin.meta.version } },
  };
}
