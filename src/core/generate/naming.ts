// Names and paths derived from spec text. Slugs are ASCII `[a-z0-9-]` only, so a feature called
// `../../etc/passwd` or `/abs/path` can never name a path outside the output folder; identifiers
// are valid TypeScript whatever the spec says.

const RESERVED = new Set(['constructor', 'prototype', 'toString', '__proto__', 'hasOwnProperty']);

/** `Payment validation (EUR)` → `payment-validation-eur`; empty results fall back to `fallback`. */
export function slugify(text: string, fallback: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug === '' ? fallback : slug;
}

function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '');
}

/** `payment-validation` → `PaymentValidation`; never starts with a digit. */
export function pascalCase(text: string): string {
  const name = words(text)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  if (name === '') return 'Feature';
  return /^[0-9]/.test(name) ? `F${name}` : name;
}

/** `GET /v1/payments/:id` → `getV1PaymentsById`. */
export function camelCase(text: string): string {
  const pascal = pascalCase(text);
  const camel = pascal.charAt(0).toLowerCase() + pascal.slice(1);
  return RESERVED.has(camel) ? `${camel}Route` : camel;
}

/** Makes every name in `names` unique by suffixing `2`, `3`, … in order of appearance. */
export function uniqueNames(names: readonly string[], separator = ''): string[] {
  const seen = new Map<string, number>();
  const taken = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    let n = seen.get(name) ?? 1;
    while (taken.has(candidate)) {
      n += 1;
      candidate = `${name}${separator}${n}`;
    }
    seen.set(name, n);
    taken.add(candidate);
    return candidate;
  });
}

/**
 * Checks that a planned relative path stays inside its root: POSIX, relative, no `..`, no empty or
 * dot segments, no NUL. Returns the reason it is unsafe, or undefined.
 */
export function unsafePathReason(relPath: string): string | undefined {
  if (relPath === '') return 'empty path';
  if (relPath.includes('\0')) return 'NUL byte in path';
  if (relPath.includes('\\')) return 'backslash in path';
  if (relPath.startsWith('/') || /^[A-Za-z]:/.test(relPath)) return 'absolute path';
  for (const segment of relPath.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') return `segment '${segment}' in path`;
  }
  return undefined;
}

/** Python keywords and the generated package's own module names, which a feature module must not shadow. */
const PYTHON_RESERVED = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield', 'match', 'case', 'type', 'http', 'router',
]);

/** `order-pricing` → `order_pricing`; `2fa` → `f_2fa`; `import` → `import_feature`. Always a valid Python identifier. */
export function pythonIdentifier(slug: string): string {
  const name = slug.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'feature';
  const safe = /^[0-9]/.test(name) ? `f_${name}` : name;
  return PYTHON_RESERVED.has(safe) ? `${safe}_feature` : safe;
}

/** `GET /v1/payments/:id` → `get_v1_payments_by_id`. */
export function snakeCase(text: string): string {
  const name = words(text.replace(/([a-z0-9])([A-Z])/g, '$1 $2'))
    .map((w) => w.toLowerCase())
    .join('_');
  return pythonIdentifier(name);
}

/** Joins POSIX path parts, skipping empty ones (`joinPath('', 'steps')` → `steps`). */
export const joinPath = (...parts: string[]): string => parts.filter((p) => p !== '').join('/');
