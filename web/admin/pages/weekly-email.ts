import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { formatDateTime, getLocale, t } from '../i18n';
import { href } from '../router';
import { useSession } from '../session';
import { describeError } from '../ui/errors';
import { Banner, SelectField, useForm } from '../ui/form';
import { Pending, useLoad } from '../ui/load';
import { timeZoneOptions } from './event-form';

export interface WeeklySchedule {
  weekday: number;
  hour: number;
  timezone: string;
}
type ScheduleReply = { schedule: WeeklySchedule; next_run_at: string };
type EmailReply = ScheduleReply & { weekly_email: boolean };

const URL = '/api/v1/analytics/weekly-email';

/** "Monday" for ISO weekday 1 … "Sunday" for 7, in the console's language. */
const weekdayName = (weekday: number) =>
  new Intl.DateTimeFormat(getLocale(), { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, weekday)),
  );
const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** My own choice on the weekly review page: off until I turn it on. */
export function WeeklyEmailToggle() {
  const { can } = useSession();
  const mine = useLoad(() => api.get<EmailReply>(URL));
  const [error, setError] = useState<string>();
  async function set(on: boolean) {
    try {
      await api.put(URL, { weekly_email: on });
      setError(undefined);
      await mine.reload();
    } catch (err) {
      setError(describeError(err).message);
    }
  }
  if (!mine.data) return html`<${Pending} error=${mine.error} />`;
  const { schedule, next_run_at, weekly_email } = mine.data;
  return html`<div class="toolbar weekly-email">
    <${Banner} message=${error} />
    <label class="checkbox">
      <input type="checkbox" checked=${weekly_email} onChange=${(e: Event) => set((e.target as HTMLInputElement).checked)} />
      ${t('analytics.email.toggle')}
    </label>
    <span class="muted">${t('analytics.email.when', {
      weekday: weekdayName(schedule.weekday),
      hour: hourLabel(schedule.hour),
      timeZone: schedule.timezone,
      next: formatDateTime(next_run_at),
    })}</span>
    ${can('organisation:manage') ? html`<a href=${href('/team')}>${t('analytics.email.change')}</a>` : null}
  </div>`;
}

/** The organisation's send time (admins), beside the organisation settings. */
export function WeeklyEmailScheduleCard() {
  const current = useLoad(() => api.get<EmailReply>(URL));
  if (!current.data) return html`<${Pending} error=${current.error} />`;
  return html`<${ScheduleForm} reply=${current.data} />`;
}

const asFields = (s: WeeklySchedule) => ({
  weekday: String(s.weekday),
  hour: String(s.hour),
  timezone: s.timezone,
});

function ScheduleForm(props: { reply: ScheduleReply }) {
  const [next, setNext] = useState(props.reply.next_run_at);
  const [saved, setSaved] = useState(false);
  const form = useForm(asFields(props.reply.schedule));
  const onSubmit = form.submit(async (values) => {
    setSaved(false);
    const reply = await api.put<ScheduleReply>(`${URL}/schedule`, {
      weekday: Number(values.weekday),
      hour: Number(values.hour),
      timezone: values.timezone,
    });
    form.reset(asFields(reply.schedule));
    setNext(reply.next_run_at);
    setSaved(true);
  });
  const weekdays = [1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: weekdayName(d) }));
  const hours = Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: hourLabel(h) }));
  return html`<section class="card" data-testid="weekly-email-schedule">
    <h2>${t('analytics.email.schedule.title')}</h2>
    <p class="field-hint">${t('analytics.email.schedule.hint')}</p>
    <form onSubmit=${onSubmit} novalidate>
      <${Banner} message=${form.banner} />
      ${saved ? html`<${Banner} kind="success" message=${t('common.saved')} />` : null}
      <${SelectField} form=${form} name="weekday" label=${t('analytics.email.schedule.weekday')} options=${weekdays} />
      <${SelectField} form=${form} name="hour" label=${t('analytics.email.schedule.hour')} options=${hours} />
      <${SelectField} form=${form} name="timezone" label=${t('field.timezone')} options=${timeZoneOptions(form.values.timezone)} />
      <p class="muted">${t('analytics.email.schedule.next', { next: formatDateTime(next) })}</p>
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled=${form.busy}>${t('common.save')}</button></div>
    </form>
  </section>`;
}
