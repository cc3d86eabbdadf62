// The PostgreSQL wire protocol during `COPY … TO STDOUT`, parsed by hand on the socket's own
// buffers: one CopyData message per row, each a 5-byte header (type 'd', int32 length) and the
// row's bytes. The rows' bytes are moved together to the front of the buffer they arrived in
// (one copyWithin per row, nothing allocated), so the ledger verifier then hashes them in place.
// Message boundaries are not assumed to match socket reads: a header or a row may be split anywhere.

const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'
/** Messages that may come during copy-out and carry nothing for us (protocol docs, "COPY Operations"). */
const SKIPPED = new Set([0x48 /* H CopyOutResponse */, 0x4e /* N NoticeResponse */, 0x53 /* S ParameterStatus */, 0x41 /* A Notification */]);
const HEADER = 5;

export interface CopyFrames {
  /** The rows' bytes found in the buffer pushed (a view of its front). */
  readonly rows: Buffer;
  /**
   * Set once copy-out is over: the bytes after CopyDone, or from the first message that ends the
   * copy (an ErrorResponse, say) on — for node-postgres's own parser to read.
   */
  readonly rest?: Buffer;
}

export class CopyFrameParser {
  private readonly header = Buffer.alloc(HEADER);
  /** Bytes of a header split across two buffers, kept in `header`. */
  private headerBytes = 0;
  /** Whether the last header read was put together from two buffers. */
  private headerWasSplit = false;
  private type = 0;
  /** Bytes of the current message's body not yet seen. */
  private bodyLeft = 0;
  private over = false;

  /** Parses one buffer read from the socket; it is overwritten in place (rows moved to its front). */
  push(chunk: Buffer): CopyFrames {
    if (this.over) throw new Error('COPY frame parser used after the copy ended');
    let out = 0;
    let at = 0;
    while (at < chunk.length) {
      if (this.bodyLeft > 0) {
        const take = Math.min(this.bodyLeft, chunk.length - at);
        if (this.type === COPY_DATA) {
          if (out !== at) chunk.copyWithin(out, at, at + take);
          out += take;
        }
        at += take;
        this.bodyLeft -= take;
        continue;
      }
      const headerAt = at;
      at = this.readHeader(chunk, at);
      if (at < 0) break;
      if (this.type === COPY_DATA || SKIPPED.has(this.type)) continue;
      this.over = true;
      // CopyDone is ours (its body is empty); anything else goes back to node-postgres whole,
      // header included (its first bytes may have come in the previous buffer).
      const rest = this.type === COPY_DONE ? chunk.subarray(at) : this.headerWasSplit ? Buffer.concat([this.header, chunk.subarray(at)]) : chunk.subarray(headerAt);
      return { rows: chunk.subarray(0, out), rest };
    }
    return { rows: chunk.subarray(0, out) };
  }

  /** Reads a message header at `at` (completing one split across buffers): the offset after it, or -1 when the buffer ends first. */
  private readHeader(chunk: Buffer, at: number): number {
    this.headerWasSplit = this.headerBytes > 0 || chunk.length - at < HEADER;
    let header: Buffer = chunk;
    let from = at;
    if (this.headerWasSplit) {
      const take = Math.min(HEADER - this.headerBytes, chunk.length - at);
      chunk.copy(this.header, this.headerBytes, at, at + take);
      this.headerBytes += take;
      if (this.headerBytes < HEADER) return -1;
      header = this.header;
      from = 0;
      at += take;
      this.headerBytes = 0;
    } else {
      at += HEADER;
    }
    this.type = header[from] as number;
    const length = header.readUInt32BE(from + 1);
    if (length < 4) throw new Error(`malformed PostgreSQL message (type ${this.type}, length ${length})`);
    this.bodyLeft = length - 4;
    return at;
  }
}
