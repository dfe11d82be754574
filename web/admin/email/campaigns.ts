import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { formatDateTime, t } from '../i18n';
import { useSession } from '../session';
import type { LcEvent } from '../types';
import { confirmAction } from '../ui/dialog';
import { describeError } from '../ui/errors';
import { Banner, TextField, useForm } from '../ui/form';
import { Pending, useLoad } from '../ui/load';
import { audienceLabel, Counts } from './labels';
import { type Campaign, type CampaignAudience, campaignAudienceKinds, segments } from './types';

/** A select value ("attendees", "segment:registered_absent") as an audience. */
const audienceFrom = (value: string): CampaignAudience =>
  value.startsWith('segment:')
    ? { kind: 'segment', segment: value.slice(8) as (typeof segments)[number] }
    : { kind: value as (typeof campaignAudienceKinds)[number] };

/** `datetime-local` wants "2030-12-10T14:00" in the viewer's time. */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** One-off emails to an audience of the event (incl. the leads domain's nurture segments): draft, word, test, send. */
export function CampaignsSection(props: {
  event: LcEvent;
  onEdit: (key: string, name: string) => void;
  onLog: (key: string) => void;
}) {
  const { can } = useSession();
  const base = `/api/v1/events/${props.event.id}/email/campaigns`;
  const list = useLoad(() => api.get<{ campaigns: Campaign[] }>(base).then((r) => r.campaigns), [base]);
  const [banner, setBanner] = useState<{ message: string; kind: 'error' | 'success' }>();
  const form = useForm({ name: '', audience: 'registrants' });
  const create = form.submit(async (values) => {
    const { campaign } = await api.post<{ campaign: Campaign }>(base, {
      name: values.name,
      audience: audienceFrom(values.audience),
    });
    form.reset({ name: '', audience: values.audience });
    props.onEdit(campaign.template_key, campaign.name);
  });
  async function act(action: () => Promise<unknown>, success?: string) {
    try {
      await action();
      setBanner(success ? { message: success, kind: 'success' } : undefined);
    } catch (err) {
      setBanner({ message: describeError(err).message, kind: 'error' });
    }
    await list.reload();
  }
  const canWrite = can('mail:write');
  return html`<section class="card">
    <h2>${t('email.section.campaigns')}</h2>
    <p class="field-hint">${t('email.campaigns.intro')}</p>
    <${Banner} message=${banner?.message} kind=${banner?.kind} />
    ${
      canWrite
        ? html`<form class="email-new-campaign" onSubmit=${create}>
            <h3>${t('email.campaign.new')}</h3>
            <${Banner} message=${form.banner} />
            <${TextField} form=${form} name="name" label=${t('email.campaign.name')} required=${true} />
            <div class="field">
              <label for="email-audience">${t('email.campaign.audience')}</label>
              <select id="email-audience" name="audience" value=${form.values.audience} onChange=${(e: Event) => form.set('audience', (e.target as HTMLSelectElement).value)}>
                ${campaignAudienceKinds.map((k) => html`<option value=${k}>${t(`email.audience.${k}`)}</option>`)}
                ${segments.map((s) => html`<option value=${`segment:${s}`}>${t(`email.segment.${s}`)}</option>`)}
              </select>
            </div>
            <button type="submit" class="btn btn-primary" disabled=${form.busy}>${t('email.campaign.create')}</button>
          </form>`
        : null
    }
    ${
      !list.data
        ? html`<${Pending} error=${list.error} />`
        : list.data.length === 0
          ? html`<p class="empty">${t('email.campaigns.empty')}</p>`
          : html`<ul class="email-campaigns">
              ${list.data.map(
                (c) =>
                  html`<${CampaignRow} key=${c.id} campaign=${c} base=${base} canWrite=${canWrite} act=${act}
                    onEdit=${() => props.onEdit(c.template_key, c.name)} onLog=${() => props.onLog(c.template_key)} />`,
              )}
            </ul>`
    }
  </section>`;
}

function CampaignRow(props: {
  campaign: Campaign;
  base: string;
  canWrite: boolean;
  act: (action: () => Promise<unknown>, success?: string) => Promise<void>;
  onEdit: () => void;
  onLog: () => void;
}) {
  const c = props.campaign;
  const url = `${props.base}/${c.id}`;
  const [sendAt, setSendAt] = useState(() => localInputValue(new Date(Date.now() + 3_600_000)));
  const open = c.status === 'draft' || c.status === 'scheduled';
  const audience = audienceLabel(c.audience);
  const sendNow = async () => {
    if (!(await confirmAction(t('email.campaign.confirmNow', { name: c.name, audience })))) return;
    await props.act(() => api.post(`${url}/schedule`, {}));
  };
  const schedule = (e: Event) => {
    e.preventDefault();
    return props.act(
      () => api.post(`${url}/schedule`, { send_at: new Date(sendAt).toISOString() }),
      t('email.campaign.scheduled'),
    );
  };
  const stop = async () => {
    if (!(await confirmAction(t('email.campaign.confirmStop', { name: c.name }), { danger: true }))) return;
    await props.act(() => api.post(`${url}/cancel`, {}));
  };
  return html`<li class="email-campaign">
    <div class="email-step-head">
      <strong>${c.name}</strong>
      <span class=${`badge email-campaign-${c.status}`}>${t(`email.campaign.status.${c.status}`)}</span>
    </div>
    <p class="muted small">${audience}${c.status === 'scheduled' && c.send_at ? ` · ${t('email.campaign.sendsAt', { time: formatDateTime(c.send_at) })}` : ''}</p>
    <${Counts} counts=${c.counts} />
    <div class="row-actions">
      ${open ? html`<button type="button" class="btn btn-ghost" onClick=${props.onEdit}>${t('email.editWording')}</button>` : null}
      ${c.counts ? html`<button type="button" class="btn btn-ghost" onClick=${props.onLog}>${t('email.section.log')}</button>` : null}
      ${open && props.canWrite ? html`<button type="button" class="btn btn-primary" onClick=${sendNow}>${t('email.campaign.sendNow')}</button>` : null}
      ${(c.status === 'scheduled' || c.status === 'started') && props.canWrite ? html`<button type="button" class="btn btn-danger-outline" onClick=${stop}>${t('email.campaign.stop')}</button>` : null}
    </div>
    ${
      open && props.canWrite
        ? html`<form class="email-schedule" onSubmit=${schedule}>
            <label>${t('email.campaign.sendAt')}
              <input type="datetime-local" required value=${sendAt} onInput=${(e: Event) => setSendAt((e.target as HTMLInputElement).value)} />
            </label>
            <button type="submit" class="btn">${t('email.campaign.schedule')}</button>
          </form>`
        : null
    }
  </li>`;
}
