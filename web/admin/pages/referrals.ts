import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { useSession } from '../session';
import { describeError } from '../ui/errors';
import { Banner } from '../ui/form';
import { Pending, useLoad } from '../ui/load';

type RewardKind = 'offer' | 'replay' | 'custom';
interface Gate {
  goal: number;
  reward_kind: RewardKind;
  offer_id: string | null;
  offer_title: string | null;
  reward_text: string | null;
  leaderboard_in_room: boolean;
  updated_at: string;
}
interface GateView {
  gate: Gate | null;
  offers: { id: string; title: string }[];
}
interface Leaderboard {
  leaderboard: {
    registration_id: string;
    name: string;
    email: string;
    company: string | null;
    counted: number;
    not_counted: number;
  }[];
  summary: {
    counted: number;
    not_counted: Record<'self' | 'same_person' | 'same_device' | 'ip_burst', number>;
  };
}

interface Draft {
  goal: number;
  reward_kind: RewardKind;
  offer_id: string | null;
  reward_text: string;
  leaderboard_in_room: boolean;
}
const blank: Draft = {
  goal: 3,
  reward_kind: 'custom',
  offer_id: null,
  reward_text: '',
  leaderboard_in_room: false,
};

/** The event's "invite N to unlock" gate, the rules of what counts, and the referrers' leaderboard. */
export function ReferralsTab(props: { eventId: string }) {
  const { can } = useSession();
  const base = `/api/v1/events/${encodeURIComponent(props.eventId)}`;
  const view = useLoad(() => api.get<GateView>(`${base}/referral-gate`), [base]);
  const board = useLoad(() => api.get<Leaderboard>(`${base}/referrals/leaderboard`), [base]);
  const [draft, setDraft] = useState<Draft>();
  const [banner, setBanner] = useState<{ message: string; kind: 'error' | 'success' }>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  if (!view.data) return html`<${Pending} error=${view.error} />`;
  const saved = view.data.gate;
  const form: Draft = draft ?? (saved ? { ...saved, reward_text: saved.reward_text ?? '' } : blank);
  const edit = (change: Partial<Draft>) => setDraft({ ...form, ...change });
  const editable = can('channels:write');
  const run = async (action: () => Promise<unknown>) => {
    setErrors({});
    try {
      await action();
      await view.reload();
      setDraft(undefined);
      setBanner({ message: t('common.saved'), kind: 'success' });
    } catch (err) {
      const { message, fields } = describeError(err);
      setErrors(fields);
      setBanner({ message, kind: 'error' });
    }
  };
  const error = (name: string) =>
    errors[name]
      ? html`<p class="field-error" role="alert" id=${`gate-${name}-error`}>${errors[name]}</p>`
      : null;
  const submit = (e: Event) => {
    e.preventDefault();
    void run(() =>
      api.put(`${base}/referral-gate`, {
        goal: form.goal,
        reward_kind: form.reward_kind,
        offer_id: form.reward_kind === 'offer' ? form.offer_id : null,
        reward_text: form.reward_text || null,
        leaderboard_in_room: form.leaderboard_in_room,
      }),
    );
  };
  return html`<section class="card" data-testid="referral-gate">
      <h2>${t('referrals.gate')}</h2>
      <p class="muted">${t('referrals.gate.lead')}</p>
      ${saved ? null : html`<p>${t('referrals.gate.none')}</p>`}
      <${Banner} message=${banner?.message} kind=${banner?.kind} />
      <form onSubmit=${submit}>
        <fieldset disabled=${!editable}>
          <div class=${`field${errors.goal ? ' has-error' : ''}`}>
            <label for="gate-goal">${t('referrals.goal')}</label>
            <input id="gate-goal" name="goal" type="number" min="1" max="50" value=${form.goal}
              aria-invalid=${errors.goal ? 'true' : undefined}
              onInput=${(e: Event) => edit({ goal: Number((e.target as HTMLInputElement).value) })} />
            ${error('goal')}
          </div>
          <div class="field">
            <label for="gate-reward">${t('referrals.reward')}</label>
            <select id="gate-reward" name="reward_kind" value=${form.reward_kind}
              onChange=${(e: Event) => edit({ reward_kind: (e.target as HTMLSelectElement).value as RewardKind })}>
              ${(['offer', 'replay', 'custom'] as const).map((k) => html`<option value=${k}>${t(`referrals.reward.${k}`)}</option>`)}
            </select>
          </div>
          ${
            form.reward_kind === 'offer'
              ? html`<div class=${`field${errors.offer_id ? ' has-error' : ''}`}>
                <label for="gate-offer">${t('referrals.offer')}</label>
                ${
                  view.data.offers.length
                    ? html`<select id="gate-offer" name="offer_id" value=${form.offer_id ?? ''}
                      onChange=${(e: Event) => edit({ offer_id: (e.target as HTMLSelectElement).value || null })}>
                      <option value="">—</option>
                      ${view.data.offers.map((o) => html`<option value=${o.id}>${o.title}</option>`)}
                    </select>`
                    : html`<p class="muted">${t('referrals.offer.none')}</p>`
                }
                ${error('offer_id')}
              </div>`
              : null
          }
          <div class=${`field${errors.reward_text ? ' has-error' : ''}`}>
            <label for="gate-text">${t('referrals.reward_text')}</label>
            <textarea id="gate-text" name="reward_text" maxlength="500" rows="2"
              onInput=${(e: Event) => edit({ reward_text: (e.target as HTMLTextAreaElement).value })}>${form.reward_text ?? ''}</textarea>
            ${error('reward_text')}
          </div>
          <label class="check"><input type="checkbox" checked=${form.leaderboard_in_room}
            onChange=${(e: Event) => edit({ leaderboard_in_room: (e.target as HTMLInputElement).checked })} /> ${t('referrals.in_room')}</label>
          <div class="form-actions">
            <button class="btn btn-primary" type="submit">${t('common.save')}</button>
            ${saved ? html`<button class="btn" type="button" onClick=${() => run(() => api.delete(`${base}/referral-gate`))}>${t('referrals.remove')}</button>` : null}
          </div>
        </fieldset>
      </form>
      <details class="rules"><summary>${t('referrals.rules')}</summary><p>${t('referrals.rules.body')}</p></details>
    </section>
    <section class="card" data-testid="referral-leaderboard">
      <h2>${t('referrals.leaderboard')}</h2>
      ${board.data ? html`<${Board} data=${board.data} />` : html`<${Pending} error=${board.error} />`}
    </section>`;
}

function Board(props: { data: Leaderboard }) {
  const { leaderboard, summary } = props.data;
  if (leaderboard.length === 0) return html`<p class="muted">${t('referrals.leaderboard.empty')}</p>`;
  return html`<p class="muted">${t('referrals.summary', { counted: summary.counted, ...summary.not_counted })}</p>
    <table class="table">
      <thead><tr><th>${t('referrals.name')}</th><th>${t('referrals.company')}</th><th>${t('referrals.counted')}</th><th>${t('referrals.not_counted')}</th></tr></thead>
      <tbody>
        ${leaderboard.map(
          (r) =>
            html`<tr key=${r.registration_id}><td>${r.name}<br /><span class="muted">${r.email}</span></td><td>${r.company ?? ''}</td><td>${r.counted}</td><td>${r.not_counted}</td></tr>`,
        )}
      </tbody>
    </table>`;
}
