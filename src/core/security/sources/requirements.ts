// pip requirements files (`requirements*.txt`): exact pins (`name==1.2.3`, `===`) with their
// `--hash` options become packages; anything pip would resolve at install time (ranges, URLs,
// editable installs) is not a pinned component and is reported instead of guessed.
import { pipHash, sortHashes, type SbomSourceReader, type SourceHash, type SourceInput, type SourcePackage, type SourceReading } from './model.js';
import { pypiName, pypiPurl } from './purl.js';

interface LogicalLine {
  readonly line: number;
  readonly text: string;
}

/** Joins `\` continuations and drops comments, keeping the line each requirement starts on. */
export function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let current: { line: number; parts: string[] } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    // pip: `#` at the start or after whitespace starts a comment.
    const stripped = raw.replace(/(^|\s)#.*$/, '');
    const continued = /\\\s*$/.test(stripped);
    const part = stripped.replace(/\\\s*$/, '').trim();
    current ??= { line: index + 1, parts: [] };
    if (part !== '') current.parts.push(part);
    if (continued) return;
    if (current.parts.length > 0) out.push({ line: current.line, text: current.parts.join(' ') });
    current = undefined;
  });
  if (current !== undefined && current.parts.length > 0) out.push({ line: current.line, text: current.parts.join(' ') });
  return out;
}

/** Options that only steer pip (indexes, binaries, constraints): nothing to list. */
const IGNORED_OPTIONS = /^(-i|--index-url|--extra-index-url|--no-index|-f|--find-links|--trusted-host|--pre|--no-binary|--only-binary|--prefer-binary|--require-hashes|-c|--constraint|--use-feature)\b/;
const INCLUDE = /^(-r|--requirement)[=\s]\s*(\S+)$/;
const PIN = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(===?)\s*([^\s;,]+)\s*(;.*)?$/;

/** Development-only requirement files by the usual names: requirements-dev.txt, requirements/test.txt. */
export function isDevRequirementsFile(file: string): boolean {
  const base = file.split('/').pop() ?? file;
  return /(^|[-_.])(dev|develop|development|test|tests|testing|lint|docs)([-_.]|$)/i.test(base.replace(/\.txt$/i, ''));
}

function parseRequirement(file: string, entry: LogicalLine, dev: boolean): SourcePackage | string {
  const hashes: SourceHash[] = [];
  for (const m of entry.text.matchAll(/--hash[=\s]\s*(\S+)/g)) {
    const hash = pipHash(m[1] ?? '');
    if (hash === undefined) return `${file}:${entry.line}: --hash ${m[1] ?? ''} is not algorithm:hex; entry left out`;
    hashes.push(hash);
  }
  const requirement = entry.text.replace(/\s--hash[=\s]\s*\S+/g, '').trim();
  const pin = PIN.exec(requirement);
  const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(requirement)?.[0] ?? requirement;
  if (pin?.[1] === undefined || pin[3] === undefined || pin[3].includes('*')) {
    return `${file}:${entry.line}: '${name}' is not pinned with == (pip picks its version at install time); left out of the SBOM — pin it (pip-compile, pip freeze)`;
  }
  return { purl: pypiPurl(pin[1], pin[3]), name: pypiName(pin[1]), version: pin[3], hashes: sortHashes(hashes), dev, optional: false, source: file };
}

export function readRequirements(input: SourceInput): SourceReading {
  const packages: SourcePackage[] = [];
  const warnings: string[] = [];
  const includes: string[] = [];
  const dev = isDevRequirementsFile(input.file);
  for (const entry of logicalLines(input.text)) {
    const include = INCLUDE.exec(entry.text);
    if (include?.[2] !== undefined) {
      includes.push(include[2]);
      continue;
    }
    if (IGNORED_OPTIONS.test(entry.text)) continue;
    if (/^(-e|--editable)\b/.test(entry.text) || entry.text.startsWith('-')) {
      warnings.push(`${input.file}:${entry.line}: '${entry.text.split(/\s+/).slice(0, 2).join(' ')}' is not a pinned package; left out of the SBOM`);
      continue;
    }
    const parsed = parseRequirement(input.file, entry, dev);
    if (typeof parsed === 'string') warnings.push(parsed);
    else packages.push(parsed);
  }
  return { packages, warnings, includes };
}

export const requirementsReader: SbomSourceReader = {
  id: 'requirements',
  ecosystem: 'pypi',
  matches: (name) => /^requirements[^/]*\.txt$/i.test(name),
  companions: [],
  read: readRequirements,
};
