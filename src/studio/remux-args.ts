/**
 * ffmpeg arguments that turn the host browser's MediaRecorder stream (WebM/Matroska on
 * stdin) into FLV on stdout for the live ingest session, which then packages it exactly as
 * an RTMP encoder's stream.
 *
 * - H.264 from the browser (Chromium's MediaRecorder offers it, with a 1 s keyframe
 *   interval) is copied; anything else (VP8/VP9 from browsers without H.264 recording) is
 *   encoded with x264 `veryfast`/`zerolatency`, keyframes every second so HLS can cut
 *   1 s segments.
 * - Opus audio becomes AAC (FLV and HLS players need AAC): cheap, ~1 % of a core.
 * - Small probe sizes: the Matroska header declares both tracks, so ffmpeg need not wait
 *   for seconds of media before it starts writing.
 */
export function remuxArgs(opts: { copyVideo: boolean; fps: number; videoKbps: number }): string[] {
  const video = opts.copyVideo
    ? ['-c:v', 'copy']
    : [
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-tune',
        'zerolatency',
        '-pix_fmt',
        'yuv420p',
        '-b:v',
        `${opts.videoKbps}k`,
        '-maxrate',
        `${opts.videoKbps}k`,
        '-bufsize',
        `${opts.videoKbps}k`,
        '-force_key_frames',
        'expr:gte(t,n_forced*1)',
        '-r',
        String(opts.fps),
      ];
  return [
    '-hide_banner',
    '-loglevel',
    'warning',
    '-nostats',
    '-probesize',
    '65536',
    '-analyzeduration',
    '500000',
    '-fflags',
    '+genpts+nobuffer',
    '-f',
    'matroska,webm',
    '-i',
    'pipe:0',
    '-map',
    '0:v:0',
    '-map',
    '0:a:0?',
    ...video,
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    '-ar',
    '48000',
    '-ac',
    '2',
    '-f',
    'flv',
    '-flvflags',
    'no_duration_filesize',
    '-flush_packets',
    '1',
    'pipe:1',
  ];
}

/** Whether a MediaRecorder MIME type carries H.264 video that can be copied. */
export function isH264(mimeType: string): boolean {
  return /codecs=[^;]*\b(avc1|h264)/i.test(mimeType);
}
