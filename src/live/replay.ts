import type { LiveWindow } from './state.js';

/** One media segment of an HLS playlist, with the wall-clock time it starts at. */
export interface Segment {
  uri: string;
  duration: number;
  startsAt: number;
  /** A discontinuity precedes this segment (encoder reconnect or packager restart). */
  discontinuity: boolean;
}

/**
 * Reads a media playlist written by ffmpeg with `program_date_time`. Segments without
 * a date-time get one by adding durations to the previous one.
 */
export function parsePlaylist(text: string): Segment[] {
  const segments: Segment[] = [];
  let duration: number | undefined;
  let pdt: number | undefined;
  let discontinuity = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice(8));
    else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pdt = Date.parse(line.slice(25));
    else if (line === '#EXT-X-DISCONTINUITY') discontinuity = true;
    else if (line && !line.startsWith('#') && duration !== undefined && Number.isFinite(duration)) {
      const prev = segments[segments.length - 1];
      const startsAt =
        pdt !== undefined && Number.isFinite(pdt) ? pdt : prev ? prev.startsAt + prev.duration * 1000 : 0;
      segments.push({ uri: line, duration, startsAt, discontinuity });
      duration = undefined;
      pdt = undefined;
      discontinuity = false;
    }
  }
  return segments;
}

/**
 * The recording cut to the live windows: a segment is kept when it overlaps a window.
 * A discontinuity is marked wherever the kept segments are not back to back in the
 * recording (a gap between windows, or a reconnect inside one).
 *
 * `endSlackMs` extends each window's end: ffmpeg stamps program date-times only after
 * probing its input, so they run a couple of seconds behind the real capture time and
 * the last moments before "End" would otherwise be cut. Nothing is recorded after End
 * (the encoder is disconnected), so the slack cannot pull in later material.
 */
export function selectReplay(
  segments: readonly Segment[],
  windows: readonly LiveWindow[],
  now: number,
  endSlackMs = 0,
): Segment[] {
  const spans = windows.map((w) => ({
    from: Date.parse(w.start),
    to: (w.end ? Date.parse(w.end) : now) + endSlackMs,
  }));
  const kept: Segment[] = [];
  let previousIndex = -2;
  segments.forEach((seg, index) => {
    const end = seg.startsAt + seg.duration * 1000;
    if (!spans.some((s) => seg.startsAt < s.to && end > s.from)) return;
    kept.push({
      ...seg,
      discontinuity: kept.length > 0 && (seg.discontinuity || index !== previousIndex + 1),
    });
    previousIndex = index;
  });
  return kept;
}

/** A seekable VOD playlist (ENDLIST, playlist type VOD) over the selected segments. */
export function vodPlaylist(segments: readonly Segment[]): string {
  const target = Math.max(1, ...segments.map((s) => Math.ceil(s.duration)));
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${target}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
  ];
  for (const s of segments) {
    if (s.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXTINF:${s.duration.toFixed(3)},`, s.uri);
  }
  lines.push('#EXT-X-ENDLIST', '');
  return lines.join('\n');
}

export const totalSeconds = (segments: readonly Segment[]) =>
  segments.reduce((sum, s) => sum + s.duration, 0);
