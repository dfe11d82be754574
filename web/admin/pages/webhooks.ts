import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, query } from '../api';
import { formatDateTime, type MessageKey, t } from '../i18n';
import { CopyField, confirmAction } from '../ui/dialog';
import { describeError } from '../ui/errors';
import { Banner, TextField, useForm } from '../ui/form';
import { Pending, useLoad } from '../ui/load';

const EVENT_TYPES = [
  'registration.created',
  'lead.mql',
  'lead.stage_changed',
  'offer.downloaded',
  'attendance.summary',
] as const;
type EventType = (typeof EVENT_TYPES)[number];

interface Subscription {
  id: string;
  url: string;
  event_types: EventType[];
  description: string;
  enabled: boolean;
  disabled_reason: 'failing' | 'manual' | null;
  consecutive_failures: number;
  /** After a rotation: until when the previous secret still signs deliveries too. */
  previous_secret_expires_at: string | null;
}
interface Delivery {
  id: string;
  subscription_id: string;
  event_type: string;
  status: 'pending' | 'succeeded' | 'failed' | 'cancelled';
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
}

/**
 * Webhooks for CRMs and automation tools: subscriptions, their signing secret (shown once,
 * when created or rotated), the delivery log.
 */
export function WebhooksPage() {
  const subs = useLoad(() => api.get<{ subscriptions: Subscription[] }>('/api/v1/webhooks/subscriptions'));
  const [only, setOnly] = useState('');
  const log = useLoad(
    () =>
      api.get<{ deliveries: Delivery[]; total: number }>(
        `/api/v1/webhooks/deliveries${query({ subscription_id: only || undefined, page_size: 50 })}`,
      ),
    [only],
  );
  const [secret, setSecret] = useState<{ url: string; secret: string; rotated: boolean }>();
  const [error, setError] = useState<string>();
  async function run(action: () => Promise<unknown>) {
    setError(undefined);
    try {
      await action();
      await Promise.all([subs.reload(), log.reload()]);
    } catch (err) {
      setError(describeError(err).message);
    }
  }
  async function rotate(s: Subscription) {
    if (
      !(await confirmAction(t('webhooks.rotateConfirm', { url: s.url }), {
        confirmLabel: t('webhooks.rotate'),
      }))
    )
      return;
    await run(async () => {
      const { subscription } = await api.post<{ subscription: Subscription & { secret: string } }>(
        `/api/v1/webhooks/subscriptions/${s.id}/secret/rotate`,
      );
      setSecret({ url: subscription.url, secret: subscription.secret, rotated: true });
    });
  }
  return html`<div class="page webhooks">
    <h1>${t('webhooks.title')}</h1>
    <p class="muted">${t('webhooks.intro')}</p>
    <${Banner} message=${error} />
    ${
      secret
        ? html`<div class="card secret-once" role="status">
        <p><strong>${t('webhooks.secretOnce', { url: secret.url })}</strong></p>
        ${secret.rotated ? html`<p>${t('webhooks.rotatedHint')}</p>` : null}
        <${CopyField} value=${secret.secret} label=${t('webhooks.secret')} />
        <button type="button" class="btn btn-ghost" onClick=${() => setSecret(undefined)}>${t('webhooks.secretSaved')}</button>
      </div>`
        : null
    }
    <${NewSubscription} onCreated=${async (s: Subscription & { secret: string }) => {
      setSecret({ url: s.url, secret: s.secret, rotated: false });
      await subs.reload();
    }} />
    ${
      !subs.data
        ? html`<${Pending} error=${subs.error} />`
        : subs.data.subscriptions.length === 0
          ? html`<p class="muted">${t('webhooks.empty')}</p>`
          : html`<table class="table subscriptions">
        <thead><tr><th>${t('webhooks.url')}</th><th>${t('webhooks.types')}</th><th>${t('webhooks.state')}</th><th></th></tr></thead>
        <tbody>${subs.data.subscriptions.map(
          (s) => html`<tr key=${s.id}>
            <td><code>${s.url}</code>${s.description ? html`<div class="muted">${s.description}</div>` : null}</td>
            <td>${s.event_types.join(', ')}</td>
            <td>${
              s.enabled
                ? t('webhooks.enabled')
                : html`<span class="badge danger">${t(`webhooks.disabled.${s.disabled_reason ?? 'manual'}` as MessageKey)}</span>`
            }${s.consecutive_failures ? html`<div class="muted">${t('webhooks.failures', { n: s.consecutive_failures })}</div>` : null}${
              s.previous_secret_expires_at
                ? html`<div class="muted previous-secret">${t('webhooks.previousUntil', { when: formatDateTime(s.previous_secret_expires_at) })}</div>`
                : null
            }</td>
            <td>
              <button type="button" class="btn btn-ghost" onClick=${() => run(() => api.patch(`/api/v1/webhooks/subscriptions/${s.id}`, { enabled: !s.enabled }))}>${s.enabled ? t('webhooks.disable') : t('webhooks.enable')}</button>
              <button type="button" class="btn btn-ghost" disabled=${!s.enabled} onClick=${() => run(() => api.post(`/api/v1/webhooks/subscriptions/${s.id}/ping`))}>${t('webhooks.ping')}</button>
              <button type="button" class="btn btn-ghost" onClick=${() => rotate(s)}>${t('webhooks.rotate')}</button>
              <button type="button" class="btn btn-ghost" onClick=${() => setOnly(only === s.id ? '' : s.id)}>${only === s.id ? t('webhooks.allLog') : t('webhooks.itsLog')}</button>
            </td>
          </tr>`,
        )}</tbody></table>`
    }
    <h2>${t('webhooks.log')}</h2>
    ${
      !log.data
        ? html`<${Pending} error=${log.error} />`
        : log.data.deliveries.length === 0
          ? html`<p class="muted">${t('webhooks.noDeliveries')}</p>`
          : html`<table class="table deliveries">
        <thead><tr><th>${t('webhooks.when')}</th><th>${t('webhooks.type')}</th><th>${t('webhooks.status')}</th><th>${t('webhooks.response')}</th><th></th></tr></thead>
        <tbody>${log.data.deliveries.map(
          (d) => html`<tr key=${d.id}>
            <td>${formatDateTime(d.created_at)}</td>
            <td>${d.event_type}</td>
            <td>${t(`webhooks.delivery.${d.status}` as MessageKey)} · ${t('webhooks.attempts', { n: d.attempts })}</td>
            <td>${d.last_status_code ?? '—'}${d.last_error ? html`<div class="muted">${d.last_error}</div>` : null}</td>
            <td>${d.status === 'pending' ? null : html`<button type="button" class="btn btn-ghost" onClick=${() => run(() => api.post(`/api/v1/webhooks/deliveries/${d.id}/redeliver`))}>${t('webhooks.redeliver')}</button>`}</td>
          </tr>`,
        )}</tbody></table>`
    }
  </div>`;
}

