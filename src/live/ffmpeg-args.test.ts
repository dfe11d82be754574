import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ingestArgs, parseLadder } from './ffmpeg-args.js';

const job = {
  liveDir: '/data/media/abc/live',
  recordDir: '/data/media/abc/rec',
  segmentSeconds: 1,
  liveWindow: 6,
  recordSegmentSeconds: 4,
  ladder: [],
};

/** The values following each occurrence of `flag`. */
const valuesOf = (args: string[], flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));

describe('ffmpeg arguments', () => {
  it('reads FLV from stdin and copies into a 1 s live playlist and a recording, without re-encoding', () => {
    const args = ingestArgs(job);
    assert.deepEqual(args.slice(args.indexOf('-f'), args.indexOf('-i') + 2), ['-f', 'flv', '-i', 'pipe:0']);
    assert.deepEqual(valuesOf(args, '-c'), ['copy', 'copy']);
    assert.equal(args.includes('libx264'), false);
    assert.deepEqual(valuesOf(args, '-hls_time'), ['1', '4']);
    assert.deepEqual(valuesOf(args, '-hls_list_size'), ['6', '0']);
    assert.deepEqual(valuesOf(args, '-hls_segment_filename'), [
      '/data/media/abc/live/s%d.ts',
      '/data/media/abc/rec/r%d.ts',
    ]);
    assert.equal(args.at(-1), '/data/media/abc/rec/index.m3u8');
    assert.ok(args.includes('/data/media/abc/live/index.m3u8'));
  });

  it('continues playlists across restarts and never writes an end tag for the live', () => {
    const [liveFlags, recordFlags] = valuesOf(ingestArgs(job), '-hls_flags').map((f) => (f ?? '').split('+'));
    for (const flag of ['append_list', 'omit_endlist', 'program_date_time', 'delete_segments'])
      assert.ok(liveFlags?.includes(flag), flag);
    for (const flag of ['append_list', 'omit_endlist', 'program_date_time'])
      assert.ok(recordFlags?.includes(flag), flag);
    assert.equal(recordFlags?.includes('delete_segments'), false, 'the recording keeps every segment');
  });

  it('adds transcoded renditions with aligned keyframes only when a ladder is configured', () => {
    const args = ingestArgs({ ...job, ladder: parseLadder('720:2500,480:1000') });
    assert.deepEqual(valuesOf(args, '-filter_complex'), [
      '[0:v]split=2[in0][in1];[in0]scale=-2:720,format=yuv420p[out0];[in1]scale=-2:480,format=yuv420p[out1]',
    ]);
    assert.deepEqual(valuesOf(args, '-c:v:0'), ['copy']);
    assert.deepEqual(valuesOf(args, '-c:v:1'), ['libx264']);
    assert.deepEqual(valuesOf(args, '-b:v:2'), ['1000k']);
    assert.deepEqual(valuesOf(args, '-var_stream_map'), ['v:0,a:0 v:1,a:1 v:2,a:2']);
    assert.deepEqual(valuesOf(args, '-master_pl_name'), ['index.m3u8']);
    assert.deepEqual(valuesOf(args, '-force_key_frames'), ['expr:gte(t,n_forced*1)']);
  });

  it('parses the ladder setting and rejects nonsense', () => {
    assert.deepEqual(parseLadder(''), []);
    assert.deepEqual(parseLadder(' 720:2500 , 480:800'), [
      { height: 720, videoKbps: 2500 },
      { height: 480, videoKbps: 800 },
    ]);
    assert.throws(() => parseLadder('720p'), /height:kbps/);
  });
});
