import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api';
import { formatDateTime, type MessageKey, t } from '../i18n';
import { href } from '../router';
import { useSession } from '../session';
import { type LeadStage, leadStages } from '../types';
import { describeError } from '../ui/errors';
import { Banner } from '../ui/form';
import { Pending, useLoad } from '../ui/load';

type Stage = LeadStage;
const STAGES = leadStages;
interface Line {
  fact: string;
  points: number;
  text: string;
}
interface LeadSummary {
  contact_id: string;
  name: string;
  email: string;
  company: string | null;
  job_title: string | null;
  score: number;
  breakdown: Line[];
  stage: Stage;
  owner_id: string | null;
  owner_name: string | null;
  mql_at: string | null;
}
interface LeadDetail {
  lead: LeadSummary;
  registrations: {
    id: string;
    event_title: string;
    engagement: number | null;
    minutes_live: number;
    minutes_replay: number;
  }[];
  history: {
    id: string;
    from_stage: Stage | null;
    to_stage: Stage;
    amount: number | null;
    currency: string | null;
    reason: string | null;
    actor_type: string;
    at: string;
  }[];
  touches: {
    id: string;
    kind: 'call' | 'email' | 'note';
    outcome: string | null;
    note: string;
    at: string;
  }[];
  next_stages: Stage[];
}
interface MyLead {
  event_title: string;
  contact_id: string;
  name: string;
  company: string | null;
  score: number;
  stage: Stage;
  due_at: string;
  first_touch_at: string | null;
}

const stageLabel = (s: Stage) => t(`leads.stage.${s}` as MessageKey);
const value = (e: Event) => (e.target as HTMLInputElement).value;

function Breakdown(props: { lines: Line[] }) {
  return html`<ul class="lead-breakdown">
    ${props.lines.map((l) => html`<li key=${l.text} class=${l.points > 0 ? 'plus' : 'minus'}>${l.text}</li>`)}
  </ul>`;
}

/** Leads by score with filters; each row shows why it scored. */
export function LeadsPage() {
  const [q, setQ] = useState('');
  const [company, setCompany] = useState('');
  const [stage, setStage] = useState('');
  const [minScore, setMinScore] = useState('');
  const [mine, setMine] = useState(false);
  const params = { q, company, stage, min_score: minScore, owner: mine ? 'me' : '' };
  const list = useLoad(
    () =>
      api.get<{ leads: LeadSummary[]; total: number }>(
        `/api/v1/leads${query({ ...params, page_size: 100 })}`,
      ),
    [q, company, stage, minScore, mine],
  );
  return html`<div class="page">
    <div class="page-head"><h1>${t('leads.title')}</h1>
      <div class="page-head-actions"><a class="btn" href=${href('/leads/rules')}>${t('leadRules.title')}</a>
      <a class="btn" href=${`/api/v1/leads.csv${query(params)}`} download>${t('leads.export')}</a></div></div>
    <div class="toolbar">
      <input type="search" placeholder=${t('leads.search')} aria-label=${t('leads.search')} value=${q} onInput=${(e: Event) => setQ(value(e))} />
      <input type="search" placeholder=${t('leads.company')} aria-label=${t('leads.company')} value=${company} onInput=${(e: Event) => setCompany(value(e))} />
      <select aria-label=${t('console.leads.stageFilter')} value=${stage} onChange=${(e: Event) => setStage(value(e))}>
        <option value="">${t('leads.anyStage')}</option>
        ${STAGES.map((s) => html`<option value=${s}>${stageLabel(s)}</option>`)}
      </select>
      <input type="number" min="0" max="1000" placeholder=${t('leads.minScore')} value=${minScore} onInput=${(e: Event) => setMinScore(value(e))} />
      <label class="checkbox"><input type="checkbox" checked=${mine} onChange=${(e: Event) => setMine((e.target as HTMLInputElement).checked)} />${t('leads.mine')}</label>
    </div>
    ${
      !list.data
        ? html`<${Pending} error=${list.error} />`
        : list.data.leads.length === 0
          ? html`<div class="empty">${t('leads.empty')}</div>`
          : html`<table class="table leads-table">
              <thead><tr><th>${t('leads.col.name')}</th><th>${t('leads.col.score')}</th><th>${t('leads.col.stage')}</th><th>${t('leads.col.owner')}</th><th>${t('leads.col.why')}</th></tr></thead>
              <tbody>${list.data.leads.map(
                (l) => html`<tr key=${l.contact_id}>
                  <td><a href=${href(`/leads/${l.contact_id}`)}>${l.name}</a><div class="muted">${[l.job_title, l.company].filter(Boolean).join(' · ')}</div></td>
                  <td class="lead-score">${l.score}</td>
                  <td>${stageLabel(l.stage)}</td>
                  <td>${l.owner_name ?? '—'}</td>
                  <td class="muted">${l.breakdown.map((b) => b.text).join(' · ')}</td>
                </tr>`,
              )}</tbody>
            </table>`
    }
  </div>`;
}

