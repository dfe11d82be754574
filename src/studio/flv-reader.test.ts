import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flvHeader, flvTag } from '../live/flv.js';
import { FlvReader } from './flv-reader.js';
import { isH264, remuxArgs } from './remux-args.js';

describe('FLV reader', () => {
  const stream = Buffer.concat([
    flvHeader(),
    flvTag('data', 0, Buffer.from('meta')),
    flvTag('video', 33, Buffer.from([0x17, 0, 1, 2])),
    flvTag('audio', 0x01020304, Buffer.from([0xaf, 1, 9])),
  ]);

  it('splits tags whatever the chunking, with 32-bit timestamps', () => {
    for (const size of [1, 3, 7, 13, 64, stream.length]) {
      const reader = new FlvReader();
      const tags = [];
      for (let i = 0; i < stream.length; i += size) tags.push(...reader.push(stream.subarray(i, i + size)));
      assert.deepEqual(
        tags.map((t) => [t.kind, t.timestamp, t.payload.toString('hex')]),
        [
          ['data', 0, Buffer.from('meta').toString('hex')],
          ['video', 33, '17000102'],
          ['audio', 0x01020304, 'af0109'],
        ],
        `chunk size ${size}`,
      );
    }
  });

  it('refuses a stream that is not FLV', () => {
    assert.throws(() => new FlvReader().push(Buffer.from('\x1aE\xdf\xa3 matroska header')), /not an FLV/);
  });
});

describe('studio remux arguments', () => {
  it('copies H.264 and only transcodes audio to AAC', () => {
    const args = remuxArgs({ copyVideo: true, fps: 30, videoKbps: 2500 });
    assert.deepEqual(args.slice(args.indexOf('-c:v'), args.indexOf('-c:v') + 2), ['-c:v', 'copy']);
    assert.ok(!args.includes('libx264'));
    assert.equal(args[args.indexOf('-c:a') + 1], 'aac');
    assert.equal(args.at(-1), 'pipe:1');
    assert.equal(args[args.indexOf('-f') + 1], 'matroska,webm');
  });

  it('encodes other codecs with x264 and a keyframe every second', () => {
    const args = remuxArgs({ copyVideo: false, fps: 30, videoKbps: 2500 });
    assert.equal(args[args.indexOf('-c:v') + 1], 'libx264');
    assert.equal(args[args.indexOf('-force_key_frames') + 1], 'expr:gte(t,n_forced*1)');
    assert.equal(args[args.indexOf('-b:v') + 1], '2500k');
  });

  it('recognises H.264 MediaRecorder types', () => {
    assert.equal(isH264('video/x-matroska;codecs=avc1,opus'), true);
    assert.equal(isH264('video/webm;codecs=h264,opus'), true);
    assert.equal(isH264('video/webm;codecs=vp8,opus'), false);
    assert.equal(isH264('video/webm'), false);
  });
});
