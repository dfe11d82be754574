import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type FieldErrors } from '../api';
import { formatNumber, getLocale, type MessageKey, t, tCount } from '../i18n';
import { useSession } from '../session';
import type { LcEvent } from '../types';
import { confirmAction } from '../ui/dialog';
import { describeError } from '../ui/errors';
import { Banner } from '../ui/form';
import { Pending, useLoad } from '../ui/load';

const FIELDS = ['region', 'industry', 'company_size', 'company'] as const;
type Field = (typeof FIELDS)[number];

interface Settings {
  sla_hours: number;
  working_hours: { start: string; end: string } | null;
  assignment_rules: { field: Field; in: string[]; owner_id: string; owner_name: string | null }[];
}
interface Sla {
  assigned: number;
  followed_up: number;
  followed_up_in_time: number;
  overdue: number;
  percent_in_time: number | null;
  median_minutes_to_first_touch: number | null;
}
interface Owner {
  user_id: string;
  name: string;
}

interface Draft {
  sla_hours: string;
  office_hours: boolean;
  start: string;
  end: string;
  rules: { field: Field; values: string; owner_id: string }[];
}
const toDraft = (s: Settings): Draft => ({
  sla_hours: String(s.sla_hours),
  office_hours: s.working_hours !== null,
  start: s.working_hours?.start ?? '09:00',
  end: s.working_hours?.end ?? '18:00',
  rules: s.assignment_rules.map((r) => ({ field: r.field, values: r.in.join(', '), owner_id: r.owner_id })),
});

