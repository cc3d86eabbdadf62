// The `@resource:cpu=<cores>,memory=<MB>,storage=<MB>,story_points=<int>` tag of docs/contracts.md §1.
// Tag text is user-controlled; parse it defensively and report every problem, never throw.
import type { RawFinding } from './findings.js';

export const RESOURCE_KEYS = ['cpu', 'memory', 'storage', 'story_points'] as const;
export type ResourceKey = (typeof RESOURCE_KEYS)[number];

/** A declared budget. cpu is kept exactly as thousandths of a core so sums never drift. */
export interface ResourceBudget {
  readonly cpuMillis: number;
  readonly memory: number;
  readonly storage: number;
  readonly story_points: number;
}

interface KeyRule {
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  /** Decimal places allowed as written; 0 means an integer. */
  readonly decimals: number;
  readonly range: string;
}

/** Bounds are in the key's unit scaled by 10^decimals, so comparisons are exact integers. */
const RULES: Readonly<Record<ResourceKey, KeyRule>> = {
  cpu: { unit: 'cores', min: 100, max: 16_000, decimals: 3, range: '0.1–16.0' },
  memory: { unit: 'MB', min: 128, max: 32_768, decimals: 0, range: '128–32768' },
  storage: { unit: 'MB', min: 10, max: 100_000, decimals: 0, range: '10–100000' },
  story_points: { unit: 'points', min: 1, max: 20, decimals: 0, range: '1–20' },
};

const EXAMPLE_TAG = '@resource:cpu=0.5,memory=512,storage=100,story_points=3';
const NUMBER = /^(-?)(\d+)(?:\.(\d+))?$/;

/** True for `@resource` and `@resource<non-word>…`; `@resources:x` is someone else's tag. */
export function isResourceTag(name: string): boolean {
  return name.startsWith('@resource') && !/^[\w-]/.test(name.slice('@resource'.length));
}

export interface TagLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly scenario?: string;
}

export interface ParsedResourceTag {
  /** Present only when the tag is entirely valid. */
  readonly budget?: ResourceBudget;
  readonly findings: RawFinding[];
}

function isKey(key: string): key is ResourceKey {
  return (RESOURCE_KEYS as readonly string[]).includes(key);
}

/** Checks one value; returns its scaled integer or a finding. */
function checkValue(key: ResourceKey, raw: string, at: TagLocation): number | RawFinding {
  const rule = RULES[key];
  const match = NUMBER.exec(raw);
  // Built only on the failure paths: the valid case is the hot one on large spec sets.
  const base = (): TagLocation & { key: ResourceKey } => ({ ...at, key });
  if (match === null) {
    const form = rule.decimals === 0 ? `a whole number of ${rule.unit}` : `a decimal number of ${rule.unit} like 0.5`;
    return { ...base(), code: 'RESOURCE_MALFORMED', message: `${key}=${raw} is not a number; write ${form} (${rule.range})` };
  }
  const [, sign = '', whole = '', fraction] = match;
  if (fraction !== undefined && rule.decimals === 0) {
    return { ...base(), code: 'RESOURCE_NOT_INTEGER', message: `${key}=${raw} must be a whole number of ${rule.unit} (${rule.range})` };
  }
  if (fraction !== undefined && fraction.length > rule.decimals) {
    return {
      ...base(),
      code: 'RESOURCE_PRECISION',
      message: `${key}=${raw} has ${fraction.length} decimal places; at most ${rule.decimals} are allowed (e.g. ${whole}.${fraction.slice(0, rule.decimals)})`,
    };
  }
  const scaled = (sign === '-' ? -1 : 1) * (Number(whole) * 10 ** rule.decimals + Number((fraction ?? '').padEnd(rule.decimals, '0') || '0'));
  if (!(scaled >= rule.min && scaled <= rule.max)) {
    return { ...base(), code: 'RESOURCE_OUT_OF_RANGE', message: `${key}=${raw} is out of range: allowed ${rule.range} ${rule.unit}` };
  }
  return scaled;
}

/** Parses one resource tag (its full name, e.g. `@resource:cpu=1,…`), collecting every problem. */
export function parseResourceTag(name: string, at: TagLocation): ParsedResourceTag {
  const malformed = (why: string): ParsedResourceTag => ({
    findings: [{ ...at, code: 'RESOURCE_MALFORMED', message: `${name} ${why}; write it as ${EXAMPLE_TAG}` }],
  });
  const rest = name.slice('@resource'.length);
  if (!rest.startsWith(':') || rest.length === 1) return malformed('has no key=value list after "@resource:"');
  const findings: RawFinding[] = [];
  const values = new Map<ResourceKey, number>();
  const seen = new Set<string>();
  for (const pair of rest.slice(1).split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) {
      // `cpu` or `cpu=` names its key: report the form once, not also a missing key.
      const named = eq < 0 ? pair : pair.slice(0, eq);
      if (isKey(named)) seen.add(named);
      findings.push({ ...at, code: 'RESOURCE_MALFORMED', message: `"${pair}" in ${name} is not key=value; write it as ${EXAMPLE_TAG}` });
      continue;
    }
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    if (!isKey(key)) {
      findings.push({ ...at, key, code: 'RESOURCE_UNKNOWN_KEY', message: `${key} is not a resource key; allowed: ${RESOURCE_KEYS.join(', ')}` });
      continue;
    }
    if (seen.has(key)) {
      findings.push({ ...at, key, code: 'RESOURCE_DUPLICATE_KEY', message: `${key} appears more than once in ${name}; keep one` });
      continue;
    }
    seen.add(key);
    const checked = checkValue(key, raw, at);
    if (typeof checked === 'number') values.set(key, checked);
    else findings.push(checked);
  }
  for (const key of RESOURCE_KEYS) {
    if (!seen.has(key)) {
      findings.push({ ...at, key, code: 'RESOURCE_MISSING_KEY', message: `${key} is missing; all of ${RESOURCE_KEYS.join(', ')} are required` });
    }
  }
  if (findings.length > 0) return { findings };
  const get = (key: ResourceKey): number => values.get(key) ?? 0;
  return {
    budget: { cpuMillis: get('cpu'), memory: get('memory'), storage: get('storage'), story_points: get('story_points') },
    findings,
  };
}

/** `1250` thousandths → `1.25` cores. */
export function coresFromMillis(millis: number): number {
  return millis / 1000;
}
