import type { MediaKind } from './rtmp/connection.js';

/**
 * FLV framing: RTMP audio/video/data message bodies are exactly FLV tag bodies, so a
 * publishing session becomes an FLV stream by adding the file header and tag headers.
 * That stream feeds ffmpeg's stdin and the HTTP-FLV low-latency viewers.
 */
const TAG_TYPE: Record<MediaKind, number> = { audio: 8, video: 9, data: 18 };

export function flvHeader(): Buffer {
  // "FLV", version 1, audio+video present, header length 9, then PreviousTagSize0 = 0.
  return Buffer.from([0x46, 0x4c, 0x56, 1, 5, 0, 0, 0, 9, 0, 0, 0, 0]);
}

export function flvTag(kind: MediaKind, timestamp: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(11);
  head[0] = TAG_TYPE[kind];
  head.writeUIntBE(payload.length, 1, 3);
  head.writeUIntBE(timestamp & 0xffffff, 4, 3);
  head[7] = (timestamp >>> 24) & 0xff;
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(11 + payload.length, 0);
  return Buffer.concat([head, payload, tail]);
}

export interface VideoInfo {
  codec: string;
  keyframe: boolean;
  sequenceHeader: boolean;
}

const LEGACY_VIDEO: Record<number, string> = {
  2: 'h263',
  3: 'screen',
  4: 'vp6',
  5: 'vp6a',
  6: 'screen2',
  7: 'h264',
  12: 'hevc',
};
const LEGACY_AUDIO: Record<number, string> = {
  0: 'pcm',
  1: 'adpcm',
  2: 'mp3',
  3: 'pcm',
  4: 'nellymoser',
  5: 'nellymoser',
  6: 'nellymoser',
  7: 'g711a',
  8: 'g711u',
  10: 'aac',
  11: 'speex',
  14: 'mp3',
};
const FOURCC: Record<string, string> = {
  hvc1: 'hevc',
  av01: 'av1',
  vp09: 'vp9',
  avc1: 'h264',
  Opus: 'opus',
  fLaC: 'flac',
  'ac-3': 'ac3',
  'ec-3': 'eac3',
  '.mp3': 'mp3',
  mp4a: 'aac',
};

/** Reads the codec and frame kind from an FLV video tag body (legacy and Enhanced RTMP). */
export function describeVideo(body: Buffer): VideoInfo | undefined {
  if (body.length < 2) return undefined;
  const b0 = body.readUInt8(0);
  if (b0 & 0x80) {
    // Enhanced RTMP (OBS 29+ for HEVC/AV1): frame type, packet type, then a FourCC.
    if (body.length < 5) return undefined;
    const fourcc = body.toString('latin1', 1, 5);
    return {
      codec: FOURCC[fourcc] ?? fourcc,
      keyframe: ((b0 >> 4) & 7) === 1,
      sequenceHeader: (b0 & 0x0f) === 0,
    };
  }
  const codecId = b0 & 0x0f;
  const codec = LEGACY_VIDEO[codecId] ?? `flv-video-${codecId}`;
  const avcLike = codecId === 7 || codecId === 12;
  return { codec, keyframe: b0 >> 4 === 1, sequenceHeader: avcLike && body.readUInt8(1) === 0 };
}

export interface AudioInfo {
  codec: string;
  sequenceHeader: boolean;
}

export function describeAudio(body: Buffer): AudioInfo | undefined {
  if (body.length < 1) return undefined;
  const b0 = body.readUInt8(0);
  const format = b0 >> 4;
  if (format === 9) {
    if (body.length < 5) return undefined;
    const fourcc = body.toString('latin1', 1, 5);
    return { codec: FOURCC[fourcc] ?? fourcc, sequenceHeader: (b0 & 0x0f) === 0 };
  }
  const codec = LEGACY_AUDIO[format] ?? `flv-audio-${format}`;
  return { codec, sequenceHeader: format === 10 && body.length > 1 && body.readUInt8(1) === 0 };
}

/** Browsers play H.264 + AAC in HLS everywhere; everything else is refused with a clear message. */
export const SUPPORTED_VIDEO = 'h264';
export const SUPPORTED_AUDIO = 'aac';
