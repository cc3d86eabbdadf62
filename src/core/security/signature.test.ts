import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSafeRelativePath } from './manifest.js';
import { preAuthEncoding } from './dsse.js';
import { decodeSignature, encodeSignature, fingerprint, parsePublicKey, verifySignature } from './signature.js';
import { decideSigningGate } from './signing-gate.js';

function keyPair(curve = 'P-256'): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('ec', {
    namedCurve: curve,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

describe('signatures', () => {
  it('fingerprint is sha256 of the DER SPKI, as openssl computes it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'specgate-fp-'));
    const { publicKey } = keyPair();
    writeFileSync(path.join(dir, 'k.pub'), publicKey);
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', path.join(dir, 'k.pub'), '-outform', 'DER']);
    const expected = execFileSync('sha256sum', { input: der }).toString().split(' ')[0];
    expect(fingerprint(publicKey)).toBe(expected);
  });

  it('verifies a signature openssl made, and rejects it over other bytes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'specgate-ossl-'));
    const { privateKey, publicKey } = keyPair();
    writeFileSync(path.join(dir, 'k.pem'), privateKey);
    writeFileSync(path.join(dir, 'f'), 'evidence bytes\n');
    execFileSync('openssl', ['dgst', '-sha256', '-sign', path.join(dir, 'k.pem'), '-out', path.join(dir, 'f.der'), path.join(dir, 'f')]);
    const sigText = readFileSync(path.join(dir, 'f.der')).toString('base64');
    const der = decodeSignature(sigText, 'f.sig');
    expect(verifySignature(publicKey, Buffer.from('evidence bytes\n'), der)).toBe(true);
    expect(verifySignature(publicKey, Buffer.from('evidence bytes!\n'), der)).toBe(false);
  });

  it('round-trips the .sig text and rejects text that is not base64', () => {
    const { privateKey, publicKey } = keyPair();
    const sig = sign('sha256', Buffer.from('x'), { key: privateKey, dsaEncoding: 'der' });
    const text = encodeSignature(sig);
    expect(text).not.toMatch(/\s/);
    expect(verifySignature(publicKey, Buffer.from('x'), decodeSignature(`${text}\n`, 'x.sig'))).toBe(true);
    expect(() => decodeSignature('not base64!', 'x.sig')).toThrow(expect.objectContaining({ code: 'SIGNATURE_MALFORMED', path: 'x.sig' }));
    expect(verifySignature(publicKey, Buffer.from('x'), Buffer.from('garbage'))).toBe(false);
  });

  it('accepts only ECDSA P-256 public keys', () => {
    expect(() => parsePublicKey(keyPair('P-384').publicKey, 'k.pub')).toThrow(expect.objectContaining({ code: 'KEY_UNSUPPORTED' }));
    expect(() => parsePublicKey('hello', 'k.pub')).toThrow(expect.objectContaining({ code: 'KEY_INVALID', path: 'k.pub' }));
  });
});

describe('decideSigningGate', () => {
  it('signs whenever there is a key', () => {
    expect(decideSigningGate('sandbox', true)).toMatchObject({ outcome: 'pass', sign: true });
    expect(decideSigningGate('compliance', true)).toMatchObject({ outcome: 'pass', sign: true });
  });
  it('warns in sandbox and fails in compliance without a key', () => {
    expect(decideSigningGate('sandbox', false)).toMatchObject({ outcome: 'warn', sign: false });
    expect(decideSigningGate('compliance', false)).toMatchObject({ outcome: 'fail', sign: false });
    expect(decideSigningGate('compliance', false).reason).toMatch(/SPECGATE_SIGNING_KEY/);
  });
});

describe('attacker-controlled paths and DSSE encoding', () => {
  it('property: a path accepted as safe never leaves the run directory', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b.json', '..', '.', '', 'logs', '/', '\\', 'x\u0000'), { maxLength: 6 }), (parts) => {
        const p = parts.join('/');
        if (!isSafeRelativePath(p)) return;
        expect(path.posix.normalize(p).startsWith('..')).toBe(false);
        expect(path.posix.isAbsolute(p)).toBe(false);
        expect(p.split('/')).not.toContain('..');
      }),
    );
    expect(isSafeRelativePath('logs/build.log')).toBe(true);
    for (const bad of ['../x', '/etc/passwd', 'a/../../b', 'a//b', './a', 'a\\b', '']) expect(isSafeRelativePath(bad)).toBe(false);
  });

  it('PAE follows the DSSE spec byte for byte (lengths in bytes, not characters)', () => {
    expect(preAuthEncoding('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
    expect(preAuthEncoding('t', Buffer.from('é')).toString()).toBe('DSSEv1 1 t 2 é');
  });
});
