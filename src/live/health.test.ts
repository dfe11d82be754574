import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeAudio, describeVideo, flvTag } from './flv.js';
import { HealthMeter } from './health.js';

describe('stream health', () => {
  it('measures frame rate, bitrates and lateness over the last seconds', () => {
    const meter = new HealthMeter(0);
    for (let i = 0; i < 150; i++) {
      const at = i * (1000 / 30);
      meter.record('video', 12_500, at, at);
      if (i % 3 === 0) meter.record('audio', 1000, at, at);
    }
    const r = meter.rates(5000);
    assert.ok(Math.abs(r.fps - 30) < 0.5, `fps ${r.fps}`);
    assert.ok(Math.abs(r.videoKbps - 3000) < 60, `video ${r.videoKbps}`);
    assert.ok(Math.abs(r.audioKbps - 80) < 5, `audio ${r.audioKbps}`);
    assert.equal(r.lateMs, 0);
  });

  it('reports media arriving behind real time', () => {
    const meter = new HealthMeter(0);
    meter.record('video', 100, 0, 0);
    meter.record('video', 100, 1000, 3000);
    assert.equal(meter.rates(3000).lateMs, 2000);
  });
});

describe('FLV tags', () => {
  it('recognises H.264 keyframes and sequence headers, and HEVC as unsupported input', () => {
    assert.deepEqual(describeVideo(Buffer.from([0x17, 0x00, 0, 0, 0])), {
      codec: 'h264',
      keyframe: true,
      sequenceHeader: true,
    });
    assert.deepEqual(describeVideo(Buffer.from([0x27, 0x01, 0, 0, 0])), {
      codec: 'h264',
      keyframe: false,
      sequenceHeader: false,
    });
    assert.equal(describeVideo(Buffer.concat([Buffer.from([0x91]), Buffer.from('hvc1')]))?.codec, 'hevc');
    assert.deepEqual(describeAudio(Buffer.from([0xaf, 0x00])), { codec: 'aac', sequenceHeader: true });
    assert.equal(describeAudio(Buffer.from([0x2f, 0x01]))?.codec, 'mp3');
  });

  it('frames a tag with its size trailer and 32-bit timestamp', () => {
    const tag = flvTag('video', 0x01020304, Buffer.from([1, 2, 3]));
    assert.equal(tag.length, 11 + 3 + 4);
    assert.equal(tag[0], 9);
    assert.deepEqual([...tag.subarray(4, 8)], [0x02, 0x03, 0x04, 0x01]);
    assert.equal(tag.readUInt32BE(14), 14);
  });
});
