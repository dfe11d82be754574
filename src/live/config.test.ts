import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../config.js';

describe('live settings', () => {
  it('defaults to the embedded RTMP server on 1935 and tells encoders the public host', () => {
    const c = loadConfig({ PUBLIC_BASE_URL: 'https://webinars.example.com' });
    assert.equal(c.live.ingest, 'embedded');
    assert.equal(c.live.rtmpPort, 1935);
    assert.equal(c.live.rtmpPublicUrl, 'rtmp://webinars.example.com:1935/live');
    assert.equal(c.live.segmentSeconds, 1);
    assert.equal(c.live.ladder, '');
  });

  it('requires a playback URL template for an external media server', () => {
    assert.throws(() => loadConfig({ LIVE_INGEST: 'external' }), ConfigError);
    const c = loadConfig({
      LIVE_INGEST: 'external',
      LIVE_PLAYBACK_URL_TEMPLATE: 'https://cdn.example.com/live/{path}.m3u8',
    });
    assert.equal(c.live.playbackUrlTemplate, 'https://cdn.example.com/live/{path}.m3u8');
  });

  it('lists every bad live setting at once', () => {
    try {
      loadConfig({ RTMP_PORT: '99999', LIVE_TRANSCODE_LADDER: '720p', RTMP_PUBLIC_URL: 'http://x' });
      assert.fail('should throw');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      assert.deepEqual(err.problems.map((p) => p.split(':')[0]).sort(), [
        'LIVE_TRANSCODE_LADDER',
        'RTMP_PORT',
        'RTMP_PUBLIC_URL',
      ]);
    }
  });

  it('binds RTMP where HTTP listens unless RTMP_HOST says otherwise', () => {
    assert.equal(loadConfig({ HOST: '127.0.0.1' }).live.rtmpHost, '127.0.0.1');
    assert.equal(loadConfig({ HOST: '127.0.0.1', RTMP_HOST: '0.0.0.0' }).live.rtmpHost, '0.0.0.0');
    const c = loadConfig({});
    assert.equal(c.live.rtmpHost, '0.0.0.0');
    assert.equal(c.live.rtmpMaxConnections, 64);
    assert.equal(c.live.rtmpMaxConnectionsPerAddress, 8);
    assert.equal(c.live.rtmpHandshakeTimeoutMs, 5000);
  });
});