/** One lead: score with its breakdown, stage moves, events with engagement, history, touches. */
export function LeadPage(props: { id: string }) {
  const { can } = useSession();
  const lead = useLoad(() => api.get<LeadDetail>(`/api/v1/leads/${props.id}`), [props.id]);
  const [error, setError] = useState<string>();
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('CNY');
  const [reason, setReason] = useState('');
  const [kind, setKind] = useState<'call' | 'email' | 'note'>('call');
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  async function act(run: () => Promise<LeadDetail | unknown>) {
    try {
      await run();
      setError(undefined);
      await lead.reload();
    } catch (err) {
      setError(describeError(err).message);
    }
  }
  if (!lead.data) return html`<div class="page"><${Pending} error=${lead.error} /></div>`;
  const d = lead.data;
  const target = (to || d.next_stages[0]) as Stage | undefined;
  return html`<div class="page lead-page">
    <div class="page-head"><h1>${d.lead.name}</h1><span class="badge">${stageLabel(d.lead.stage)}</span></div>
    <p class="muted">${[d.lead.job_title, d.lead.company, d.lead.email].filter(Boolean).join(' · ')}</p>
    <${Banner} message=${error} />
    <section class="card">
      <h2>${t('lead.score', { score: d.lead.score })}</h2>
      <h3>${t('lead.breakdown')}</h3>
      <${Breakdown} lines=${d.lead.breakdown} />
      ${d.lead.mql_at ? html`<p class="muted">${t('lead.mqlAt', { when: formatDateTime(d.lead.mql_at) })}</p>` : null}
      <p>${d.lead.owner_name ? t('lead.owner', { name: d.lead.owner_name }) : t('lead.noOwner')}</p>
    </section>
    ${
      can('leads:work') && d.next_stages.length
        ? html`<section class="card"><form class="inline-form" onSubmit=${(e: Event) => {
            e.preventDefault();
            void act(() =>
              api.post(`/api/v1/leads/${props.id}/stage`, {
                to: target,
                ...(amount ? { amount: Number(amount) } : {}),
                ...(target === 'opportunity' ? { currency } : {}),
                ...(reason ? { reason } : {}),
              }),
            );
          }}>
            <label>${t('lead.move')} <select name="to" value=${target} onChange=${(e: Event) => setTo(value(e))}>
              ${d.next_stages.map((s) => html`<option value=${s}>${stageLabel(s)}</option>`)}</select></label>
            ${target === 'opportunity' || target === 'won' ? html`<label>${t('lead.amount')} <input name="amount" type="number" min="1" value=${amount} onInput=${(e: Event) => setAmount(value(e))} /></label>` : null}
            ${target === 'opportunity' ? html`<label>${t('lead.currency')} <input name="currency" maxlength="3" value=${currency} onInput=${(e: Event) => setCurrency(value(e).toUpperCase())} /></label>` : null}
            ${target === 'lost' || target === 'disqualified' ? html`<label>${t('lead.reason')} <input name="reason" value=${reason} onInput=${(e: Event) => setReason(value(e))} /></label>` : null}
            <button class="btn btn-primary" type="submit">${t('lead.moveButton')}</button>
          </form></section>`
        : null
    }
    <section class="card"><h2>${t('lead.registrations')}</h2><ul>
      ${d.registrations.map((r) => html`<li key=${r.id}><strong>${r.event_title}</strong> — ${t('lead.engagement', { n: r.engagement ?? 1, live: r.minutes_live, replay: r.minutes_replay })}</li>`)}
    </ul></section>
    <section class="card"><h2>${t('lead.touches')}</h2>
      ${
        can('leads:work')
          ? html`<form class="inline-form" onSubmit=${(e: Event) => {
              e.preventDefault();
              void act(async () => {
                await api.post(`/api/v1/leads/${props.id}/touches`, { kind, outcome, note });
                setNote('');
                setOutcome('');
              });
            }}>
              <select name="kind" aria-label=${t('console.lead.touchKind')} value=${kind} onChange=${(e: Event) => setKind(value(e) as typeof kind)}>
                ${(['call', 'email', 'note'] as const).map((k) => html`<option value=${k}>${t(`lead.touch.${k}`)}</option>`)}</select>
              <input name="outcome" placeholder=${t('lead.outcome')} aria-label=${t('lead.outcome')} value=${outcome} onInput=${(e: Event) => setOutcome(value(e))} />
              <input name="note" placeholder=${t('lead.note')} aria-label=${t('lead.note')} value=${note} onInput=${(e: Event) => setNote(value(e))} />
              <button class="btn" type="submit">${t('lead.logTouch')}</button>
            </form>`
          : null
      }
      <ul class="lead-touches">${d.touches.map((x) => html`<li key=${x.id}>${formatDateTime(x.at)} · ${t(`lead.touch.${x.kind}`)}${x.outcome ? ` · ${x.outcome}` : ''}${x.note ? ` — ${x.note}` : ''}</li>`)}</ul>
    </section>
    <section class="card"><h2>${t('lead.history')}</h2><ul class="lead-history">
      ${d.history.map((h) => html`<li key=${h.id}>${formatDateTime(h.at)} · ${h.from_stage ? `${stageLabel(h.from_stage)} → ` : ''}${stageLabel(h.to_stage)}${h.amount ? ` · ${h.amount}${h.currency ? ` ${h.currency}` : ''}` : ''}${h.reason ? ` · ${h.reason}` : ''}${h.actor_type === 'system' ? ` · ${t('lead.system')}` : ''}</li>`)}
    </ul></section>
  </div>`;
}

