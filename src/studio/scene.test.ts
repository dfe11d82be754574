import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applySceneChange,
  audibleParticipants,
  forgetParticipant,
  HOST_ID,
  initialScene,
  type Scene,
  type SceneChange,
  sceneTiles,
} from './scene.js';

const known = { participants: new Set([HOST_ID, 'g1', 'g2']), speakers: new Set(['s1']) };
const apply = (scene: Scene, change: SceneChange) => {
  const out = applySceneChange(scene, change, known);
  if ('refused' in out) throw new Error(out.refused);
  return out.scene;
};
const canvas = { width: 1280, height: 720 };

describe('studio scene switching', () => {
  it('starts with the host alone on stage, speaker layout', () => {
    const s = initialScene();
    assert.deepEqual(s.stage, [HOST_ID]);
    assert.equal(s.layout, 'speaker');
  });

  it('brings guests on stage in order and takes them off; repeats change nothing', () => {
    let s = apply(initialScene(), { kind: 'bring_on', participantId: 'g1' });
    s = apply(s, { kind: 'bring_on', participantId: 'g2' });
    s = apply(s, { kind: 'bring_on', participantId: 'g1' });
    assert.deepEqual(s.stage, [HOST_ID, 'g1', 'g2']);
    s = apply(s, { kind: 'take_off', participantId: 'g1' });
    s = apply(s, { kind: 'take_off', participantId: 'g1' });
    assert.deepEqual(s.stage, [HOST_ID, 'g2']);
    s = apply(s, { kind: 'feature', participantId: 'g2' });
    assert.deepEqual(s.stage, ['g2', HOST_ID]);
  });

  it('refuses unknown participants and speakers, leaving the scene untouched', () => {
    const s = initialScene();
    assert.deepEqual(applySceneChange(s, { kind: 'bring_on', participantId: 'intruder' }, known), {
      refused: 'unknown_participant',
    });
    assert.deepEqual(applySceneChange(s, { kind: 'lower_third', speakerId: 'nobody' }, known), {
      refused: 'unknown_speaker',
    });
    assert.deepEqual(s, initialScene());
  });

  it('switches layout, corner, lower-third and screen audio without touching the stage', () => {
    let s = apply(initialScene(), { kind: 'bring_on', participantId: 'g1' });
    s = apply(s, { kind: 'layout', layout: 'slides_pip' });
    s = apply(s, { kind: 'corner', corner: 'top_left' });
    s = apply(s, { kind: 'lower_third', speakerId: 's1' });
    s = apply(s, { kind: 'screen_audio', on: true });
    assert.deepEqual(s, {
      layout: 'slides_pip',
      corner: 'top_left',
      lowerThird: 's1',
      stage: [HOST_ID, 'g1'],
      muted: [],
      screenAudio: true,
    });
    assert.equal(apply(s, { kind: 'lower_third', speakerId: null }).lowerThird, null);
  });

  it('a guest who drops leaves the picture but keeps their place, and is back when they reconnect', () => {
    let s = apply(initialScene(), { kind: 'bring_on', participantId: 'g1' });
    s = apply(s, { kind: 'layout', layout: 'grid' });
    const both = new Set([HOST_ID, 'g1']);
    assert.deepEqual(
      sceneTiles(s, canvas, both, false).map((t) => t.source),
      [HOST_ID, 'g1'],
    );
    const dropped = new Set([HOST_ID]);
    assert.deepEqual(
      sceneTiles(s, canvas, dropped, false).map((t) => t.source),
      [HOST_ID],
    );
    assert.deepEqual(s.stage, [HOST_ID, 'g1']);
    assert.deepEqual(
      sceneTiles(s, canvas, both, false).map((t) => t.source),
      [HOST_ID, 'g1'],
    );
  });

  it('mixes the voices of connected people on stage minus those the host muted', () => {
    let s = apply(initialScene(), { kind: 'bring_on', participantId: 'g1' });
    s = apply(s, { kind: 'bring_on', participantId: 'g2' });
    s = apply(s, { kind: 'mute', participantId: 'g2', muted: true });
    assert.deepEqual(audibleParticipants(s, new Set([HOST_ID, 'g1', 'g2'])), [HOST_ID, 'g1']);
    s = apply(s, { kind: 'mute', participantId: 'g2', muted: false });
    assert.deepEqual(audibleParticipants(s, new Set([HOST_ID, 'g2'])), [HOST_ID, 'g2']);
  });

  it('forgets a revoked guest', () => {
    let s = apply(initialScene(), { kind: 'bring_on', participantId: 'g1' });
    s = apply(s, { kind: 'mute', participantId: 'g1', muted: true });
    s = forgetParticipant(s, 'g1');
    assert.deepEqual(s.stage, [HOST_ID]);
    assert.deepEqual(s.muted, []);
  });
});
