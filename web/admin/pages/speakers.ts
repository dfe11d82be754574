import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { useLeaveGuard } from '../router';
import { useSession } from '../session';
import type { Speaker, SpeakerTier } from '../types';
import { deleteAfterConfirm } from '../ui/dialog';
import { Banner, SelectField, TextArea, TextField, useForm } from '../ui/form';
import { MoveButtons } from '../ui/reorder';
import { ImageUpload } from '../ui/upload';

export const tiers: SpeakerTier[] = ['executive', 'customer', 'kol', 'partner', 'expert', 'host'];

type Editing = { kind: 'new' } | { kind: 'edit'; speaker: Speaker } | undefined;

export function SpeakersTab(props: { eventId: string; speakers: Speaker[]; onChanged: () => Promise<void> }) {
  const { can } = useSession();
  const canWrite = can('events:write');
  const [editing, setEditing] = useState<Editing>();
  const [error, setError] = useState<string>();
  const base = `/api/v1/events/${props.eventId}/speakers`;
  const remove = (speaker: Speaker) =>
    deleteAfterConfirm(
      t('speakers.confirmDelete', { name: speaker.name }),
      `${base}/${speaker.id}`,
      props.onChanged,
      setError,
    );
  const done = async () => {
    setEditing(undefined);
    await props.onChanged();
  };
  return html`<div class="tab-body">
    <${Banner} message=${error} />
    <div class="section-head">
      <h2>${t('event.tab.speakers')}</h2>
      ${canWrite && !editing ? html`<button type="button" class="btn btn-primary" onClick=${() => setEditing({ kind: 'new' })}>${t('speakers.add')}</button>` : null}
    </div>
    ${editing?.kind === 'new' ? html`<${SpeakerForm} base=${base} onDone=${done} onCancel=${() => setEditing(undefined)} />` : null}
    ${props.speakers.length === 0 && !editing ? html`<div class="empty">${t('speakers.empty')}</div>` : null}
    <ul class="speaker-list">
      ${props.speakers.map((s, index) =>
        editing?.kind === 'edit' && editing.speaker.id === s.id
          ? html`<li key=${s.id}><${SpeakerForm} base=${base} speaker=${s} onDone=${done} onCancel=${() => setEditing(undefined)} /></li>`
          : html`<li key=${s.id} class="card speaker-card">
              ${s.photo_url ? html`<img class="avatar" src=${s.photo_url} alt="" />` : html`<div class="avatar avatar-empty" aria-hidden="true">${s.name.slice(0, 1)}</div>`}
              <div class="speaker-info">
                <div class="strong">${s.name} <span class="badge tier">${t(`tier.${s.tier}`)}</span></div>
                <div class="muted">${[s.title, s.company].filter(Boolean).join(' · ')}</div>
                ${s.bio ? html`<p class="bio">${s.bio}</p>` : null}
              </div>
              ${
                canWrite
                  ? html`<div class="row-actions">
                      <${MoveButtons}
                        ids=${props.speakers.map((x) => x.id)}
                        index=${index}
                        url=${`${base}/order`}
                        label=${s.name}
                        onChanged=${props.onChanged}
                        onError=${setError}
                      />
                      <${ImageUpload}
                        name="photo"
                        label=${s.photo_url ? t('speakers.replacePhoto') : t('speakers.uploadPhoto')}
                        upload=${async (file: File) => {
                          await api.upload(`${base}/${s.id}/photo`, file);
                          await props.onChanged();
                        }}
                      />
                      <button type="button" class="btn" onClick=${() => setEditing({ kind: 'edit', speaker: s })}>${t('common.edit')}</button>
                      <button type="button" class="btn btn-ghost" onClick=${() => remove(s)}>${t('common.delete')}</button>
                    </div>`
                  : null
              }
            </li>`,
      )}
    </ul>
  </div>`;
}

function SpeakerForm(props: {
  base: string;
  speaker?: Speaker;
  onDone: () => Promise<void>;
  onCancel: () => void;
}) {
  const s = props.speaker;
  const form = useForm({
    name: s?.name ?? '',
    title: s?.title ?? '',
    company: s?.company ?? '',
    bio: s?.bio ?? '',
    tier: s?.tier ?? 'expert',
  });
  useLeaveGuard(form.isDirty);
  const onSubmit = form.submit(async (values) => {
    if (s) await api.patch(`${props.base}/${s.id}`, values);
    else await api.post(props.base, values);
    await props.onDone();
  });
  return html`<form class="card speaker-form" onSubmit=${onSubmit} novalidate>
    <h3>${s ? t('speakers.edit') : t('speakers.add')}</h3>
    <${Banner} message=${form.banner} />
    <div class="grid-2">
      <${TextField} form=${form} name="name" label=${t('field.name')} required />
      <${SelectField} form=${form} name="tier" label=${t('field.tier')} options=${tiers.map((x) => ({ value: x, label: t(`tier.${x}`) }))} />
      <${TextField} form=${form} name="title" label=${t('field.jobTitle')} />
      <${TextField} form=${form} name="company" label=${t('field.company')} />
    </div>
    <${TextArea} form=${form} name="bio" label=${t('field.bio')} rows=${3} />
    <div class="form-actions">
      <button type="button" class="btn" onClick=${props.onCancel}>${t('common.cancel')}</button>
      <button type="submit" class="btn btn-primary" disabled=${form.busy}>${t('common.save')}</button>
    </div>
  </form>`;
}
