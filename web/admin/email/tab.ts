import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { formatDateTime, t } from '../i18n';
import { href } from '../router';
import { useSession } from '../session';
import type { LcEvent } from '../types';
import { confirmAction } from '../ui/dialog';
import { describeError } from '../ui/errors';
import { Banner } from '../ui/form';
import { Pending, useLoad } from '../ui/load';
import { CampaignsSection } from './campaigns';
import { anchorOf, Counts, plural, stepName } from './labels';
import { DeliveryLog } from './log';
import { TemplateEditor } from './template-editor';
import type { EmailPlan, PlanStep } from './types';
import './email.css';

const sections = ['plan', 'campaigns', 'log'] as const;
type Section = (typeof sections)[number];
/** While the tab is open the plan's counts are refreshed this often (a send in progress moves them). */
const REFRESH_MS = 10_000;

/**
 * An event's Email tab: the plan (steps on/off, timing, status), each step's and campaign's
 * wording with a live preview, campaigns to audiences, and the delivery log.
 */
export function EmailTab(props: { event: LcEvent; onEventChanged: () => Promise<void> }) {
  const [section, setSection] = useState<Section>('plan');
  const [editing, setEditing] = useState<{ key: string; name: string }>();
  const [logKey, setLogKey] = useState<string>();
  const edit = (key: string, name: string) => setEditing({ key, name });
  const showLog = (key?: string) => {
    setLogKey(key);
    setSection('log');
  };
  if (editing)
    return html`<${TemplateEditor}
      event=${props.event}
      templateKey=${editing.key}
      name=${editing.name}
      onClose=${() => setEditing(undefined)}
    />`;
  return html`<div class="email-tab">
    <div class="email-sections" role="group" aria-label=${t('email.sections')}>
      ${sections.map(
        (s) =>
          html`<button type="button" class=${`btn ${s === section ? 'btn-primary' : ''}`} aria-pressed=${s === section} onClick=${() => (s === 'log' ? showLog() : setSection(s))}>
            ${t(`email.section.${s}`)}
          </button>`,
      )}
      <a class="email-suppressions-link" href=${href('/team/suppressions')}>${t('suppressions.link')}</a>
    </div>
    ${
      section === 'plan'
        ? html`<${PlanSection} event=${props.event} onEdit=${edit} onLog=${showLog} onEventChanged=${props.onEventChanged} />`
        : section === 'campaigns'
          ? html`<${CampaignsSection} event=${props.event} onEdit=${edit} onLog=${showLog} />`
          : html`<${DeliveryLog} eventId=${props.event.id} initialKey=${logKey} />`
    }
  </div>`;
}

