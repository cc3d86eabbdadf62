// File names and spec text come from pull requests. Printed raw, a name holding a newline could
// forge lines in a CI log (GitHub Actions acts on `::command::` lines), a carriage return or an
// ANSI escape could repaint the terminal, and a bidi override could reorder what a reviewer reads.
// Text output shows such characters escaped (`\n`, `\u001b`); JSON output keeps the exact string,
// which JSON escapes anyway (docs/security.md).

/** C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings, overrides and isolates. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every character that could forge or hide output escaped, one line, same otherwise. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
