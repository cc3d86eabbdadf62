// The COPY frame parser on hand-built protocol bytes, cut into socket reads at every position.
import { describe, expect, it } from 'vitest';
import { CopyFrameParser } from './pg-copy-frames.js';

function message(type: string, body: string): Buffer {
  const b = Buffer.from(body, 'latin1');
  const header = Buffer.alloc(5);
  header[0] = type.charCodeAt(0);
  header.writeUInt32BE(b.length + 4, 1);
  return Buffer.concat([header, b]);
}

const ROWS = ['first line | 00\n', 'second, a longer line | 11\n', 'x\n', 'third | 22\n'];
const AFTER_DONE = Buffer.concat([message('C', 'COPY 4\0'), message('Z', 'I')]);

/** Feeds `stream` cut at `cuts` (copies: the parser overwrites what it is given). */
function parse(stream: Buffer, cuts: readonly number[]): { rows: string; rest: Buffer | undefined } {
  const parser = new CopyFrameParser();
  const rows: string[] = [];
  let rest: Buffer | undefined;
  const bounds = [0, ...cuts, stream.length];
  for (let k = 0; k + 1 < bounds.length && rest === undefined; k += 1) {
    const r = parser.push(Buffer.from(stream.subarray(bounds[k], bounds[k + 1])));
    rows.push(r.rows.toString('latin1'));
    if (r.rest !== undefined) rest = Buffer.concat([r.rest, stream.subarray(bounds[k + 1])]);
  }
  return { rows: rows.join(''), rest };
}

describe('CopyFrameParser', () => {
  const copy = Buffer.concat([message('H', '\0\0\x01\0\0'), message('d', ROWS[0]!), message('N', 'notice\0'), ...ROWS.slice(1).map((r) => message('d', r)), message('c', ''), AFTER_DONE]);

  it('joins the rows and hands back what follows CopyDone, wherever the socket reads are cut', () => {
    for (let i = 0; i <= copy.length; i += 1) {
      for (let j = i; j <= copy.length; j += 3) {
        const { rows, rest } = parse(copy, [i, j]);
        expect({ i, j, rows }).toEqual({ i, j, rows: ROWS.join('') });
        expect(rest?.equals(AFTER_DONE)).toBe(true);
      }
    }
  });

  it('hands an ErrorResponse back whole, header included, even when its header was split', () => {
    const error = Buffer.concat([message('E', 'SERROR\0Cboom\0\0'), message('Z', 'I')]);
    const stream = Buffer.concat([message('d', ROWS[0]!), error]);
    for (let i = 0; i <= stream.length; i += 1) {
      const { rows, rest } = parse(stream, [i]);
      expect(rows).toBe(ROWS[0]);
      expect(rest?.equals(error)).toBe(true);
    }
  });

  it('refuses a message whose length is impossible', () => {
    const bad = Buffer.from([0x64, 0, 0, 0, 2]);
    expect(() => new CopyFrameParser().push(bad)).toThrow(/malformed PostgreSQL message/);
  });
});
