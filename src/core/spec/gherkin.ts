// One call into the official Gherkin parser (`@cucumber/gherkin`), collecting every parse error as
// a GHERKIN_SYNTAX finding at the parser's own line and column. Every dialect comes from the
// parser's `# language:` handling; nothing here knows English keywords.
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import type { GherkinDocument } from '@cucumber/messages';
import type { RawFinding } from './findings.js';

export type ParsedGherkin = { readonly ok: true; readonly document: GherkinDocument } | { readonly ok: false; readonly findings: RawFinding[] };

interface LocatedError {
  readonly message?: unknown;
  readonly location?: { readonly line?: number; readonly column?: number };
  readonly errors?: readonly LocatedError[];
}

/** At most this many characters of the rejected token are quoted back. */
const QUOTED_TOKEN_CHARS = 24;

/**
 * The parser quotes the whole rejected line (`got 'root:x:0:0:…'`); findings reach stdout, CI logs
 * and signed reports, so only the first word of it, cut short, is kept: enough to find the
 * mistake, too little to leak a file a hostile spec smuggled in (docs/security.md).
 */
export function boundQuotedContent(message: string): string {
  return message.replace(/got '([\s\S]*)'$/, (_match, token: string) => {
    const word = token.trim().split(/\s+/)[0] ?? '';
    const cut = [...word].slice(0, QUOTED_TOKEN_CHARS).join('');
    const visible = cut.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
    return `got '${visible}${cut.length < token.trim().length ? '…' : ''}'`;
  });
}

/** The parser prefixes messages with `(line:col): `; the finding carries the location already. */
function cleanMessage(message: unknown): string {
  return boundQuotedContent((typeof message === 'string' ? message : 'syntax error').replace(/^\(\d+:\d+\): /, ''));
}

function toFinding(file: string, error: LocatedError): RawFinding {
  const line = error.location?.line;
  const column = error.location?.column;
  return {
    file,
    line: typeof line === 'number' && line >= 1 ? line : 1,
    column: typeof column === 'number' && column >= 1 ? column : 1,
    code: 'GHERKIN_SYNTAX',
    message: cleanMessage(error.message),
  };
}

// One parser serves every file: `parse()` resets the AST builder and the token matcher (dialect
// included) before each file, and parsing is synchronous, so nothing leaks from one file to the
// next. Building a matcher per file would rebuild the keyword tables 2,000 times on a large set.
let nextId = 0;
const parser = new Parser(new AstBuilder(() => String((nextId += 1))), new GherkinClassicTokenMatcher());
parser.stopAtFirstError = false;

export function parseGherkin(file: string, text: string): ParsedGherkin {
  try {
    return { ok: true, document: parser.parse(text) };
  } catch (error) {
    // A CompositeParserException carries every error; anything else is a single located error.
    const located = error as LocatedError;
    const errors = located.errors !== undefined && located.errors.length > 0 ? located.errors : [located];
    return { ok: false, findings: errors.map((e) => toFinding(file, e)) };
  }
}
