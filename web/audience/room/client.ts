// The room's WebSocket client, shared by the audience panel and the host panel:
// connect, reconnect with backoff, resend unacknowledged posts with their original ids
// (the server answers a resend with the first result, so nothing shows twice), keep the
// room's state from the `welcome` snapshot and the `batch` events, send heartbeats.

// biome-ignore lint/suspicious/noExplicitAny: frames are JSON read field by field
export type Json = Record<string, any>;

export interface Message {
  id: string;
  cid: string;
  name: string;
  staff: boolean;
  body: string;
  at: string;
  viewerId?: string;
  status?: string;
  reason?: string | null;
}

export interface Pending {
  cid: string;
  body: string;
  status: 'sending' | 'held' | 'blocked';
}

export interface RoomState {
  connected: boolean;
  everConnected: boolean;
  you: { viewerId: string; name: string; host: boolean } | null;
  viewers: number;
  chatMode: 'open' | 'hold' | 'closed';
  checkinOpen: boolean;
  announcement: string | null;
  messages: Message[];
  pending: Pending[];
  questions: Json[];
  polls: Json[];
  offers: Json[];
  muted: { until: string | null; reason?: string } | null;
  appeal: 'none' | 'sent' | 'denied';
  pollAnswers: Record<string, number[]>;
  upvoted: string[];
  /** Ids of this viewer's own messages (never offered for reporting). */
  own: string[];
  checkedIn: boolean;
  lottery: { prize: string; winners: string[] } | null;
  won: string | null;
  held: Message[];
  reports: Json[];
  appeals: Json[];
  mutes: Json[];
  fatal: string | null;
}

const MAX_MESSAGES = 200;

export const newClientId = () =>
  (globalThis.crypto?.randomUUID?.() ?? `${Date.now()}${Math.random()}`)
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 32);

const upsert = (list: Json[], item: Json) => {
  const i = list.findIndex((x) => x.id === item.id);
  return i === -1 ? [...list, item] : list.map((x, j) => (j === i ? item : x));
};

export class RoomClient {
  state: RoomState = {
    connected: false,
    everConnected: false,
    you: null,
    viewers: 0,
    chatMode: 'open',
    checkinOpen: false,
    announcement: null,
    messages: [],
    pending: [],
    questions: [],
    polls: [],
    offers: [],
    muted: null,
    appeal: 'none',
    pollAnswers: {},
    upvoted: [],
    own: [],
    checkedIn: false,
    lottery: null,
    won: null,
    held: [],
    reports: [],
    appeals: [],
    mutes: [],
    fatal: null,
  };
  private ws: WebSocket | null = null;
  private listeners = new Set<() => void>();
  private waiting = new Map<string, { resolve: (v: Json) => void; reject: (e: Json) => void }>();
  private refs = 0;
  private retry = 0;
  private heartbeat: number | undefined;
  private stopped = false;

  constructor(
    private readonly url: () => string,
    private readonly playing: () => boolean = () => document.visibilityState === 'visible',
  ) {}

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Records something this viewer did that the server confirmed (voted, checked in…). */
  patch(change: Partial<RoomState>): void {
    this.set(change);
  }

  private set(change: Partial<RoomState>) {
    this.state = { ...this.state, ...change };
    for (const fn of this.listeners) fn();
  }

