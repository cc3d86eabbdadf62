import { describe, expect, it } from 'vitest';
import { decideSpecBranch, specCommitMessage, variantName, variantNumber, type ExistingBranch } from './decide.js';
import { redactCredentials } from './redact.js';

const SHA = '005cc0262265';
const BASE = `auto/spec-implementation/${SHA}`;
const copy = (commit: string, tree: string) => ({ commit, tree });

function decide(mode: 'sandbox' | 'compliance', existing: ExistingBranch[], candidateTree = 'T') {
  return decideSpecBranch({ featureSha: SHA, mode, candidateTree, existing });
}

describe('decideSpecBranch', () => {
  it('creates the base branch when nothing exists', () => {
    expect(decide('compliance', [])).toEqual({ action: 'create', branch: BASE });
  });

  it('reuses identical content locally, and from the remote with a new local ref', () => {
    expect(decide('compliance', [{ name: BASE, local: copy('c1', 'T') }])).toEqual({ action: 'reuse', branch: BASE, commit: 'c1', createLocalRef: false });
    expect(decide('sandbox', [{ name: BASE, remote: copy('c2', 'T') }])).toEqual({ action: 'reuse', branch: BASE, commit: 'c2', createLocalRef: true });
  });

  it('treats a difference on either side as a conflict', () => {
    const split = [{ name: BASE, local: copy('c1', 'T'), remote: copy('c2', 'OTHER') }];
    expect(decide('compliance', split)).toEqual({ action: 'block', branch: BASE, existingCommit: 'c2', where: 'remote' });
    expect(decide('sandbox', split)).toEqual({ action: 'create', branch: `${BASE}-v2`, variantOf: BASE });
  });

  it('takes the first free -vN in sandbox and reuses a variant holding the same content', () => {
    const existing = [
      { name: BASE, local: copy('c1', 'A') },
      { name: `${BASE}-v2`, local: copy('c2', 'B') },
      { name: `${BASE}-v4`, remote: copy('c4', 'D') },
    ];
    expect(decide('sandbox', existing)).toEqual({ action: 'create', branch: `${BASE}-v3`, variantOf: BASE });
    expect(decide('sandbox', existing, 'D')).toEqual({ action: 'reuse', branch: `${BASE}-v4`, commit: 'c4', createLocalRef: true, variantOf: BASE });
  });

  it('never forks in compliance, even when a matching variant exists', () => {
    const existing = [{ name: BASE, local: copy('c1', 'A') }, { name: `${BASE}-v2`, local: copy('c2', 'T') }];
    expect(decide('compliance', existing)).toMatchObject({ action: 'block', existingCommit: 'c1', where: 'local' });
  });

  it('ignores names that are not this feature SHA’s branches', () => {
    const existing = [{ name: `${BASE}-v1`, local: copy('x', 'A') }, { name: `${BASE}-vx`, local: copy('y', 'A') }, { name: `${BASE}0`, local: copy('z', 'A') }];
    expect(decide('compliance', existing)).toEqual({ action: 'create', branch: BASE });
  });

  it('rejects a malformed feature SHA', () => {
    expect(() => decideSpecBranch({ featureSha: 'ABC', mode: 'sandbox', candidateTree: 'T', existing: [] })).toThrow(/not a feature SHA/);
  });
});

describe('variant names', () => {
  it('round-trips', () => {
    expect(variantName(SHA, 1)).toBe(BASE);
    expect(variantName(SHA, 3)).toBe(`${BASE}-v3`);
    for (const n of [1, 2, 17]) expect(variantNumber(SHA, variantName(SHA, n))).toBe(n);
    expect(variantNumber(SHA, `${BASE}-v02`)).toBeUndefined();
    expect(variantNumber('111111111111', BASE)).toBeUndefined();
  });
});

describe('specCommitMessage', () => {
  it('is deterministic and always carries the trailers', () => {
    const input = { featureSha: SHA, mode: 'compliance' as const, baseCommit: 'b'.repeat(40) };
    expect(specCommitMessage(input)).toBe(
      `specgate: implementation of spec set ${SHA}\n\nSpecgate-Feature-SHA: ${SHA}\nSpecgate-Base-Commit: ${'b'.repeat(40)}\nSpecgate-Mode: compliance\n`,
    );
    expect(specCommitMessage({ ...input, message: 'generate: payments\r\n\r\nbody\r\n' })).toMatch(/^generate: payments\n\nbody\n\nSpecgate-Feature-SHA/);
  });
});

describe('redactCredentials', () => {
  it('removes user info and token query parameters from URLs anywhere in a message', () => {
    const text = "fatal: unable to access 'https://bot:ghp_abc123@github.example/x.git/' and https://oauth2:tok@h/y?access_token=zzz&x=1";
    const redacted = redactCredentials(text);
    expect(redacted).not.toMatch(/ghp_abc123|oauth2:tok|zzz/);
    expect(redacted).toContain('https://***@github.example/x.git/');
    expect(redacted).toContain('access_token=***&x=1');
    expect(redactCredentials('git@github.com:org/repo.git')).toBe('git@github.com:org/repo.git');
  });
});
