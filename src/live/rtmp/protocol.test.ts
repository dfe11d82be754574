import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AmfError, decodeAmf0, encodeAmf0 } from './amf0.js';
import { ChunkDecoder, encodeMessage, ProtocolError } from './chunks.js';

describe('AMF0', () => {
  it('round-trips the values RTMP commands use', () => {
    const values = [
      'connect',
      1,
      { app: 'live', tcUrl: 'rtmp://x/live', nested: { ok: true } },
      null,
      [1, 'two'],
    ];
    assert.deepEqual(decodeAmf0(encodeAmf0(...values)), values);
  });

  it('rejects truncated and unknown input instead of guessing', () => {
    const buf = encodeAmf0('publish', 5);
    assert.throws(() => decodeAmf0(buf.subarray(0, buf.length - 2)), AmfError);
    assert.throws(() => decodeAmf0(Buffer.from([0x42])), AmfError);
  });
});

describe('RTMP chunk stream', () => {
  const message = (size: number, type = 9, timestamp = 1234) => ({
    type,
    streamId: 1,
    timestamp,
    payload: Buffer.from(Array.from({ length: size }, (_, i) => i % 251)),
  });

  it('reassembles a message split over chunks and arbitrary TCP reads', () => {
    const msg = message(1000);
    const wire = encodeMessage(6, msg, 128);
    const decoder = new ChunkDecoder();
    const out = [];
    for (let i = 0; i < wire.length; i += 7) out.push(...decoder.push(wire.subarray(i, i + 7)));
    assert.equal(out.length, 1);
    assert.deepEqual(out[0], msg);
  });

  it('follows the peer chunk size and extended timestamps', () => {
    const msg = message(5000, 8, 0x1000000 + 5);
    const decoder = new ChunkDecoder();
    decoder.chunkSize = 4096;
    assert.deepEqual(decoder.push(encodeMessage(4, msg, 4096)), [msg]);
  });

  it('applies fmt 1 timestamp deltas', () => {
    const decoder = new ChunkDecoder();
    const first = encodeMessage(6, message(10, 9, 100), 128);
    // fmt 1: basic header, delta 40, length 10, type 9
    const second = Buffer.concat([Buffer.from([0x46, 0, 0, 40, 0, 0, 10, 9]), message(10).payload]);
    const out = decoder.push(Buffer.concat([first, second]));
    assert.deepEqual(
      out.map((m) => m.timestamp),
      [100, 140],
    );
  });

  it('refuses oversized messages and streams that start without a header', () => {
    const huge = Buffer.from([0x06, 0, 0, 0, 0xff, 0xff, 0xff, 9, 1, 0, 0, 0]);
    assert.throws(() => new ChunkDecoder().push(huge), ProtocolError);
    assert.throws(() => new ChunkDecoder().push(Buffer.from([0xc6, 1, 2, 3])), ProtocolError);
  });
});