  connect(): void {
    this.stopped = false;
    const ws = new WebSocket(this.url());
    this.ws = ws;
    ws.onmessage = (e) => this.receive(JSON.parse(String(e.data)) as Json);
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      window.clearInterval(this.heartbeat);
      for (const w of this.waiting.values()) w.reject({ code: 'UNAVAILABLE' });
      this.waiting.clear();
      this.set({ connected: false });
      // 1008 = policy (flooding); refusals at connect arrive as an HTTP error before open;
      // 4401 = a staff socket whose session ended (sign-out, expiry, role change);
      // 4403 = a viewer whose registration was revoked. Neither reconnects.
      if (this.stopped) return;
      if (e.code === 4401 || e.code === 4403) {
        this.set({ fatal: e.code === 4401 ? 'SESSION_ENDED' : 'ACCESS_ENDED' });
        return;
      }
      if (!this.state.everConnected && this.retry > 3) {
        this.set({ fatal: 'UNAUTHENTICATED' });
        return;
      }
      const delay = Math.min(15_000, 500 * 2 ** this.retry++) * (0.5 + Math.random() / 2);
      window.setTimeout(() => this.connect(), e.code === 1008 ? 5000 : delay);
    };
  }

  close(): void {
    this.stopped = true;
    this.ws?.close();
  }

  private receive(frame: Json): void {
    if (frame.type === 'welcome') {
      this.welcome(frame);
      return;
    }
    if (frame.type === 'batch') {
      for (const e of frame.events as Json[]) {
        const change = this.change(e);
        if (change) this.set(change);
      }
      return;
    }
    if ((frame.type === 'ack' || frame.type === 'error') && frame.ref) {
      const w = this.waiting.get(frame.ref);
      this.waiting.delete(frame.ref);
      if (frame.type === 'ack') w?.resolve(frame.result ?? {});
      else w?.reject(frame);
    }
  }

  private welcome(f: Json): void {
    const room = f.room as Json;
    const byId = new Map<string, Message>();
    for (const m of [...this.state.messages, ...(room.messages as Message[])]) byId.set(m.id, m);
    const personal = f.personal as Json;
    if (f.you.viewerToken) localStorage.setItem('lc-room-viewer', f.you.viewerToken);
    this.retry = 0;
    this.set({
      connected: true,
      everConnected: true,
      you: f.you,
      viewers: f.viewers,
      chatMode: room.chatMode,
      checkinOpen: room.checkinOpen,
      announcement: room.announcement,
      messages: [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).slice(-MAX_MESSAGES),
      questions: room.questions,
      polls: room.polls,
      offers: room.offers,
      muted: personal.muted,
      pollAnswers: personal.pollAnswers,
      upvoted: personal.upvoted,
      own: [...new Set([...this.state.own, ...((personal.ownMessages as string[] | undefined) ?? [])])],
      checkedIn: personal.checkedIn,
      held: room.held ?? [],
      reports: room.reports ?? [],
      appeals: room.appeals ?? [],
      mutes: room.mutes ?? [],
    });
    window.clearInterval(this.heartbeat);
    this.heartbeat = window.setInterval(
      () => this.raw({ type: 'heartbeat', playing: this.playing() }),
      f.heartbeatSeconds * 1000,
    );
    for (const p of this.state.pending.filter((x) => x.status === 'sending')) void this.post(p.cid, p.body);
  }

  /** The state change a room event makes (undefined: none). */
  private change(e: Json): Partial<RoomState> | undefined {
    const s = this.state;
    const host = s.you?.host ?? false;
    switch (e.type) {
      case 'chat.message': {
        const m = e.message as Message;
        if (s.messages.some((x) => x.id === m.id)) return undefined;
        const mine = s.pending.some((p) => p.cid === m.cid);
        return {
          messages: [...s.messages, m].slice(-MAX_MESSAGES),
          ...(mine ? { own: [...s.own, m.id] } : {}),
          pending: s.pending.filter((p) => p.cid !== m.cid),
          held: s.held.filter((x) => x.id !== m.id),
        };
      }
      case 'chat.removed':
        return {
          messages: s.messages.filter((m) => m.id !== e.id),
          held: s.held.filter((m) => m.id !== e.id),
        };
      case 'chat.mode':
        return { chatMode: e.mode };
      case 'announcement':
        return { announcement: e.text };
      case 'viewers':
        return { viewers: e.count };
      case 'checkin':
        return { checkinOpen: e.open };
      case 'question':
        return {
          questions:
            e.question.status === 'dismissed' && !host
              ? s.questions.filter((q) => q.id !== e.question.id)
              : upsert(s.questions, e.question),
        };
      case 'poll':
        return { polls: upsert(s.polls, e.poll) };
      case 'offer':
        return {
          offers:
            e.offer.status !== 'live' && !host
              ? s.offers.filter((o) => o.id !== e.offer.id)
              : upsert(s.offers, e.offer),
        };
      case 'lottery':
        return { lottery: { prize: e.prize, winners: e.winners } };
      case 'you.muted':
        return { muted: { until: e.until, reason: e.reason }, appeal: 'none' };
      case 'you.unmuted':
        return { muted: null, appeal: 'none' };
      case 'you.appeal':
        return { appeal: e.status === 'denied' ? 'denied' : 'none' };
      case 'you.won':
        return { won: e.prize };
      case 'mod.held':
        return { held: [...s.held, e.message] };
      case 'mod.report':
        return { reports: [...s.reports, e.report] };
      case 'mod.report.closed':
        return { reports: s.reports.filter((r) => r.id !== e.reportId) };
      case 'mod.appeal':
        return { appeals: [...s.appeals, e.appeal] };
      case 'mod.appeal.closed':
        return { appeals: s.appeals.filter((a) => a.id !== e.appealId) };
      case 'mod.muted':
        return { mutes: [...s.mutes.filter((m) => m.viewerId !== e.mute.viewerId), e.mute] };
      case 'mod.unmuted':
        return { mutes: s.mutes.filter((m) => m.viewerId !== e.viewerId) };
    }
  }

  private raw(frame: Json): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ v: 1, ...frame }));
  }

  /** Sends a command; resolves with the ack's result, rejects with the error frame. */
  request(frame: Json): Promise<Json> {
    if (this.ws?.readyState !== WebSocket.OPEN) return Promise.reject({ code: 'UNAVAILABLE' });
    const ref = `r${++this.refs}`;
    return new Promise((resolve, reject) => {
      this.waiting.set(ref, { resolve, reject });
      this.raw({ ...frame, ref });
    });
  }

  /** Posts a chat message under a client id; kept as pending (and resent after a reconnect) until acknowledged. */
  async post(cid: string, body: string): Promise<void> {
    if (!this.state.pending.some((p) => p.cid === cid))
      this.set({ pending: [...this.state.pending, { cid, body, status: 'sending' }] });
    try {
      const result = await this.request({ type: 'chat.send', id: cid, body });
      const status = result.status as string;
      if (status === 'visible') {
        if (result.messageId && !this.state.own.includes(result.messageId))
          this.set({ own: [...this.state.own, result.messageId] });
        if (this.state.messages.some((m) => m.cid === cid))
          this.set({ pending: this.state.pending.filter((p) => p.cid !== cid) });
      } else {
        this.set({
          pending: this.state.pending.map((p) =>
            p.cid === cid ? { ...p, status: status as Pending['status'] } : p,
          ),
        });
      }
    } catch (err) {
      if ((err as Json).code === 'UNAVAILABLE') return;
      this.set({ pending: this.state.pending.filter((p) => p.cid !== cid) });
      throw err;
    }
  }
}