function PlanSection(props: {
  event: LcEvent;
  onEdit: (key: string, name: string) => void;
  onLog: (key: string) => void;
  onEventChanged: () => Promise<void>;
}) {
  const url = `/api/v1/events/${props.event.id}/email/plan`;
  const plan = useLoad(() => api.get<{ plan: EmailPlan }>(url).then((r) => r.plan), [props.event.id]);
  const [banner, setBanner] = useState<{ message: string; kind: 'error' | 'success' }>();
  useEffect(() => {
    const timer = setInterval(() => void plan.reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [props.event.id]);
  if (!plan.data) return html`<${Pending} error=${plan.error} />`;
  const data = plan.data;
  async function update(step: PlanStep, change: { enabled?: boolean; offset_minutes?: number }) {
    try {
      const res = await api.patch<{ plan: EmailPlan }>(`${url}/${step.step}`, change);
      plan.set(res.plan);
      setBanner({ message: t('email.stepSaved'), kind: 'success' });
    } catch (err) {
      setBanner({ message: describeError(err).message, kind: 'error' });
    }
  }
  const transport =
    data.transport === 'outbox'
      ? t('email.transport.outbox')
      : data.rate_per_minute > 0
        ? t('email.transport.smtp', { rate: data.rate_per_minute })
        : t('email.transport.smtpUnlimited');
  return html`<section class="card">
    <h2>${t('email.section.plan')}</h2>
    <p class="field-hint">${t('email.intro')}</p>
    <p class="muted">${transport}</p>
    ${data.relay_problem ? html`<div class="banner banner-error email-relay" role="alert">${t('email.relayProblem', { answer: data.relay_problem })}</div>` : null}
    <${Banner} message=${banner?.message} kind=${banner?.kind} />
    <ul class="email-steps">
      ${data.steps.map(
        (s) =>
          html`<${StepRow} key=${s.step} step=${s} event=${props.event} onUpdate=${(c: Parameters<typeof update>[1]) => update(s, c)} onEdit=${() => props.onEdit(s.step, stepName(s.step))} onLog=${() => props.onLog(s.step)} />`,
      )}
    </ul>
    <${CancelEvent} event=${props.event} onCancelled=${async (notified: boolean) => {
      setBanner({
        message: t(notified ? 'email.cancelEvent.notified' : 'email.cancelEvent.done'),
        kind: 'success',
      });
      await Promise.all([plan.reload(), props.onEventChanged()]);
    }} />
  </section>`;
}

function stateOf(step: PlanStep, timeZone: string): string {
  if (step.started_at)
    return `${t('email.state.started', { time: formatDateTime(step.started_at, timeZone) })} · ${plural('email.recipients', step.recipients)}`;
  if (!step.enabled) return t('email.state.off');
  if (step.due_at) return t('email.state.due', { time: formatDateTime(step.due_at, timeZone) });
  return t('email.state.waiting');
}

function StepRow(props: {
  step: PlanStep;
  event: LcEvent;
  onUpdate: (change: { enabled?: boolean; offset_minutes?: number }) => Promise<void>;
  onEdit: () => void;
  onLog: () => void;
}) {
  const { can } = useSession();
  const { step } = props;
  const canWrite = can('mail:write');
  const [offset, setOffset] = useState(String(step.offset_minutes ?? ''));
  const anchor = anchorOf[step.step];
  const name = stepName(step.step);
  const hasOffset = step.offset_minutes !== null;
  const changed = hasOffset && offset !== String(step.offset_minutes);
  return html`<li class=${`email-step${step.enabled ? '' : ' is-off'}`}>
    <div class="email-step-head">
      <label class="checkbox email-step-switch">
        <input type="checkbox" checked=${step.enabled} disabled=${!canWrite} aria-label=${`${t('email.sendStep')}: ${name}`} onChange=${(
          e: Event,
        ) => props.onUpdate({ enabled: (e.target as HTMLInputElement).checked })} />
        <strong>${name}</strong>
      </label>
      <span class="email-step-state">${stateOf(step, props.event.timezone)}</span>
    </div>
    <p class="muted small">
      ${t(`email.audience.${step.audience}`)} · ${t(step.marketing ? 'email.marketing' : 'email.transactional')}
    </p>
    ${
      hasOffset
        ? html`<form class="email-offset" onSubmit=${(e: Event) => {
            e.preventDefault();
            void props.onUpdate({ offset_minutes: Number(offset) });
          }}>
            <input type="number" inputmode="numeric" min="0" max="20160" step="1" value=${offset} disabled=${!canWrite}
              aria-label=${t('email.offsetOf', { step: name })} onInput=${(e: Event) => setOffset((e.target as HTMLInputElement).value)} />
            <span>${t(`email.timing.${anchor}`)}</span>
            ${changed && canWrite ? html`<button type="submit" class="btn">${t('common.save')}</button>` : null}
          </form>`
        : html`<p class="email-offset">${t(`email.timing.${anchor}`)}</p>`
    }
    <${Counts} counts=${step.counts} />
    <div class="row-actions">
      <button type="button" class="btn btn-ghost" onClick=${props.onEdit}>${t('email.editWording')}</button>
      ${step.started_at ? html`<button type="button" class="btn btn-ghost" onClick=${props.onLog}>${t('email.section.log')}</button>` : null}
    </div>
  </li>`;
}

function CancelEvent(props: { event: LcEvent; onCancelled: (notified: boolean) => Promise<void> }) {
  const { can } = useSession();
  const [notify, setNotify] = useState(true);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (!can('events:write') || props.event.status !== 'scheduled') return null;
  async function cancel() {
    if (
      !(await confirmAction(t('email.cancelEvent.confirm'), {
        danger: true,
        confirmLabel: t('email.cancelEvent'),
      }))
    )
      return;
    setBusy(true);
    try {
      const res = await api.post<{ notified: boolean }>(
        `/api/v1/events/${props.event.id}/email/cancel-event`,
        {
          notify,
        },
      );
      await props.onCancelled(res.notified);
    } catch (err) {
      setError(describeError(err).message);
    } finally {
      setBusy(false);
    }
  }
  return html`<div class="email-cancel">
    <h3>${t('email.cancelEvent')}</h3>
    <p class="field-hint">${t('email.cancelEvent.hint')}</p>
    <${Banner} message=${error} />
    <label class="checkbox"><input type="checkbox" checked=${notify} onChange=${(e: Event) => setNotify((e.target as HTMLInputElement).checked)} /> ${t('email.cancelEvent.notify')}</label>
    <div><button type="button" class="btn btn-danger-outline" disabled=${busy} onClick=${cancel}>${t('email.cancelEvent')}</button></div>
  </div>`;
}
