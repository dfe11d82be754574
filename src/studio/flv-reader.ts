import type { MediaKind } from '../live/rtmp/connection.js';

export interface FlvTag {
  kind: MediaKind;
  timestamp: number;
  payload: Buffer;
}

const KINDS: Record<number, MediaKind> = { 8: 'audio', 9: 'video', 18: 'data' };
/** An FLV tag body is at most 16 MB by its 24-bit size; we refuse much less. */
const MAX_TAG_BYTES = 8 * 1024 * 1024;

/**
 * Splits an FLV byte stream (ffmpeg's remuxed studio programme on stdout) into tags, the
 * same units RTMP delivers to the ingest session. Chunks may cut anywhere; unknown tag
 * types are skipped. Throws on a stream that is not FLV.
 */
export class FlvReader {
  private buffer: Buffer = Buffer.alloc(0);
  private headerDone = false;

  push(chunk: Buffer): FlvTag[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const tags: FlvTag[] = [];
    let at = 0;
    if (!this.headerDone) {
      if (this.buffer.length < 13) return tags;
      if (this.buffer.toString('latin1', 0, 3) !== 'FLV') throw new Error('not an FLV stream');
      at = this.buffer.readUInt32BE(5) + 4; // header length, then PreviousTagSize0
      this.headerDone = true;
    }
    while (this.buffer.length - at >= 11) {
      const size = this.buffer.readUIntBE(at + 1, 3);
      if (size > MAX_TAG_BYTES) throw new Error(`FLV tag of ${size} bytes`);
      if (this.buffer.length - at < 11 + size + 4) break;
      const type = (this.buffer[at] as number) & 0x1f;
      const timestamp = (this.buffer.readUIntBE(at + 4, 3) | ((this.buffer[at + 7] as number) << 24)) >>> 0;
      const kind = KINDS[type];
      if (kind)
        tags.push({ kind, timestamp, payload: Buffer.from(this.buffer.subarray(at + 11, at + 11 + size)) });
      at += 11 + size + 4;
    }
    this.buffer = this.buffer.subarray(at);
    return tags;
  }
}
