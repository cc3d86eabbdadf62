// What an attacker without the signing key does to a ledger: recompute every chain value with the
// published formula (docs/contracts.md), so the chain alone looks intact.
import { createHash } from 'node:crypto';

export function rechain(lines: readonly string[]): string[] {
  let prev = '0'.repeat(64);
  return lines.map((line) => {
    const text = line.slice(0, line.lastIndexOf(' | '));
    prev = createHash('sha256').update(`${prev}\n${text}`).digest('hex');
    return `${text} | ${prev}`;
  });
}
