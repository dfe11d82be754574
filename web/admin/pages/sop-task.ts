import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { formatDateTime, t } from '../i18n';
import type { Room, SopTask, TaskStatus } from '../sop-types';
import { describeError } from '../ui/errors';
import { Banner } from '../ui/form';
import { useLoad } from '../ui/load';
import { ImageUpload } from '../ui/upload';

interface Detail {
  task: SopTask;
  comments: { id: string; author_name: string | null; body: string; created_at: string }[];
  attachments: { id: string; kind: 'link' | 'file'; label: string; href: string }[];
}

/** One task opened: what and when, evidence, assignee, status, comments, deliverables. */
export function TaskPanel(props: {
  task: SopTask;
  room: Room;
  onClose: () => void;
  onChanged: () => Promise<void>;
}) {
  const { task, room } = props;
  const base = `/api/v1/events/${task.event_id}/sop/tasks/${task.id}`;
  const detail = useLoad(() => api.get<Detail>(base), [task.id, task.version]);
  const [error, setError] = useState<string>();
  const [reason, setReason] = useState(task.status_reason ?? '');
  const [comment, setComment] = useState('');
  const [link, setLink] = useState({ label: '', url: '' });
  const [busy, setBusy] = useState(false);
  const tz = room.event.timezone;
  const candidates =
    task.responsible === 'owner'
      ? room.team.owner
        ? [{ user_id: room.team.owner.user_id, name: room.team.owner.name }]
        : []
      : room.team.members.filter((m) => m.group === task.responsible);

  async function run(action: () => Promise<unknown>, after?: () => void) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      after?.();
      await detail.reload();
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === 'CONFLICT' ? t('sop.conflict') : describeError(err).message,
      );
    } finally {
      await props.onChanged();
      setBusy(false);
    }
  }
  const patch = (body: Record<string, unknown>) =>
    run(() => api.patch(base, { version: task.version, ...body }));
  const setStatus = (status: TaskStatus) =>
    patch(status === 'not_applicable' ? { status, reason } : { status });

  return html`<section class="card sop-panel" aria-labelledby="sop-panel-title">
    <div class="section-head">
      <h2 id="sop-panel-title"><span class="sop-tlabel">${task.t_label}</span> ${task.title}</h2>
      <button type="button" class="btn btn-ghost" onClick=${props.onClose}>${t('sop.close')}</button>
    </div>
    <${Banner} message=${error} />
    <dl class="sop-facts">
      <dt>${t('tpl.stage')}</dt><dd>${t(`sop.phase.${task.phase}`)} · ${task.stage}</dd>
      <dt>${t('tpl.responsible')}</dt><dd>${t(`sop.group.${task.responsible}`)}</dd>
      <dt>${t('sop.due')}</dt><dd>${formatDateTime(task.due_at, tz)}</dd>
      ${task.deliverable ? html`<dt>${t('sop.deliverable')}</dt><dd>${task.deliverable}</dd>` : null}
      ${task.metric ? html`<dt>${t('sop.metric')}</dt><dd>${task.metric}</dd>` : null}
      ${
        task.evidence
          ? html`<dt>${t('tpl.evidence')}</dt><dd>
              ${t(`evidence.${task.evidence.key}`)} —
              ${
                task.evidence.note
                  ? t('sop.evidence.seen', { note: task.evidence.note })
                  : task.evidence.automatic
                    ? t('sop.evidence.auto')
                    : t('sop.evidence.manual')
              }
            </dd>`
          : null
      }
      <dt>${t('field.status')}</dt><dd>${t(`sop.status.${task.status}`)}${task.status_reason ? ` — ${task.status_reason}` : ''}</dd>
    </dl>
    <div class="sop-panel-actions">
      <label class="sop-inline-field">
        <span>${t('sop.assignee')}</span>
        <select
          value=${task.assignee_id ?? ''}
          disabled=${busy}
          onChange=${(e: Event) => patch({ assignee_id: (e.target as HTMLSelectElement).value || null })}
        >
          <option value="">${t('sop.unassigned')}</option>
          ${candidates.map((m) => html`<option value=${m.user_id}>${m.name}</option>`)}
        </select>
      </label>
      ${task.status === 'open' ? html`<button type="button" class="btn" disabled=${busy} onClick=${() => setStatus('in_progress')}>${t('sop.start')}</button>` : null}
      ${task.status !== 'done' ? html`<button type="button" class="btn btn-primary" disabled=${busy} onClick=${() => setStatus('done')}>${t('sop.markDone')}</button>` : null}
      ${task.status === 'done' || task.status === 'not_applicable' ? html`<button type="button" class="btn" disabled=${busy} onClick=${() => setStatus('open')}>${t('sop.reopen')}</button>` : null}
    </div>
    ${
      task.status !== 'not_applicable'
        ? html`<form class="sop-inline-form" onSubmit=${(e: Event) => {
            e.preventDefault();
            void setStatus('not_applicable');
          }}>
            <input aria-label=${t('sop.reason')} placeholder=${t('sop.reason')} value=${reason} onInput=${(e: Event) => setReason((e.target as HTMLInputElement).value)} />
            <button type="submit" class="btn" disabled=${busy}>${t('sop.notApplicable')}</button>
          </form>`
        : null
    }
    <h3>${t('sop.attachments')}</h3>
    <ul class="plain-list">
      ${(detail.data?.attachments ?? []).map(
        (a, i) =>
          html`<li key=${a.id}><a href=${a.href} target="_blank" rel="noopener">${a.kind === 'file' ? t('sop.image', { n: i + 1 }) : a.label}</a></li>`,
      )}
    </ul>
    <${ImageUpload}
      label=${t('sop.attachImage')}
      upload=${async (file: File) => {
        await api.upload(`${base}/attachments/file`, file);
        await detail.reload();
      }}
    />
    <form class="sop-inline-form" onSubmit=${(e: Event) => {
      e.preventDefault();
      void run(
        () => api.post(`${base}/attachments`, link),
        () => setLink({ label: '', url: '' }),
      );
    }}>
      <input aria-label=${t('sop.linkLabel')} placeholder=${t('sop.linkLabel')} value=${link.label} onInput=${(e: Event) => setLink({ ...link, label: (e.target as HTMLInputElement).value })} />
      <input aria-label=${t('sop.linkUrl')} placeholder="https://" value=${link.url} onInput=${(e: Event) => setLink({ ...link, url: (e.target as HTMLInputElement).value })} />
      <button type="submit" class="btn" disabled=${busy}>${t('sop.attachLink')}</button>
    </form>
    <h3>${t('sop.comments')}</h3>
    <ul class="plain-list sop-comments">
      ${(detail.data?.comments ?? []).map(
        (c) =>
          html`<li key=${c.id}><span class="strong">${c.author_name ?? ''}</span> <span class="muted small">${formatDateTime(c.created_at)}</span><p>${c.body}</p></li>`,
      )}
    </ul>
    <form class="sop-inline-form" onSubmit=${(e: Event) => {
      e.preventDefault();
      void run(
        () => api.post(`${base}/comments`, { body: comment }),
        () => setComment(''),
      );
    }}>
      <input aria-label=${t('sop.addComment')} value=${comment} onInput=${(e: Event) => setComment((e.target as HTMLInputElement).value)} />
      <button type="submit" class="btn" disabled=${busy}>${t('sop.addComment')}</button>
    </form>
  </section>`;
}