function NewSubscription(props: { onCreated: (s: Subscription & { secret: string }) => Promise<void> }) {
  const empty = { url: '', description: '', event_types: ['lead.mql'] as EventType[] };
  const form = useForm(empty);
  const types = form.values.event_types;
  const toggle = (type: EventType) =>
    form.set('event_types', types.includes(type) ? types.filter((x) => x !== type) : [...types, type]);
  const save = form.submit(async (values) => {
    const { subscription } = await api.post<{ subscription: Subscription & { secret: string } }>(
      '/api/v1/webhooks/subscriptions',
      values,
    );
    form.reset(empty);
    await props.onCreated(subscription);
  });
  return html`<form class="card" onSubmit=${save} novalidate>
    <h2>${t('webhooks.new')}</h2>
    <${Banner} message=${form.banner} />
    <${TextField} form=${form} name="url" type="url" label=${t('webhooks.url')} required placeholder="https://" />
    <${TextField} form=${form} name="description" label=${t('webhooks.description')} />
    <fieldset><legend>${t('webhooks.types')}</legend>
      ${EVENT_TYPES.map(
        (type) =>
          html`<label class="check"><input type="checkbox" name=${`type-${type}`} checked=${types.includes(type)} onChange=${() => toggle(type)} /> <code>${type}</code></label>`,
      )}
      ${form.errors.event_types ? html`<p class="field-error" role="alert">${form.errors.event_types}</p>` : null}
    </fieldset>
    <button class="btn btn-primary" type="submit" disabled=${form.busy}>${t('webhooks.add')}</button>
  </form>`;
}
