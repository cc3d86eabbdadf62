// A deterministic tar writer for image layers: ustar headers with fixed owner (0:0), fixed mtime
// and normalised modes, a pax record only when a name does not fit, entries in the caller's order
// (the caller sorts). Same entries in, same bytes out — the layer digest depends on nothing else.

export interface LayerEntry {
  /** Relative POSIX path inside the image filesystem, without a leading '/'. */
  readonly name: string;
  readonly kind: 'file' | 'directory' | 'symlink';
  /** Permission bits only; normalised to 0o755 / 0o644 by executability. */
  readonly mode: number;
  readonly data?: Uint8Array;
  readonly linkTarget?: string;
}

const BLOCK = 512;

function writeString(block: Buffer, offset: number, length: number, text: string): void {
  block.write(text, offset, Math.min(length, Buffer.byteLength(text)), 'utf8');
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  writeString(block, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

/** Splits a long name into ustar's prefix (≤155) and name (≤100) at a '/', or undefined. */
function splitName(name: string): { prefix: string; base: string } | undefined {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', base: name };
  for (let i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) {
    const prefix = name.slice(0, i);
    const base = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100 && base !== '') return { prefix, base };
  }
  return undefined;
}

function header(fields: { name: string; prefix: string; mode: number; size: number; mtime: number; type: string; link: string }): Buffer {
  const block = Buffer.alloc(BLOCK);
  writeString(block, 0, 100, fields.name);
  writeOctal(block, 100, 8, fields.mode);
  writeOctal(block, 108, 8, 0); // uid
  writeOctal(block, 116, 8, 0); // gid
  writeOctal(block, 124, 12, fields.size);
  writeOctal(block, 136, 12, fields.mtime);
  block.fill(0x20, 148, 156); // checksum is computed over spaces
  writeString(block, 156, 1, fields.type);
  writeString(block, 157, 100, fields.link);
  writeString(block, 257, 8, 'ustar\u000000');
  writeString(block, 345, 155, fields.prefix);
  let sum = 0;
  for (const byte of block) sum += byte;
  writeString(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

function padded(data: Uint8Array): Buffer[] {
  const rest = data.length % BLOCK;
  return rest === 0 ? [Buffer.from(data)] : [Buffer.from(data), Buffer.alloc(BLOCK - rest)];
}

const TYPE = { file: '0', directory: '5', symlink: '2' } as const;

/** Serialises entries (already sorted by the caller) into an uncompressed tar stream. */
export function writeTar(entries: readonly LayerEntry[], mtime: number): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const name = entry.kind === 'directory' ? `${entry.name.replace(/\/+$/, '')}/` : entry.name;
    const link = entry.linkTarget ?? '';
    const data = entry.kind === 'file' ? (entry.data ?? new Uint8Array()) : new Uint8Array();
    const mode = entry.kind === 'file' ? (entry.mode & 0o111 ? 0o755 : 0o644) : entry.kind === 'directory' ? 0o755 : 0o777;
    let split = splitName(name);
    const records = [...(split === undefined ? [paxRecord('path', name)] : []), ...(Buffer.byteLength(link) > 100 ? [paxRecord('linkpath', link)] : [])];
    if (records.length > 0) {
      const pax = Buffer.from(records.join(''), 'utf8');
      parts.push(header({ name: 'PaxHeader', prefix: '', mode: 0o644, size: pax.length, mtime, type: 'x', link: '' }), ...padded(pax));
      split ??= { prefix: '', base: name.slice(-100) };
    }
    parts.push(header({ name: split?.base ?? name, prefix: split?.prefix ?? '', mode, size: data.length, mtime, type: TYPE[entry.kind], link: link.slice(0, 100) }));
    if (data.length > 0) parts.push(...padded(data));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
