// What GitHub code scanning needs beyond SARIF 2.1.0 (sarif-multitool's GH rules): every rule
// with a short and full description and help (text + markdown), every result with a stable
// partial fingerprint so an alert survives unrelated edits that move its line.
import { sha256Hex } from '../data.js';

/** The partialFingerprints key specgate writes; see docs/security.md ("SARIF fingerprints"). */
export const FINGERPRINT_KEY = 'specgateLineHash/v1';

export interface RuleText {
  readonly id: string;
  readonly short: string;
  readonly full: string;
  readonly helpUri?: string;
}

/** A reportingDescriptor's documentation fields, GitHub-complete (help text and markdown). */
export function ruleDocumentation(rule: RuleText): Record<string, unknown> {
  const link = rule.helpUri === undefined ? '' : ` See ${rule.helpUri}.`;
  const linkMd = rule.helpUri === undefined ? '' : `\n\nSee [${rule.id}](${rule.helpUri}).`;
  return {
    shortDescription: { text: rule.short },
    fullDescription: { text: rule.full },
    help: { text: `${rule.full}${link}`, markdown: `**${rule.id}**: ${rule.full}${linkMd}` },
    ...(rule.helpUri === undefined ? {} : { helpUri: rule.helpUri }),
  };
}

export interface FingerprintInput {
  readonly ruleId: string;
  readonly path: string;
  readonly line: number;
  /** The source line's text when the scanner supplied it; without it the line number stands in. */
  readonly lineText?: string | undefined;
}

/**
 * `sha256(rule NUL path NUL whitespace-collapsed line text)` truncated to 32 hex digits, then
 * `:n` — the n-th result with the same hash in this run — like GitHub's primaryLocationLineHash.
 * Without the line text the line number is hashed instead (`#line`), which is stable only while
 * the line does not move. Inputs must be in the run's result order (they are sorted).
 */
export function lineFingerprints(inputs: readonly FingerprintInput[]): string[] {
  const seen = new Map<string, number>();
  return inputs.map((i) => {
    const text = i.lineText === undefined ? `#${i.line}` : i.lineText.trim().replace(/\s+/g, ' ');
    const hash = sha256Hex(`${i.ruleId}\u0000${i.path}\u0000${text}`).slice(0, 32);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  });
}
