import { type Corner, composeLayout, type Layout, type Tile } from './layout.js';

/** The host's own participant id; guests are known by their guest link's id. */
export const HOST_ID = 'host';
/** Guests a studio takes (issue 17): with the host, five people at most on stage. */
export const MAX_GUESTS = 4;

/**
 * What the programme shows, kept by the signalling server (so a reloaded host page gets it
 * back) and drawn by the host's browser. `stage` lists who is on stage in order, whether or
 * not they are connected right now: a guest who drops comes back on stage.
 */
export interface Scene {
  layout: Layout;
  corner: Corner;
  /** Speaker id whose name and title the lower-third shows, or null. */
  lowerThird: string | null;
  stage: string[];
  /** Participants the host muted in the programme mix. */
  muted: string[];
  /** Whether the shared screen's own audio goes into the mix. */
  screenAudio: boolean;
}

export type SceneChange =
  | { kind: 'layout'; layout: Layout }
  | { kind: 'corner'; corner: Corner }
  | { kind: 'lower_third'; speakerId: string | null }
  | { kind: 'bring_on'; participantId: string }
  | { kind: 'take_off'; participantId: string }
  | { kind: 'feature'; participantId: string }
  | { kind: 'mute'; participantId: string; muted: boolean }
  | { kind: 'screen_audio'; on: boolean };

export const initialScene = (): Scene => ({
  layout: 'speaker',
  corner: 'bottom_right',
  lowerThird: null,
  stage: [HOST_ID],
  muted: [],
  screenAudio: false,
});

/** Why a change was refused; an i18n key under `studio.error.`. */
export type SceneRefusal = 'unknown_participant' | 'unknown_speaker';

/**
 * Applies one change. `participants` are the ids that may appear (the host and the event's
 * live guest links), `speakers` the event's speaker ids. Unchanged input is never mutated;
 * a refused change leaves the scene as it was.
 */
export function applySceneChange(
  scene: Scene,
  change: SceneChange,
  known: { participants: ReadonlySet<string>; speakers: ReadonlySet<string> },
): { scene: Scene } | { refused: SceneRefusal } {
  const needs = (id: string) => known.participants.has(id);
  switch (change.kind) {
    case 'layout':
      return { scene: { ...scene, layout: change.layout } };
    case 'corner':
      return { scene: { ...scene, corner: change.corner } };
    case 'screen_audio':
      return { scene: { ...scene, screenAudio: change.on } };
    case 'lower_third':
      if (change.speakerId !== null && !known.speakers.has(change.speakerId))
        return { refused: 'unknown_speaker' };
      return { scene: { ...scene, lowerThird: change.speakerId } };
    case 'bring_on':
      if (!needs(change.participantId)) return { refused: 'unknown_participant' };
      if (scene.stage.includes(change.participantId)) return { scene };
      return { scene: { ...scene, stage: [...scene.stage, change.participantId] } };
    case 'take_off':
      if (!scene.stage.includes(change.participantId)) return { scene };
      return { scene: { ...scene, stage: scene.stage.filter((id) => id !== change.participantId) } };
    case 'feature':
      if (!needs(change.participantId)) return { refused: 'unknown_participant' };
      return {
        scene: {
          ...scene,
          stage: [change.participantId, ...scene.stage.filter((id) => id !== change.participantId)],
        },
      };
    case 'mute': {
      if (!needs(change.participantId)) return { refused: 'unknown_participant' };
      const rest = scene.muted.filter((id) => id !== change.participantId);
      return { scene: { ...scene, muted: change.muted ? [...rest, change.participantId] : rest } };
    }
  }
}

/** A guest link revoked or deleted leaves the stage and the mute list. */
export function forgetParticipant(scene: Scene, id: string): Scene {
  return {
    ...scene,
    stage: scene.stage.filter((x) => x !== id),
    muted: scene.muted.filter((x) => x !== id),
  };
}

/** Who is in the picture now: on stage and connected (the host's camera counts when it is on). */
export function peopleInPicture(scene: Scene, present: ReadonlySet<string>): string[] {
  return scene.stage.filter((id) => present.has(id));
}

/** The tiles the host draws for this scene and who is connected. */
export function sceneTiles(
  scene: Scene,
  canvas: { width: number; height: number },
  present: ReadonlySet<string>,
  hasSlides: boolean,
): Tile[] {
  return composeLayout(canvas, scene.layout, {
    corner: scene.corner,
    people: peopleInPicture(scene, present),
    hasSlides,
  });
}

/** Whose voices are in the programme mix: connected, on stage and not muted by the host. */
export function audibleParticipants(scene: Scene, present: ReadonlySet<string>): string[] {
  return peopleInPicture(scene, present).filter((id) => !scene.muted.includes(id));
}
