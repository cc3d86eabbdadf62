// Reading a layout through the BlobStore port: blobs are checked against their digest, documents
// are bounded JSON objects; anything else is a typed ImageError naming the layout.
import { describe, expect, it } from 'vitest';
import { readBlob, readJson } from './blob-read.js';
import { sha256Digest } from './oci.js';
import type { BlobStore } from './ports.js';

function store(files: Record<string, string>): BlobStore {
  return { where: 'oci:images/base', file: (rel) => Promise.resolve(files[rel] === undefined ? undefined : Buffer.from(files[rel])) };
}

describe('readBlob', () => {
  const content = '{"schemaVersion":2}';
  const digest = sha256Digest(Buffer.from(content));

  it('returns a blob whose bytes match its digest', async () => {
    const bytes = await readBlob(store({ [`blobs/sha256/${digest.slice(7)}`]: content }), digest);
    expect(bytes.toString('utf8')).toBe(content);
  });

  it('refuses an altered blob, a missing one and a digest that is not sha256', async () => {
    await expect(readBlob(store({ [`blobs/sha256/${digest.slice(7)}`]: `${content} ` }), digest)).rejects.toMatchObject({ code: 'BASE_CORRUPT', message: expect.stringContaining('does not match its digest') });
    await expect(readBlob(store({}), digest)).rejects.toMatchObject({ code: 'BASE_CORRUPT', message: expect.stringContaining('is missing') });
    await expect(readBlob(store({}), 'md5:abc')).rejects.toMatchObject({ code: 'BASE_CORRUPT', message: expect.stringContaining('unsupported digest') });
  });
});

describe('readJson', () => {
  it('parses a JSON object and refuses anything else, naming the layout', () => {
    const layout = store({});
    expect(readJson(layout, 'index.json', Buffer.from('{"manifests":[]}'))).toEqual({ manifests: [] });
    expect(() => readJson(layout, 'index.json', Buffer.from('[1]'))).toThrow('oci:images/base: index.json is not a JSON object');
    expect(() => readJson(layout, 'index.json', undefined)).toThrow('index.json is missing');
  });
});