const NONE = '—';
/** "87.5 %" in the user's language; "—" when nobody was handed off yet. */
const percent = (p: number | null) =>
  p === null
    ? NONE
    : new Intl.NumberFormat(getLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(p / 100);
/** "2 h 5 min" / "40 min"; "—" when no lead was touched yet. */
function duration(minutes: number | null) {
  if (minutes === null) return NONE;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? t('eventLeads.hoursMinutes', { h: formatNumber(h), m }) : t('eventLeads.minutes', { m });
}
const inputValue = (e: Event) => (e.target as HTMLInputElement).value;

/** An event's leads: SLA compliance, "Hand off now", and the follow-up SLA and assignment settings. */
export function EventLeadsTab(props: { event: LcEvent }) {
  const { can } = useSession();
  const id = props.event.id;
  const sla = useLoad(() => api.get<{ sla: Sla }>(`/api/v1/events/${id}/leads/sla`), [id]);
  const [banner, setBanner] = useState<{ message: string; kind: 'error' | 'success' }>();
  const [busy, setBusy] = useState(false);
  const ended = props.event.status === 'ended' || props.event.status === 'on_demand';

  async function handOff() {
    if (!(await confirmAction(t('eventLeads.handoffConfirm'), { confirmLabel: t('eventLeads.handoff') })))
      return;
    setBusy(true);
    setBanner(undefined);
    try {
      const { assigned } = await api.post<{ assigned: number }>(`/api/v1/events/${id}/leads/handoff`);
      setBanner({
        message: tCount({ one: 'eventLeads.handedOff.one', other: 'eventLeads.handedOff' }, assigned),
        kind: 'success',
      });
      await sla.reload();
    } catch (err) {
      setBanner({ message: describeError(err).message, kind: 'error' });
    } finally {
      setBusy(false);
    }
  }

  const s = sla.data?.sla;
  return html`<div class="event-leads">
    <section class="card" data-testid="event-sla">
      <h2>${t('eventLeads.sla')}</h2>
      <${Banner} message=${banner?.message} kind=${banner?.kind} />
      ${
        !s
          ? html`<${Pending} error=${sla.error} />`
          : html`<dl class="sla-figures">
              <div><dt>${t('eventLeads.inTime')}</dt><dd data-figure="percent">${percent(s.percent_in_time)}</dd>
                ${s.assigned ? html`<span class="muted">${t('eventLeads.inTimeOf', { n: formatNumber(s.followed_up_in_time), total: formatNumber(s.assigned) })}</span>` : null}</div>
              <div><dt>${t('eventLeads.median')}</dt><dd data-figure="median">${duration(s.median_minutes_to_first_touch)}</dd></div>
              <div><dt>${t('eventLeads.followedUp')}</dt><dd data-figure="followed">${s.assigned ? `${formatNumber(s.followed_up)} / ${formatNumber(s.assigned)}` : NONE}</dd></div>
              <div><dt>${t('eventLeads.overdue')}</dt><dd data-figure="overdue">${s.assigned ? formatNumber(s.overdue) : NONE}</dd></div>
            </dl>
            ${s.assigned === 0 ? html`<p class="muted">${t('eventLeads.nothingYet')}</p>` : null}`
      }
      ${
        can('leads:manage')
          ? html`<div class="form-actions">
              <button type="button" class="btn" disabled=${busy} onClick=${handOff}>${t('eventLeads.handoff')}</button>
              <span class="field-hint">${ended ? t('eventLeads.handoffHint') : t('eventLeads.handoffAfterEnd')}</span>
            </div>`
          : null
      }
    </section>
    <${SettingsCard} eventId=${id} onSaved=${() => sla.reload()} />
  </div>`;
}

function SettingsCard(props: { eventId: string; onSaved: () => Promise<void> }) {
  const { can } = useSession();
  const editable = can('leads:manage');
  const url = `/api/v1/events/${props.eventId}/leads/settings`;
  const loaded = useLoad(() => api.get<{ settings: Settings }>(url), [props.eventId]);
  // The teammates a rule can name: only those who manage leads may list them.
  const owners = useLoad(
    () => (editable ? api.get<{ owners: Owner[] }>('/api/v1/leads/owners') : Promise.resolve({ owners: [] })),
    [editable],
  );
  const [draft, setDraft] = useState<Draft>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<{ message: string; kind: 'error' | 'success' }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (loaded.data) setDraft(toDraft(loaded.data.settings));
  }, [loaded.data]);
  if (!loaded.data || !draft)
    return html`<section class="card"><${Pending} error=${loaded.error} /></section>`;

  const edit = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const editRule = (i: number, change: Partial<Draft['rules'][number]>) =>
    edit({ rules: draft.rules.map((r, j) => (j === i ? { ...r, ...change } : r)) });
  const ownerList = owners.data?.owners ?? [];
  const shown = new Set(['sla_hours', 'working_hours.start', 'working_hours.end', 'assignment_rules']);
  draft.rules.forEach((_, i) => {
    for (const f of ['field', 'in', 'owner_id']) shown.add(`assignment_rules.${i}.${f}`);
  });

  async function save(e: Event) {
    e.preventDefault();
    if (!draft) return;
    setBusy(true);
    setErrors({});
    setBanner(undefined);
    try {
      const { settings } = await api.put<{ settings: Settings }>(url, {
        sla_hours: draft.sla_hours.trim() === '' ? null : Number(draft.sla_hours),
        working_hours: draft.office_hours ? { start: draft.start, end: draft.end } : null,
        assignment_rules: draft.rules.map((r) => ({
          field: r.field,
          in: r.values
            .split(/[,，]/)
            .map((v) => v.trim())
            .filter(Boolean),
          owner_id: r.owner_id,
        })),
      });
      loaded.set({ settings });
      setBanner({ message: t('common.saved'), kind: 'success' });
      await props.onSaved();
    } catch (err) {
      const { message, fields } = describeError(err);
      setErrors(fields);
      const unshown = Object.entries(fields).filter(([name]) => !shown.has(name));
      setBanner({ message: [message, ...unshown.map(([, text]) => text)].join(' — '), kind: 'error' });
    } finally {
      setBusy(false);
    }
  }
  const error = (key: string) =>
    errors[key]
      ? html`<p class="field-error" role="alert" id=${`${key.replaceAll('.', '-')}-error`}>${errors[key]}</p>`
      : null;
  const cls = (key: string, extra = '') => `field${extra}${errors[key] ? ' has-error' : ''}`;
  // The settings name each rule's owner, so a reader who may not list the team still sees who.
  const savedNames = new Map(loaded.data.settings.assignment_rules.map((r) => [r.owner_id, r.owner_name]));
  const ownerName = (ownerId: string) =>
    ownerList.find((o) => o.user_id === ownerId)?.name ??
    savedNames.get(ownerId) ??
    t('eventLeads.formerOwner');

  return html`<section class="card" data-testid="event-lead-settings">
    <h2>${t('eventLeads.settings')}</h2>
    <${Banner} message=${banner?.message} kind=${banner?.kind} />
    <form onSubmit=${save} novalidate>
      <fieldset disabled=${!editable || busy} class="rules-fieldset">
        <div class=${cls('sla_hours')}>
          <label for="leads-sla-hours">${t('eventLeads.slaHours')}</label>
          <input id="leads-sla-hours" name="sla_hours" type="number" min="1" max="720" step="1" value=${draft.sla_hours}
            aria-invalid=${errors.sla_hours ? 'true' : undefined} onInput=${(e: Event) => edit({ sla_hours: inputValue(e) })} />
          ${error('sla_hours') ?? html`<p class="field-hint">${t('eventLeads.slaHours.hint')}</p>`}
        </div>
        <label class="check"><input type="checkbox" name="office_hours" checked=${draft.office_hours}
          onChange=${(e: Event) => edit({ office_hours: (e.target as HTMLInputElement).checked })} /> ${t('eventLeads.officeHours')}</label>
        ${
          draft.office_hours
            ? html`<div class="inline-form">
                <div class=${cls('working_hours.start')}>
                  <label for="leads-start">${t('eventLeads.start')}</label>
                  <input id="leads-start" name="working_hours.start" type="time" value=${draft.start}
                    aria-invalid=${errors['working_hours.start'] ? 'true' : undefined} onInput=${(e: Event) => edit({ start: inputValue(e) })} />
                  ${error('working_hours.start')}
                </div>
                <div class=${cls('working_hours.end')}>
                  <label for="leads-end">${t('eventLeads.end')}</label>
                  <input id="leads-end" name="working_hours.end" type="time" value=${draft.end}
                    aria-invalid=${errors['working_hours.end'] ? 'true' : undefined} onInput=${(e: Event) => edit({ end: inputValue(e) })} />
                  ${error('working_hours.end')}
                </div>
              </div>`
            : null
        }
        <h3>${t('eventLeads.rules')}</h3>
        <p class="muted">${t('eventLeads.rules.hint')}</p>
        ${error('assignment_rules')}
        ${draft.rules.length === 0 ? html`<p class="muted">${t('eventLeads.rules.none')}</p>` : null}
        <ol class="rule-list">
          ${draft.rules.map((r, i) => {
            const k = (f: string) => `assignment_rules.${i}.${f}`;
            return html`<li class="rule-row" key=${i}>
              <div class=${cls(k('field'))}>
                <label for=${`assign-${i}-field`}>${t('eventLeads.field')}</label>
                <select id=${`assign-${i}-field`} name=${k('field')} value=${r.field} onChange=${(e: Event) => editRule(i, { field: inputValue(e) as Field })}>
                  ${FIELDS.map((f) => html`<option value=${f}>${t(`eventLeads.field.${f}` as MessageKey)}</option>`)}
                </select>
                ${error(k('field'))}
              </div>
              <div class=${cls(k('in'), ' rule-values')}>
                <label for=${`assign-${i}-values`}>${t('eventLeads.values')}</label>
                <input id=${`assign-${i}-values`} name=${k('in')} value=${r.values} aria-invalid=${errors[k('in')] ? 'true' : undefined}
                  onInput=${(e: Event) => editRule(i, { values: inputValue(e) })} />
                ${error(k('in')) ?? html`<p class="field-hint">${t('leadRules.values.hint')}</p>`}
              </div>
              <div class=${cls(k('owner_id'))}>
                <label for=${`assign-${i}-owner`}>${t('eventLeads.owner')}</label>
                <select id=${`assign-${i}-owner`} name=${k('owner_id')} value=${r.owner_id} onChange=${(e: Event) => editRule(i, { owner_id: inputValue(e) })}>
                  ${r.owner_id ? null : html`<option value="">—</option>`}
                  ${ownerList.some((o) => o.user_id === r.owner_id) || !r.owner_id ? null : html`<option value=${r.owner_id}>${ownerName(r.owner_id)}</option>`}
                  ${ownerList.map((o) => html`<option value=${o.user_id}>${o.name}</option>`)}
                </select>
                ${error(k('owner_id'))}
              </div>
              ${
                editable
                  ? html`<button type="button" class="btn btn-ghost rule-remove" onClick=${() => edit({ rules: draft.rules.filter((_, j) => j !== i) })}>${t('leadRules.remove')}</button>`
                  : null
              }
            </li>`;
          })}
        </ol>
        ${
          editable
            ? html`<div class="form-actions">
                <button type="button" class="btn" onClick=${() => edit({ rules: [...draft.rules, { field: 'region', values: '', owner_id: ownerList[0]?.user_id ?? '' }] })}>${t('eventLeads.addRule')}</button>
                <button type="submit" class="btn btn-primary" disabled=${busy}>${t('common.save')}</button>
              </div>`
            : null
        }
      </fieldset>
    </form>
  </section>`;
}
