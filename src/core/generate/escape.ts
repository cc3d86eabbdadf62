// Spec text is attacker-controlled as far as generated code is concerned: a scenario name may hold
// quotes, backticks, `${}`, `*/`, newlines or Unicode line separators. Every value that reaches a
// generated file goes through one of these functions, so spec text never breaks or injects code.

/** A TypeScript/JavaScript string literal for any text (JSON escaping plus U+2028/U+2029). */
export function tsString(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Text safe inside a `//` line comment: no line terminators, collapsed whitespace. */
export function commentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029\u0085\f\v]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Inline Markdown text: no raw HTML, no table breaks, no accidental emphasis or code spans. */
export function mdText(text: string): string {
  return commentText(text).replace(/[\\`*_{}[\]<>()#+!|~]/g, (c) => `\\${c}`);
}

/** A Markdown code span that holds any text, whatever backticks it contains. */
export function mdCode(text: string): string {
  const flat = commentText(text);
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * A Python string literal for any text, in pure ASCII: quotes and backslashes escaped, everything
 * outside printable ASCII as `\xNN`, `\uNNNN` or `\UNNNNNNNN` (never a surrogate pair, which Python
 * would read as two characters).
 */
export function pyString(text: string): string {
  let body = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === '\\') body += `\\${char}`;
    else if (code >= 0x20 && code < 0x7f) body += char;
    else if (code <= 0xff) body += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code <= 0xffff) body += `\\u${code.toString(16).padStart(4, '0')}`;
    else body += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `"${body}"`;
}

/** Text safe inside a Python `#` comment: one line, no control characters (a NUL ends compilation). */
export function pyComment(text: string): string {
  return commentText(text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' '));
}
