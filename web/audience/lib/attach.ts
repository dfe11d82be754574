import Hls from 'hls.js';
import mpegts from 'mpegts.js';

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

/** True where the HTTP-FLV low-latency path can work (MSE with H.264). */
export const lowLatencySupported = () => mpegts.isSupported() && mpegts.getFeatureList().mseLivePlayback;

/**
 * The low-latency path: the RTMP stream relayed as HTTP-FLV, demuxed by mpegts.js.
 * An ended response (encoder reconnecting) is retried; repeated failures call onFatal
 * so the room falls back to HLS.
 */
export function attachFlv(video: HTMLVideoElement, url: string, opts: AttachOptions): Detach {
  let player: mpegts.Player | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let failures = 0;
  const restart = () => {
    player?.destroy();
    player = undefined;
    if (stopped) return;
    failures += 1;
    if (failures > 5) {
      opts.onFatal?.('low-latency stream unavailable');
      return;
    }
    timer = setTimeout(start, RETRY_MS);
  };
  const start = () => {
    if (stopped) return;
    player = mpegts.createPlayer(
      { type: 'flv', isLive: true, url, hasAudio: true, hasVideo: true },
      {
        enableStashBuffer: false,
        liveBufferLatencyChasing: true,
        liveBufferLatencyMaxLatency: 1.5,
        liveBufferLatencyMinRemain: 0.3,
        lazyLoad: false,
      },
    );
    player.on(mpegts.Events.ERROR, restart);
    player.on(mpegts.Events.LOADING_COMPLETE, restart);
    player.on(mpegts.Events.MEDIA_INFO, () => {
      failures = 0;
    });
    player.attachMediaElement(video);
    player.load();
    void Promise.resolve(player.play()).catch(() => {});
  };
  start();
  return () => {
    stopped = true;
    clearTimeout(timer);
    player?.destroy();
    player = undefined;
  };
}
