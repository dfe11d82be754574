import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePlaylist, selectReplay, totalSeconds, vodPlaylist } from './replay.js';

const recording = `#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:4
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-DISCONTINUITY
#EXTINF:4.000000,
#EXT-X-PROGRAM-DATE-TIME:2026-01-01T10:00:00.000+0000
r0.ts
#EXTINF:4.000000,
#EXT-X-PROGRAM-DATE-TIME:2026-01-01T10:00:04.000+0000
r1.ts
#EXTINF:4.000000,
r2.ts
#EXT-X-DISCONTINUITY
#EXTINF:3.500000,
#EXT-X-PROGRAM-DATE-TIME:2026-01-01T10:00:20.000+0000
r3.ts
#EXTINF:4.000000,
#EXT-X-PROGRAM-DATE-TIME:2026-01-01T10:00:23.500+0000
r4.ts
`;

describe('replay from the recording', () => {
  const segments = parsePlaylist(recording);

  it('parses segments with their wall-clock start, filling missing date-times', () => {
    assert.deepEqual(
      segments.map((s) => [
        s.uri,
        s.duration,
        new Date(s.startsAt).toISOString().slice(11, 23),
        s.discontinuity,
      ]),
      [
        ['r0.ts', 4, '10:00:00.000', true],
        ['r1.ts', 4, '10:00:04.000', false],
        ['r2.ts', 4, '10:00:08.000', false],
        ['r3.ts', 3.5, '10:00:20.000', true],
        ['r4.ts', 4, '10:00:23.500', false],
      ],
    );
  });

  it('keeps the segments overlapping the live windows, marking gaps and reconnects', () => {
    const kept = selectReplay(segments, [{ start: '2026-01-01T10:00:05Z', end: '2026-01-01T10:00:21Z' }], 0);
    assert.deepEqual(
      kept.map((s) => [s.uri, s.discontinuity]),
      [
        ['r1.ts', false],
        ['r2.ts', false],
        ['r3.ts', true],
      ],
    );
    const two = selectReplay(
      segments,
      [
        { start: '2026-01-01T10:00:00Z', end: '2026-01-01T10:00:03Z' },
        { start: '2026-01-01T10:00:09Z', end: null },
      ],
      Date.parse('2026-01-01T10:00:10Z'),
    );
    assert.deepEqual(
      two.map((s) => [s.uri, s.discontinuity]),
      [
        ['r0.ts', false],
        ['r2.ts', true],
      ],
    );
  });

  it('extends window ends by the slack, so the last moments before End are kept', () => {
    const windows = [{ start: '2026-01-01T10:00:00Z', end: '2026-01-01T10:00:18Z' }];
    assert.deepEqual(
      selectReplay(segments, windows, 0).map((s) => s.uri),
      ['r0.ts', 'r1.ts', 'r2.ts'],
    );
    assert.deepEqual(
      selectReplay(segments, windows, 0, 5000).map((s) => s.uri),
      ['r0.ts', 'r1.ts', 'r2.ts', 'r3.ts'],
    );
  });

  it('returns nothing when nothing was recorded while live', () => {
    assert.deepEqual(
      selectReplay(segments, [{ start: '2026-01-01T11:00:00Z', end: '2026-01-01T11:01:00Z' }], 0),
      [],
    );
    assert.deepEqual(selectReplay(segments, [], 0), []);
  });

  it('writes a VOD playlist players can seek in', () => {
    const kept = selectReplay(segments, [{ start: '2026-01-01T10:00:05Z', end: '2026-01-01T10:00:21Z' }], 0);
    const text = vodPlaylist(kept);
    assert.equal(
      text,
      [
        '#EXTM3U',
        '#EXT-X-VERSION:3',
        '#EXT-X-TARGETDURATION:4',
        '#EXT-X-MEDIA-SEQUENCE:0',
        '#EXT-X-PLAYLIST-TYPE:VOD',
        '#EXTINF:4.000,',
        'r1.ts',
        '#EXTINF:4.000,',
        'r2.ts',
        '#EXT-X-DISCONTINUITY',
        '#EXTINF:3.500,',
        'r3.ts',
        '#EXT-X-ENDLIST',
        '',
      ].join('\n'),
    );
    assert.equal(totalSeconds(kept), 11.5);
  });
});
