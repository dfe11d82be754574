/**
 * The RTMP chunk stream: messages are cut into chunks of `chunkSize` bytes, interleaved
 * over chunk stream ids, with compressed headers (fmt 0–3) relative to the previous
 * chunk on the same id. `ChunkDecoder` reassembles messages from arbitrary TCP reads;
 * `encodeMessage` does the reverse for what the server sends.
 */
export interface RtmpMessage {
  type: number;
  streamId: number;
  timestamp: number;
  payload: Buffer;
}

export class ProtocolError extends Error {}

interface ChunkState {
  timestamp: number;
  delta: number;
  length: number;
  type: number;
  streamId: number;
  extended: boolean;
  parts: Buffer[];
  received: number;
}

/** Larger messages are not sent by real encoders; refusing them bounds memory per connection. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
const MAX_CHUNK_STREAMS = 64;
const HEADER_BYTES = [11, 7, 3, 0] as const;

export class ChunkDecoder {
  chunkSize = 128;
  private pending: Buffer = Buffer.alloc(0);
  private readonly streams = new Map<number, ChunkState>();

  /** Feeds bytes from the socket; returns every message completed by them. */
  push(data: Buffer): RtmpMessage[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, data]) : data;
    const out: RtmpMessage[] = [];
    let offset = 0;
    for (;;) {
      const consumed = this.readChunk(this.pending, offset, out);
      if (consumed === 0) break;
      offset += consumed;
    }
    this.pending = this.pending.subarray(offset);
    return out;
  }

  /** Reads one chunk at `start`; returns bytes consumed, or 0 when more data is needed. */
  private readChunk(buf: Buffer, start: number, out: RtmpMessage[]): number {
    let pos = start;
    if (buf.length - pos < 1) return 0;
    const first = buf.readUInt8(pos);
    const fmt = first >> 6;
    let csid = first & 0x3f;
    pos += 1;
    if (csid === 0) {
      if (buf.length - pos < 1) return 0;
      csid = 64 + buf.readUInt8(pos);
      pos += 1;
    } else if (csid === 1) {
      if (buf.length - pos < 2) return 0;
      csid = 64 + buf.readUInt16LE(pos);
      pos += 2;
    }
    const headerBytes = HEADER_BYTES[fmt] ?? 0;
    if (buf.length - pos < headerBytes) return 0;
    let state = this.streams.get(csid);
    if (!state) {
      if (fmt !== 0) throw new ProtocolError(`chunk stream ${csid} starts without a full header`);
      if (this.streams.size >= MAX_CHUNK_STREAMS) throw new ProtocolError('too many chunk streams');
      state = {
        timestamp: 0,
        delta: 0,
        length: 0,
        type: 0,
        streamId: 0,
        extended: false,
        parts: [],
        received: 0,
      };
      this.streams.set(csid, state);
    }
    const startsMessage = state.received === 0;
    let tsField = 0;
    if (fmt <= 2) tsField = buf.readUIntBE(pos, 3);
    if (fmt <= 1) {
      const length = buf.readUIntBE(pos + 3, 3);
      if (length > MAX_MESSAGE_BYTES) throw new ProtocolError(`message of ${length} bytes is too large`);
      if (!startsMessage) throw new ProtocolError('message header inside an unfinished message');
      state.length = length;
      state.type = buf.readUInt8(pos + 6);
    }
    if (fmt === 0) state.streamId = buf.readUInt32LE(pos + 7);
    pos += headerBytes;
    const extended = fmt <= 2 ? tsField === 0xffffff : state.extended;
    if (extended) {
      if (buf.length - pos < 4) return 0;
      if (fmt <= 2) tsField = buf.readUInt32BE(pos);
      pos += 4;
    }
    const payloadBytes = Math.min(this.chunkSize, state.length - state.received);
    if (buf.length - pos < payloadBytes) return 0;

    // Only now, with the whole chunk available, commit header changes.
    state.extended = extended;
    if (fmt === 0) {
      state.timestamp = tsField;
      state.delta = 0;
    } else if (fmt <= 2) {
      state.delta = tsField;
      if (startsMessage) state.timestamp += tsField;
    } else if (startsMessage) {
      state.timestamp += state.delta;
    }
    state.parts.push(buf.subarray(pos, pos + payloadBytes));
    state.received += payloadBytes;
    pos += payloadBytes;
    if (state.received >= state.length) {
      const payload = Buffer.concat(state.parts);
      out.push({ type: state.type, streamId: state.streamId, timestamp: state.timestamp >>> 0, payload });
      state.parts = [];
      state.received = 0;
    }
    return pos - start;
  }
}

function basicHeader(fmt: number, csid: number): Buffer {
  if (csid < 64) return Buffer.from([(fmt << 6) | csid]);
  if (csid < 320) return Buffer.from([fmt << 6, csid - 64]);
  return Buffer.from([(fmt << 6) | 1, (csid - 64) & 0xff, (csid - 64) >> 8]);
}

/** Encodes one message as a fmt-0 chunk followed by fmt-3 continuation chunks. */
export function encodeMessage(csid: number, msg: RtmpMessage, chunkSize: number): Buffer {
  const extended = msg.timestamp >= 0xffffff;
  const header = Buffer.alloc(11);
  header.writeUIntBE(extended ? 0xffffff : msg.timestamp, 0, 3);
  header.writeUIntBE(msg.payload.length, 3, 3);
  header[6] = msg.type;
  header.writeUInt32LE(msg.streamId, 7);
  const ext = Buffer.alloc(extended ? 4 : 0);
  if (extended) ext.writeUInt32BE(msg.timestamp, 0);
  const parts: Buffer[] = [basicHeader(0, csid), header, ext];
  for (let off = 0; off < msg.payload.length || off === 0; off += chunkSize) {
    if (off > 0) parts.push(basicHeader(3, csid), ext);
    parts.push(msg.payload.subarray(off, off + chunkSize));
    if (msg.payload.length === 0) break;
  }
  return Buffer.concat(parts);
}
