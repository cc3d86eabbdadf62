// The redaction layer: every stream specgate captures (command and service output, events) passes
// through a Redactor before a byte is written. It removes the values of secret-looking
// environment variables and well-known token shapes, and is streaming-safe: it holds back an
// unfinished line, so a secret split across two chunks is still caught. Pure: no env, no I/O.

/** Always secrets, whatever the configured pattern says. */
export const ALWAYS_SECRET_NAMES = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'GITHUB_TOKEN', 'SPECGATE_DASHBOARD_TOKEN', 'SPECGATE_SIGNING_KEY', 'PASSWORD'];

/** Token shapes that are secrets wherever they appear (issuer prefixes are public conventions). */
const TOKEN_SHAPES: readonly [string, RegExp][] = [
  ['github token', /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b/g],
  ['github token', /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g],
  ['aws access key id', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g],
  ['slack token', /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g],
  ['jwt', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g],
];
const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const PEM_END = /-----END [A-Z0-9 ]*PRIVATE KEY-----/;

/** Values shorter than this are not treated as secrets: redacting `1` or `true` would shred logs. */
const MIN_SECRET_CHARS = 6;
/** A line longer than this is redacted and passed on in pieces, keeping this much back. */
const MAX_HELD_CHARS = 64 * 1024;

export interface SecretPolicy {
  readonly namePattern: string;
  readonly names: readonly string[];
}

/** The secret values in `env` under `policy`: name → value, each line of a multi-line value too. */
export function secretsIn(env: Readonly<Record<string, string | undefined>>, policy: SecretPolicy): [string, string][] {
  const pattern = new RegExp(policy.namePattern, 'i');
  const named = new Set([...ALWAYS_SECRET_NAMES, ...policy.names]);
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value.trim().length < MIN_SECRET_CHARS) continue;
    if (!named.has(name) && !pattern.test(name)) continue;
    out.push([name, value]);
    for (const line of value.split(/\r?\n/)) if (line !== value && line.trim().length >= 16 && !line.startsWith('-----')) out.push([name, line.trim()]);
  }
  // Longest first, so a value containing another is replaced whole.
  return out.sort((a, b) => b[1].length - a[1].length);
}

export class Redactor {
  private held = '';
  private inPem = false;

  constructor(private readonly secrets: readonly (readonly [string, string])[]) {}

  /** Redacts one line (no newline inside), tracking private-key blocks across lines. */
  private line(text: string): string {
    if (this.inPem) {
      if (PEM_END.test(text)) this.inPem = false;
      return '';
    }
    if (PEM_BEGIN.test(text)) {
      this.inPem = !PEM_END.test(text);
      return text.replace(/-----BEGIN [\s\S]*/, '[REDACTED private key]');
    }
    let out = text;
    for (const [name, value] of this.secrets) if (out.includes(value)) out = out.split(value).join(`[REDACTED ${name}]`);
    for (const [label, shape] of TOKEN_SHAPES) out = out.replace(shape, `[REDACTED ${label}]`);
    return out;
  }

  /** Redacts what can be decided now; an unfinished last line waits for the next chunk. */
  push(chunk: string): string {
    const text = this.held + chunk;
    const cut = text.lastIndexOf('\n');
    if (cut === -1 && text.length <= MAX_HELD_CHARS) {
      this.held = text;
      return '';
    }
    const longest = Math.max(0, ...this.secrets.map(([, v]) => v.length)) + 256;
    const split = cut === -1 ? text.length - longest : cut + 1;
    this.held = text.slice(split);
    return this.redactComplete(text.slice(0, split));
  }

  /** Redacts and returns whatever is still held (end of stream). */
  flush(): string {
    const rest = this.held;
    this.held = '';
    return rest === '' ? '' : this.redactComplete(rest);
  }

  private redactComplete(text: string): string {
    // Lines inside a private-key block vanish, newline included, so no key material is left.
    const parts = text.split('\n');
    const out: string[] = [];
    for (let i = 0; i < parts.length; i += 1) {
      const wasInPem = this.inPem;
      const redacted = this.line(parts[i] as string);
      if (wasInPem && i < parts.length - 1) continue;
      out.push(redacted);
    }
    return out.join('\n');
  }
}

/** One-shot redaction of a whole text. */
export function redactText(text: string, secrets: readonly (readonly [string, string])[]): string {
  const r = new Redactor(secrets);
  return r.push(text) + r.flush();
}

/**
 * Every string inside a JSON-like value redacted (objects and arrays copied, other values kept):
 * for structured output such as progress events, whose fields can quote command lines and output.
 */
export function redactStrings<T>(value: T, secrets: readonly (readonly [string, string])[]): T {
  if (typeof value === 'string') return redactText(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactStrings(v, secrets)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, secrets)])) as T;
  return value;
}
