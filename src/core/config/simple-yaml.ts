// The plain subset of YAML that nearly every specgate.yaml is written in, read without loading the
// `yaml` package (≈ 40–50 ms of start-up on every command of a configured project): block mappings
// with plain keys, block sequences of scalars, comments, and scalars that are plain, 'single' or
// "double" quoted (no escapes). Plain scalars resolve as YAML 1.2's core schema does (null, true,
// false, decimal numbers, else a string). Anything outside that subset — flow collections,
// anchors, tags, block scalars, multi-line scalars, tabs, escapes, duplicate keys, sequences of
// mappings — returns undefined and the caller uses the full parser, so this reader never has to
// be right about the hard cases; a property test holds it equal to `yaml` on the subset.

type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** Outside the subset: the caller falls back to the full parser. */
const OUTSIDE = Symbol('outside');

interface Line {
  readonly indent: number;
  /** The line without indentation and without a trailing comment. */
  readonly text: string;
}

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
const ITEM = /^- +(.*)$/;
const DECIMAL = /^[-+]?(?:\d+|\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
/** Plain scalars that start like an indicator, or look like YAML 1.2 non-decimal numbers or specials. */
const RISKY_PLAIN = /^(?:[-?:,[\]{}#&*!|>'"%@`]|0[xo]|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$)/;

/** Strips a trailing ` # comment` outside quotes; OUTSIDE when quoting makes that uncertain. */
function stripComment(text: string): string | typeof OUTSIDE {
  const quoted = /['"]/.test(text);
  const hash = text.search(/(^|\s)#/);
  if (hash < 0) return text.trimEnd();
  if (quoted) return OUTSIDE;
  return text.slice(0, hash).trimEnd();
}

function lines(source: string): Line[] | typeof OUTSIDE {
  const out: Line[] = [];
  for (const raw of source.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.includes('\t')) return OUTSIDE;
    const body = line.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    if (body === '---' || body === '...' || body.startsWith('%')) return OUTSIDE;
    const text = stripComment(body);
    if (text === OUTSIDE) return OUTSIDE;
    out.push({ indent: line.length - body.length, text });
  }
  return out;
}

/** A scalar as the core schema resolves it, or OUTSIDE. */
function scalar(text: string): Value | typeof OUTSIDE {
  if (text.length >= 2 && text.startsWith("'") && text.endsWith("'")) {
    const inner = text.slice(1, -1);
    return inner.includes("'") ? OUTSIDE : inner;
  }
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    const inner = text.slice(1, -1);
    return /["\\]/.test(inner) ? OUTSIDE : inner;
  }
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  if (DECIMAL.test(text)) {
    const n = Number(text);
    // Integers past 2^53 and overflowing floats: let the full parser decide what they become.
    return Number.isFinite(n) && (!/^[-+]?\d+$/.test(text) || Number.isSafeInteger(n)) ? n : OUTSIDE;
  }
  if (RISKY_PLAIN.test(text) || text.includes(': ') || text.endsWith(':')) return OUTSIDE;
  return text;
}

/** Parses the block starting at `lines[at]` (indent `indent`); returns the value and the next index. */
function block(all: readonly Line[], at: number, indent: number): [Value, number] | typeof OUTSIDE {
  const first = all[at];
  if (first === undefined) return OUTSIDE;
  return ITEM.test(first.text) || first.text === '-' ? sequence(all, at, indent) : mapping(all, at, indent);
}

function sequence(all: readonly Line[], at: number, indent: number): [Value, number] | typeof OUTSIDE {
  const items: Value[] = [];
  let i = at;
  while (i < all.length && (all[i] as Line).indent === indent) {
    const m = ITEM.exec((all[i] as Line).text);
    if (m === null) break; // `key:` then `- item` lines at the key's own indent: the mapping goes on
    const value = scalar(m[1] as string);
    if (value === OUTSIDE || KEY.test(m[1] as string)) return OUTSIDE;
    items.push(value);
    i += 1;
  }
  return i < all.length && (all[i] as Line).indent > indent ? OUTSIDE : [items, i];
}

function mapping(all: readonly Line[], at: number, indent: number): [Value, number] | typeof OUTSIDE {
  const out: { [key: string]: Value } = {};
  let i = at;
  while (i < all.length && (all[i] as Line).indent === indent) {
    const m = KEY.exec((all[i] as Line).text);
    if (m === null) return OUTSIDE;
    const key = m[1] as string;
    // Keys the core schema would turn into null, booleans or numbers are left to the full parser.
    if (Object.hasOwn(out, key) || key === '__proto__' || scalar(key) !== key) return OUTSIDE;
    i += 1;
    const next = all[i];
    if (m[2] === undefined && next !== undefined && (next.indent > indent || (next.indent === indent && ITEM.test(next.text)))) {
      const nested = block(all, i, next.indent);
      if (nested === OUTSIDE) return OUTSIDE;
      [out[key], i] = nested;
      continue;
    }
    const value = scalar(m[2] ?? '');
    if (value === OUTSIDE) return OUTSIDE;
    out[key] = value;
  }
  return i < all.length && (all[i] as Line).indent > indent ? OUTSIDE : [out, i];
}

/**
 * The document when `source` is in the plain subset, else undefined (use the full YAML parser).
 * An empty document is null, as `yaml` makes it.
 */
export function parseSimpleYaml(source: string): Value | undefined {
  const all = lines(source);
  if (all === OUTSIDE) return undefined;
  if (all.length === 0) return null;
  if ((all[0] as Line).indent !== 0) return undefined;
  const parsed = block(all, 0, 0);
  if (parsed === OUTSIDE || parsed[1] !== all.length) return undefined;
  return parsed[0];
}
