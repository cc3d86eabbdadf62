// Defensive accessors over evidence JSON. Evidence files are produced by other stages and may have
// been edited by anyone with disk access: they are attacker-controlled, so never trust a shape.

type Json = unknown;

function at(value: Json, dotted: string): Json {
  let current: Json = value;
  for (const key of dotted.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, Json>)[key];
  }
  return current;
}

/** The first path that holds a value of the wanted kind. Aliases let us read minor format variants. */
function first<T>(value: Json, paths: readonly string[], accept: (v: Json) => v is T): T | undefined {
  for (const p of paths) {
    const v = at(value, p);
    if (accept(v)) return v;
  }
  return undefined;
}

const isString = (v: Json): v is string => typeof v === 'string';
const isNumber = (v: Json): v is number => typeof v === 'number' && Number.isFinite(v);
const isBoolean = (v: Json): v is boolean => typeof v === 'boolean';
const isArray = (v: Json): v is Json[] => Array.isArray(v);
const isObject = (v: Json): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

export const str = (v: Json, ...paths: string[]): string | undefined => first(v, paths, isString);
export const num = (v: Json, ...paths: string[]): number | undefined => first(v, paths, isNumber);
export const bool = (v: Json, ...paths: string[]): boolean | undefined => first(v, paths, isBoolean);
export const arr = (v: Json, ...paths: string[]): Json[] => first(v, paths, isArray) ?? [];
export const obj = (v: Json, ...paths: string[]): Record<string, Json> | undefined => first(v, paths, isObject);
export { isObject };

/** Milliseconds between two ISO timestamps, or null when either is missing or unparseable. */
export function spanMs(start: string | undefined, end: string | undefined): number | null {
  if (start === undefined || end === undefined) return null;
  const a = Date.parse(start);
  const b = Date.parse(end);
  return Number.isFinite(a) && Number.isFinite(b) && b >= a ? b - a : null;
}
