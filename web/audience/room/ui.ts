// Preact + htm, shared by both panels: a hook that follows the room client's state.

import htm from 'htm';
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RoomClient, RoomState } from './client.js';

export const html = htm.bind(h);

export function useRoom(client: RoomClient): RoomState {
  const [state, setState] = useState(client.state);
  useEffect(() => client.subscribe(() => setState(client.state)), [client]);
  return state;
}

/** A one-line notice that disappears after a few seconds. */
export function useToast(): [string | null, (text: string) => void] {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    if (!text) return;
    const t = window.setTimeout(() => setText(null), 4000);
    return () => window.clearTimeout(t);
  }, [text]);
  return [text, setText];
}

export const formatTime = (iso: string, locale: string) =>
  new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });

/** Poll results as bars: votes per option with its share. */
export function PollBars({
  poll,
  t,
}: {
  poll: { options: string[]; results: number[] };
  t: (k: string, p?: Record<string, number>) => string;
}) {
  const total = poll.results.reduce((a, b) => a + b, 0);
  return html`<div>
    ${poll.options.map((o, i) => {
      const n = poll.results[i] ?? 0;
      const pct = total ? Math.round((n / total) * 100) : 0;
      return html`<div class="lcr-bar" key=${i}><i style=${`width:${pct}%`}></i><span>${o} · ${pct}% (${n})</span></div>`;
    })}
    <div class="lcr-q"><span class="meta">${t('room.polls.votes', { count: total })}</span></div>
  </div>`;
}

/** Keeps a chat list scrolled to the newest line, unless the reader scrolled up to read. */
export function useStickToBottom(size: number) {
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onScroll = () => {
      pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    };
    el.addEventListener('scroll', onScroll);
    return () => el.removeEventListener('scroll', onScroll);
  }, []);
  useEffect(() => {
    const el = ref.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [size]);
  return ref;
}

/** The panel's tab bar; `n` shows a count badge (unread, pending) when above zero. */
export function Tabs<T extends string>(props: {
  tabs: [T, string, number][];
  current: T;
  onSelect: (tab: T) => void;
}) {
  return html`<div class="lcr-tabs" role="tablist">
    ${props.tabs.map(
      ([id, label, n]) =>
        html`<button role="tab" key=${id} data-tab=${id} aria-selected=${props.current === id} onClick=${() => props.onSelect(id)}>${label}${n > 0 && html`<span class="lcr-count">${n}</span>`}</button>`,
    )}
  </div>`;
}
