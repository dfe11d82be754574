// The registrant's invitations in the live room: progress towards the event's referral gate
// (counted referrals only), their personal link to copy, and the top inviters when the team
// shows the leaderboard. Read from GET /api/v1/public/registrations/:token/invitation.
import { useEffect, useState } from 'preact/hooks';
import { messages } from '../../../src/promotion/messages.js';
import { html } from './ui.js';

interface Invitation {
  invite_url: string;
  poster_urls: { story: string; square: string };
  gate: {
    goal: number;
    counted: number;
    remaining: number;
    unlocked: boolean;
    reward_kind: 'offer' | 'replay' | 'custom';
    reward_title: string | null;
    reward_url: string | null;
  } | null;
  leaderboard: { name: string; counted: number }[] | null;
}

/** Progress moves as colleagues register: the room asks again every half minute. */
const REFRESH_MS = 30_000;

function translator(locale: string) {
  const table: Record<string, string> = locale.startsWith('zh') ? messages['zh-CN'] : messages.en;
  return (key: string, params: Record<string, string | number> = {}) =>
    (table[key] ?? key).replace(/\{(\w+)\}/g, (m, name: string) =>
      name in params ? String(params[name]) : m,
    );
}

export function InviteBanner({ token, locale }: { token: string; locale: string }) {
  const t = translator(locale);
  const [data, setData] = useState<Invitation>();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    let stopped = false;
    const load = () =>
      fetch(`/api/v1/public/registrations/${encodeURIComponent(token)}/invitation`)
        .then((r) => (r.ok ? (r.json() as Promise<Invitation>) : undefined))
        .then((d) => {
          if (d && !stopped) setData(d);
        })
        .catch(() => {});
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [token]);
  if (!data) return null;
  const gate = data.gate;
  const copy = () =>
    navigator.clipboard?.writeText(data.invite_url).then(
      () => setCopied(true),
      () => {},
    );
  const reward = gate
    ? (gate.reward_title ?? (gate.reward_kind === 'replay' ? t('gate.reward.replay') : ''))
    : '';
  const plural = gate && new Intl.PluralRules(locale).select(gate.remaining) === 'one' ? 'one' : 'other';
  return html`<div class="lcr-banner info" data-testid="room-invite">
    ${
      gate
        ? html`<div><strong data-testid="room-gate-progress">${t('gate.progress', { counted: gate.counted, goal: gate.goal })}</strong>
          · ${gate.unlocked ? t('gate.unlocked', { reward }) : t(`gate.remaining.${plural}`, { remaining: gate.remaining, reward })}
          ${gate.unlocked && gate.reward_url ? html` <a href=${gate.reward_url} target="_blank" rel="noopener">${t('gate.open_reward')}</a>` : null}</div>`
        : null
    }
    <div class="lcr-row"><button class="lcr-link" type="button" onClick=${copy}>${copied ? '✓ ' : ''}${t('share.copy')}</button>
      <a class="lcr-link" href=${`${data.poster_urls.story}&download=1`}>${t('poster.title')}</a></div>
    ${
      data.leaderboard?.length
        ? html`<details><summary>${t('gate.leaderboard')}</summary><ol>${data.leaderboard.map(
            (r) => html`<li>${r.name} · ${r.counted}</li>`,
          )}</ol></details>`
        : null
    }
  </div>`;
}
