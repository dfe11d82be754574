/**
 * The programme's sound, mixed with Web Audio: every participant (and the shared screen)
 * is a source → gain (the host's mute) → analyser (the level meter) → the programme mix.
 * Each guest gets a "mix-minus" — everyone audible but themselves — so they hear the others
 * without the echo of their own voice. The host hears the guests (not themselves).
 * Echo cancellation and noise suppression come from the browser's getUserMedia.
 */
export class Mixer {
  readonly ctx = new AudioContext({ latencyHint: 'interactive' });
  readonly programme = this.ctx.createMediaStreamDestination();
  private readonly monitor = this.ctx.createGain();
  private readonly inputs = new Map<
    string,
    { source: MediaStreamAudioSourceNode; gain: GainNode; analyser: AnalyserNode }
  >();
  private readonly minus = new Map<string, MediaStreamAudioDestinationNode>();
  private audible = new Set<string>();
  private readonly buffer = new Float32Array(1024);

  constructor(private readonly selfId: string) {
    this.monitor.connect(this.ctx.destination);
  }

  /** A participant's (or 'slides') audio track; null removes it. */
  setInput(id: string, stream: MediaStream | null) {
    const old = this.inputs.get(id);
    if (old) {
      old.source.disconnect();
      old.gain.disconnect();
      this.inputs.delete(id);
    }
    if (!stream || stream.getAudioTracks().length === 0) return this.rewire();
    const source = this.ctx.createMediaStreamSource(stream);
    const gain = this.ctx.createGain();
    const analyser = this.ctx.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    source.connect(gain);
    this.inputs.set(id, { source, gain, analyser });
    this.rewire();
  }

  /** Who is heard: on stage and not muted (see audibleParticipants), plus 'slides' when screen audio is on. */
  setAudible(ids: Iterable<string>) {
    this.audible = new Set(ids);
    this.rewire();
  }

  /** The stream a guest receives: the programme without their own voice. */
  mixMinus(guestId: string): MediaStream {
    let dest = this.minus.get(guestId);
    if (!dest) {
      dest = this.ctx.createMediaStreamDestination();
      this.minus.set(guestId, dest);
      this.rewire();
    }
    return dest.stream;
  }

  dropMixMinus(guestId: string) {
    this.minus.get(guestId)?.disconnect();
    this.minus.delete(guestId);
  }

  private rewire() {
    for (const [id, input] of this.inputs) {
      input.gain.disconnect();
      input.gain.gain.value = this.audible.has(id) ? 1 : 0;
      input.gain.connect(this.programme);
      if (id !== this.selfId) input.gain.connect(this.monitor);
      for (const [guestId, dest] of this.minus) if (guestId !== id) input.gain.connect(dest);
    }
  }

  /** Peak level 0…1 of a participant's input right now (before the mute: a muted guest still shows they speak). */
  level(id: string): number {
    const input = this.inputs.get(id);
    if (!input) return 0;
    input.analyser.getFloatTimeDomainData(this.buffer);
    let peak = 0;
    for (const s of this.buffer) peak = Math.max(peak, Math.abs(s));
    return Math.min(1, peak);
  }

  resume() {
    void this.ctx.resume();
  }
}
