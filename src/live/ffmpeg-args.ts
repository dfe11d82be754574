import fs from 'node:fs';
import path from 'node:path';

/** One extra rendition of the optional transcoding ladder, e.g. 720p at 2500 kbit/s. */
export interface Rung {
  height: number;
  videoKbps: number;
}

export interface IngestJob {
  /** Directory of the live playlist the audience plays (sliding window). */
  liveDir: string;
  /** Directory of the recording (every segment kept, used to build the replay). */
  recordDir: string;
  /** Live segment target; the encoder's keyframe interval decides the real cut points in copy mode. */
  segmentSeconds: number;
  /** Segments kept in the live playlist. */
  liveWindow: number;
  recordSegmentSeconds: number;
  ladder: readonly Rung[];
}

/**
 * ffmpeg reads the FLV stream on stdin, copies audio and video without re-encoding into
 * the live HLS playlist and, as a second output, into the recording playlist.
 *
 * `append_list` makes a restarted ffmpeg (encoder reconnect, crash) continue the same
 * playlists — numbering goes on and a discontinuity is marked — so the audience's
 * player keeps playing the same URL. `omit_endlist` keeps players waiting for more
 * instead of treating an encoder drop as the end. Program date-times let the replay be
 * cut to the moments the event was really live.
 */
export function ingestArgs(job: IngestJob): string[] {
  const input = [
    '-hide_banner',
    '-loglevel',
    'warning',
    '-nostats',
    '-fflags',
    '+genpts',
    '-f',
    'flv',
    '-i',
    'pipe:0',
  ];
  const live = job.ladder.length === 0 ? copyLiveOutput(job) : ladderLiveOutput(job);
  return [...input, ...live, ...recordOutput(job)];
}

function hlsMuxer(seconds: number, listSize: number, flags: string[]): string[] {
  return [
    '-f',
    'hls',
    '-hls_time',
    String(seconds),
    '-hls_list_size',
    String(listSize),
    '-hls_flags',
    flags.join('+'),
  ];
}

const LIVE_FLAGS = [
  'append_list',
  'omit_endlist',
  'program_date_time',
  'delete_segments',
  'temp_file',
  'independent_segments',
];

function copyLiveOutput(job: IngestJob): string[] {
  return [
    '-map',
    '0:v:0',
    '-map',
    '0:a:0?',
    '-c',
    'copy',
    ...hlsMuxer(job.segmentSeconds, job.liveWindow, LIVE_FLAGS),
    // Keep a few deleted-from-playlist segments on disk for players that are slightly behind.
    '-hls_delete_threshold',
    '4',
    '-hls_segment_filename',
    path.join(job.liveDir, 's%d.ts'),
    path.join(job.liveDir, 'index.m3u8'),
  ];
}

/**
 * Source copy plus scaled renditions, all in one master playlist. Encoded renditions
 * force a keyframe every segment so every variant cuts at the same instants.
 */
function ladderLiveOutput(job: IngestJob): string[] {
  const n = job.ladder.length;
  const split = `[0:v]split=${n}${job.ladder.map((_, i) => `[in${i}]`).join('')}`;
  // 4:2:0 whatever the source: browsers decode only that.
  const scales = job.ladder.map((r, i) => `[in${i}]scale=-2:${r.height},format=yuv420p[out${i}]`);
  const maps = [
    '-map',
    '0:v:0',
    '-map',
    '0:a:0',
    ...job.ladder.flatMap((_, i) => ['-map', `[out${i}]`, '-map', '0:a:0']),
  ];
  const codecs = [
    '-c:a',
    'copy',
    '-c:v:0',
    'copy',
    ...job.ladder.flatMap((r, i) => [
      `-c:v:${i + 1}`,
      'libx264',
      `-preset:v:${i + 1}`,
      'veryfast',
      `-b:v:${i + 1}`,
      `${r.videoKbps}k`,
      `-maxrate:v:${i + 1}`,
      `${Math.round(r.videoKbps * 1.2)}k`,
      `-bufsize:v:${i + 1}`,
      `${r.videoKbps * 2}k`,
    ]),
    '-force_key_frames',
    `expr:gte(t,n_forced*${job.segmentSeconds})`,
  ];
  const streamMap = Array.from({ length: n + 1 }, (_, i) => `v:${i},a:${i}`).join(' ');
  return [
    '-filter_complex',
    [split, ...scales].join(';'),
    ...maps,
    ...codecs,
    ...hlsMuxer(job.segmentSeconds, job.liveWindow, LIVE_FLAGS),
    '-hls_delete_threshold',
    '4',
    '-var_stream_map',
    streamMap,
    '-master_pl_name',
    'index.m3u8',
    '-hls_segment_filename',
    path.join(job.liveDir, 'v%v_s%d.ts'),
    path.join(job.liveDir, 'v%v.m3u8'),
  ];
}

function recordOutput(job: IngestJob): string[] {
  return [
    '-map',
    '0:v:0',
    '-map',
    '0:a:0?',
    '-c',
    'copy',
    ...hlsMuxer(job.recordSegmentSeconds, 0, [
      'append_list',
      'omit_endlist',
      'program_date_time',
      'temp_file',
    ]),
    '-hls_segment_filename',
    path.join(job.recordDir, 'r%d.ts'),
    path.join(job.recordDir, 'index.m3u8'),
  ];
}

/** Parses LIVE_TRANSCODE_LADDER, e.g. "720:2500,480:1000" (height:kbps). */
export function parseLadder(spec: string): Rung[] {
  if (spec.trim() === '') return [];
  return spec.split(',').map((part) => {
    const m = /^\s*(\d{3,4})\s*:\s*(\d{2,5})\s*$/.exec(part);
    if (!m) throw new Error(`"${part}" is not height:kbps (e.g. 720:2500)`);
    return { height: Number(m[1]), videoKbps: Number(m[2]) };
  });
}

/** Debian's ffmpeg when installed, else the binary shipped by @ffmpeg-installer; FFMPEG_PATH wins. */
export async function resolveFfmpeg(override: string | undefined): Promise<string> {
  if (override) return override;
  if (fs.existsSync('/usr/bin/ffmpeg')) return '/usr/bin/ffmpeg';
  const installer = (await import('@ffmpeg-installer/ffmpeg')) as {
    default?: { path: string };
    path?: string;
  };
  const found = installer.default?.path ?? installer.path;
  if (!found) throw new Error('No ffmpeg found: install ffmpeg or set FFMPEG_PATH');
  return found;
}
