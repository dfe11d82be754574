import type { AttachOptions, Detach } from './hls.js';

const RETRY_MS = 2000;

/** True where the HTTP-FLV low-latency path can work: Media Source Extensions with H.264 + AAC. */
export const lowLatencySupported = () =>
  typeof MediaSource !== 'undefined' &&
  MediaSource.isTypeSupported('video/mp4; codecs="avc1.42E01E,mp4a.40.2"');

/**
 * The low-latency path: the RTMP stream relayed as HTTP-FLV, demuxed by mpegts.js.
 * An ended response (encoder reconnecting) is retried; repeated failures call onFatal
 * so the room falls back to HLS.
 */
export function attachFlv(video: HTMLVideoElement, url: string, opts: AttachOptions): Detach {
  let player: import('mpegts.js').default.Player | undefined;
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
    timer = setTimeout(() => void start(), RETRY_MS);
  };
  const start = async () => {
    // Loaded on demand: most viewers use HLS and never download the FLV demuxer.
    const { default: mpegts } = await import('mpegts.js');
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
  void start();
  return () => {
    stopped = true;
    clearTimeout(timer);
    player?.destroy();
    player = undefined;
  };
}