/** "3 h 12 min left" / "overdue by …", from the server's now plus the time since it answered. */
function countdown(dueAt: string, now: number) {
  const ms = Date.parse(dueAt) - now;
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const parts = { h: Math.floor(minutes / 60), m: minutes % 60 };
  return ms >= 0 ? t('myLeads.left', parts) : t('myLeads.overdue', parts);
}

/** The leads handed to me, soonest deadline first, with a live countdown. */
export function MyLeadsPage() {
  const mine = useLoad(async () => ({
    ...(await api.get<{ now: string; leads: MyLead[] }>('/api/v1/leads/mine')),
    at: Date.now(),
  }));
  const [tick, setTick] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!mine.data) return html`<div class="page"><${Pending} error=${mine.error} /></div>`;
  // The server's clock decides what is overdue; the countdown runs on from its answer.
  const now = Date.parse(mine.data.now) + (tick - mine.data.at);
  return html`<div class="page">
    <div class="page-head"><h1>${t('myLeads.title')}</h1></div>
    ${
      mine.data.leads.length === 0
        ? html`<div class="empty">${t('myLeads.empty')}</div>`
        : html`<ul class="my-leads">${mine.data.leads.map((l) => {
            const overdue = !l.first_touch_at && Date.parse(l.due_at) < now;
            return html`<li key=${`${l.contact_id}-${l.event_title}`} class=${overdue ? 'my-lead overdue' : 'my-lead'}>
              <a href=${href(`/leads/${l.contact_id}`)}><strong>${l.name}</strong></a>
              <span class="muted">${[l.company, l.event_title].filter(Boolean).join(' · ')}</span>
              <span>${t('lead.score', { score: l.score })} · ${stageLabel(l.stage)}</span>
              <span class="countdown">${l.first_touch_at ? t('myLeads.touched') : countdown(l.due_at, now)}</span>
            </li>`;
          })}</ul>`
    }
  </div>`;
}
