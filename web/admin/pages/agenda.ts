import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { formatDateTime, formatTime, t } from '../i18n';
import { useLeaveGuard } from '../router';
import { useSession } from '../session';
import type { AgendaSession, LcEvent, Speaker } from '../types';
import { deleteAfterConfirm } from '../ui/dialog';
import { Banner, CheckboxGroup, TextArea, TextField, useForm } from '../ui/form';
import { MoveButtons } from '../ui/reorder';

type Editing = { kind: 'new' } | { kind: 'edit'; session: AgendaSession } | undefined;

export function AgendaTab(props: {
  event: LcEvent;
  agenda: AgendaSession[];
  speakers: Speaker[];
  onChanged: () => Promise<void>;
}) {
  const { can } = useSession();
  const canWrite = can('events:write');
  const [editing, setEditing] = useState<Editing>();
  const [error, setError] = useState<string>();
  const base = `/api/v1/events/${props.event.id}/agenda`;
  const tz = props.event.timezone;
  const speakerName = new Map(props.speakers.map((s) => [s.id, s.name]));
  const remove = (session: AgendaSession) =>
    deleteAfterConfirm(
      t('agenda.confirmDelete', { title: session.title }),
      `${base}/${session.id}`,
      props.onChanged,
      setError,
    );
  const done = async () => {
    setEditing(undefined);
    await props.onChanged();
  };
  const formProps = {
    base,
    event: props.event,
    speakers: props.speakers,
    onDone: done,
    onCancel: () => setEditing(undefined),
  };
  return html`<div class="tab-body">
    <${Banner} message=${error} />
    <div class="section-head">
      <div>
        <h2>${t('event.tab.agenda')}</h2>
        <p class="muted small">${t('agenda.timesIn', { zone: tz })}</p>
      </div>
      ${canWrite && !editing ? html`<button type="button" class="btn btn-primary" onClick=${() => setEditing({ kind: 'new' })}>${t('agenda.add')}</button>` : null}
    </div>
    ${editing?.kind === 'new' ? html`<${SessionForm} ...${formProps} />` : null}
    ${props.agenda.length === 0 && !editing ? html`<div class="empty">${t('agenda.empty')}</div>` : null}
    <ol class="agenda-list">
      ${props.agenda.map((s, index) =>
        editing?.kind === 'edit' && editing.session.id === s.id
          ? html`<li key=${s.id}><${SessionForm} ...${formProps} session=${s} /></li>`
          : html`<li key=${s.id} class="card agenda-item">
              <div class="agenda-time" title=${formatDateTime(s.starts_at, tz)}>
                <span class="strong">${formatTime(s.starts_at, tz)}</span>
                <span class="muted">${formatTime(s.ends_at, tz)}</span>
              </div>
              <div class="agenda-info">
                <div class="strong">${s.title}</div>
                ${s.description ? html`<p class="bio">${s.description}</p>` : null}
                ${
                  s.speaker_ids.length
                    ? html`<div class="muted small">${s.speaker_ids
                        .map((id) => speakerName.get(id) ?? '')
                        .filter(Boolean)
                        .join(', ')}</div>`
                    : null
                }
              </div>
              ${
                canWrite
                  ? html`<div class="row-actions">
                      <${MoveButtons}
                        ids=${props.agenda.map((x) => x.id)}
                        index=${index}
                        url=${`${base}/order`}
                        label=${s.title}
                        onChanged=${props.onChanged}
                        onError=${setError}
                      />
                      <button type="button" class="btn" onClick=${() => setEditing({ kind: 'edit', session: s })}>${t('common.edit')}</button>
                      <button type="button" class="btn btn-ghost" onClick=${() => remove(s)}>${t('common.delete')}</button>
                    </div>`
                  : null
              }
            </li>`,
      )}
    </ol>
  </div>`;
}

interface SessionFields {
  title: string;
  description: string;
  starts_at: string;
  ends_at: string;
  speaker_ids: string[];
}

function SessionForm(props: {
  base: string;
  event: LcEvent;
  speakers: Speaker[];
  session?: AgendaSession;
  onDone: () => Promise<void>;
  onCancel: () => void;
}) {
  const s = props.session;
  const form = useForm<SessionFields>({
    title: s?.title ?? '',
    description: s?.description ?? '',
    starts_at: s?.starts_at_local ?? props.event.starts_at_local,
    ends_at: s?.ends_at_local ?? props.event.ends_at_local,
    speaker_ids: s?.speaker_ids ?? [],
  });
  useLeaveGuard(form.isDirty);
  const onSubmit = form.submit(async (values) => {
    if (s) await api.patch(`${props.base}/${s.id}`, values);
    else await api.post(props.base, values);
    await props.onDone();
  });
  return html`<form class="card session-form" onSubmit=${onSubmit} novalidate>
    <h3>${s ? t('agenda.edit') : t('agenda.add')}</h3>
    <${Banner} message=${form.banner} />
    <${TextField} form=${form} name="title" label=${t('field.title')} required />
    <${TextArea} form=${form} name="description" label=${t('field.description')} rows=${2} />
    <div class="grid-2">
      <${TextField} form=${form} name="starts_at" type="datetime-local" label=${t('field.startsAt')} required />
      <${TextField} form=${form} name="ends_at" type="datetime-local" label=${t('field.endsAt')} required />
    </div>
    <p class="field-hint">${t('field.localTimeHint', { zone: props.event.timezone })}</p>
    <${CheckboxGroup}
      legend=${t('agenda.speakers')}
      name="speaker_ids"
      options=${props.speakers.map((sp) => ({ value: sp.id, label: sp.name }))}
      chosen=${form.values.speaker_ids}
      onChange=${(ids: string[]) => form.set('speaker_ids', ids)}
      error=${form.errors.speaker_ids}
      empty=${t('agenda.noSpeakers')}
    />
    <div class="form-actions">
      <button type="button" class="btn" onClick=${props.onCancel}>${t('common.cancel')}</button>
      <button type="submit" class="btn btn-primary" disabled=${form.busy}>${t('common.save')}</button>
    </div>
  </form>`;
}
