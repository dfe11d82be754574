import Hls from 'hls.js';

/** Stops playback and releases the player; safe to call twice. */
export type Detach = () => void;

export interface AttachOptions {
  live: boolean;
  /** Called when playback failed for good (after retries) so the caller can fall back. */
  onFatal?: (reason: string) => void;
}

const RETRY_MS = 2000;

/**
 * Plays an HLS URL: hls.js where Media Source Extensions exist, the browser's own HLS
 * (Safari, iOS) otherwise. Live playback stays ~2 segments behind the edge and speeds
 * up slightly to catch up after a stall. Missing playlists (encoder not connected yet,
 * reconnecting) are retried instead of giving up.
 */
export function attachHls(video: HTMLVideoElement, url: string, opts: AttachOptions): Detach {
  if (!Hls.isSupported()) {
    if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = url;
      void video.play().catch(() => {});
      return () => {
        video.removeAttribute('src');
        video.load();
      };
    }
    opts.onFatal?.('no HLS support');
    return () => {};
  }
  let hls: Hls | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const start = () => {
    if (stopped) return;
    hls = new Hls(
      opts.live
        ? {
            liveSyncDurationCount: 2,
            liveMaxLatencyDurationCount: 6,
            maxLiveSyncPlaybackRate: 1.25,
            backBufferLength: 30,
          }
        : { backBufferLength: 60 },
    );
    hls.on(Hls.Events.MANIFEST_PARSED, () => void video.play().catch(() => {}));
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
        hls?.recoverMediaError();
        return;
      }
      // Network: the playlist is not there yet or the server restarted; start over shortly.
      hls?.destroy();
      hls = undefined;
      timer = setTimeout(start, RETRY_MS);
    });
    hls.loadSource(url);
    hls.attachMedia(video);
  };
  start();
  return () => {
    stopped = true;
    clearTimeout(timer);
    hls?.destroy();
    hls = undefined;
  };
}
