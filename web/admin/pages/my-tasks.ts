import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { formatDateTime, t } from '../i18n';
import { href } from '../router';
import type { SopTask } from '../sop-types';
import { describeError } from '../ui/errors';
import { Banner } from '../ui/form';
import { Pending, useLoad } from '../ui/load';
import '../sop.css';

type MyTask = SopTask & { event_title: string; event_timezone: string };

/** My tasks across events, soonest first, and my daily digest choice. */
export function MyTasksPage() {
  const [showClosed, setShowClosed] = useState(false);
  const mine = useLoad(
    () =>
      api.get<{ tasks: MyTask[]; daily_digest: boolean }>(
        `/api/v1/sop/my-tasks?include_closed=${showClosed}`,
      ),
    [showClosed],
  );
  const [error, setError] = useState<string>();
  async function setDigest(on: boolean) {
    try {
      await api.put('/api/v1/sop/digest', { daily_digest: on });
      await mine.reload();
    } catch (err) {
      setError(describeError(err).message);
    }
  }
  return html`<div class="page">
    <div class="page-head"><h1>${t('my.title')}</h1></div>
    <${Banner} message=${error} />
    <div class="toolbar">
      <label class="checkbox">
        <input type="checkbox" checked=${mine.data?.daily_digest ?? true} disabled=${!mine.data} onChange=${(e: Event) => setDigest((e.target as HTMLInputElement).checked)} />
        ${t('my.digest')}
      </label>
      <label class="checkbox">
        <input type="checkbox" checked=${showClosed} onChange=${(e: Event) => setShowClosed((e.target as HTMLInputElement).checked)} />
        ${t('my.showClosed')}
      </label>
    </div>
    ${
      !mine.data
        ? html`<${Pending} error=${mine.error} />`
        : mine.data.tasks.length === 0
          ? html`<div class="empty">${t('my.empty')}</div>`
          : html`<ul class="sop-task-list sop-my-tasks">
              ${mine.data.tasks.map(
                (
                  task,
                ) => html`<li key=${task.id} class=${`sop-task sop-status-${task.status}${task.risk ? ` sop-task-${task.risk}` : ''}`}>
                  <a class="sop-task-main" href=${href(`/events/${task.event_id}/sop`)}>
                    <span class="sop-task-title">${task.title}</span>
                    <span class="sop-task-meta">
                      <span class="sop-tlabel">${task.t_label}</span>
                      <span>${task.event_title}</span>
                      <span>${formatDateTime(task.due_at, task.event_timezone)}</span>
                      <span>${t(`sop.status.${task.status}`)}</span>
                      ${task.risk ? html`<span class=${`badge sop-risk-${task.risk}`}>${t(`sop.risk.${task.risk}`)}</span>` : null}
                    </span>
                  </a>
                </li>`,
              )}
            </ul>`
    }
  </div>`;
}
