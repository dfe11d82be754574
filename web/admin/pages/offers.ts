import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { type MessageKey, t } from '../i18n';
import { useSession } from '../session';
import { describeError } from '../ui/errors';
import { Banner, TextArea, TextField, useForm } from '../ui/form';
import { Pending, useLoad } from '../ui/load';

const GATE_FIELDS = [
  'company',
  'job_title',
  'phone',
  'industry',
  'company_size',
  'purchase_timeline',
  'budget',
  'country',
] as const;
type GateType = (typeof GATE_FIELDS)[number];

interface Offer {
  id: string;
  title: string;
  description: string;
  cta_label: string;
  kind: 'link' | 'file';
  url: string | null;
  file: { id: string; mime: string; size_bytes: number } | null;
  gated: boolean;
  gate: { type: GateType; required: boolean }[];
  on_pages: boolean;
  status: 'draft' | 'live' | 'withdrawn';
  downloads: { contacts: number; total: number };
}

const DOCUMENT_TYPES =
  'application/pdf,.pdf,.pptx,.docx,.xlsx,.zip,application/zip,image/png,image/jpeg,image/webp,image/gif';

/** The event's offers: add a link or file, gate it by a short form, show it on the pages, see downloads. */
export function OffersTab(props: { eventId: string }) {
  const { can } = useSession();
  const base = `/api/v1/events/${encodeURIComponent(props.eventId)}/offers`;
  const list = useLoad(() => api.get<{ offers: Offer[] }>(base), [props.eventId]);
  const [error, setError] = useState<string>();
  const canEdit = can('events:write');
  async function run(action: () => Promise<unknown>) {
    setError(undefined);
    try {
      await action();
      await list.reload();
    } catch (err) {
      setError(describeError(err).message);
    }
  }
  async function upload(offer: Offer, e: Event) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) await run(() => api.upload(`${base}/${offer.id}/file`, file));
    input.value = '';
  }
  if (!list.data) return html`<${Pending} error=${list.error} />`;
  return html`<section class="offers-tab">
    <${Banner} message=${error} />
    ${canEdit ? html`<${NewOffer} base=${base} onCreated=${list.reload} />` : null}
    ${
      list.data.offers.length === 0
        ? html`<p class="muted">${t('offers.empty')}</p>`
        : html`<table class="table offers-table">
      <thead><tr><th>${t('offers.col.title')}</th><th>${t('offers.col.what')}</th><th>${t('offers.col.status')}</th><th>${t('offers.col.downloads')}</th><th></th></tr></thead>
      <tbody>${list.data.offers.map(
        (o) => html`<tr key=${o.id}>
          <td><strong>${o.title}</strong>${o.description ? html`<div class="muted">${o.description}</div>` : null}</td>
          <td>${o.kind === 'file' ? t('offers.kind.file') : o.url ? html`<a href=${o.url} target="_blank" rel="noopener noreferrer">${t('offers.kind.link')}</a>` : t('offers.kind.none')}
            ${o.gated ? html`<div class="muted">${t('offers.gatedBy', { fields: o.gate.map((g) => t(`offers.field.${g.type}` as MessageKey)).join(', ') })}</div>` : null}
            ${o.on_pages ? html`<div class="muted">${t('offers.onPages')}</div>` : null}</td>
          <td>${t(`offers.status.${o.status}` as MessageKey)}</td>
          <td>${t('offers.downloads', { contacts: o.downloads.contacts, total: o.downloads.total })}</td>
          <td>${
            canEdit
              ? html`<label class="btn btn-ghost">${o.kind === 'file' ? t('offers.replaceFile') : t('offers.uploadFile')}
                  <input type="file" name="file" accept=${DOCUMENT_TYPES} class="visually-hidden" onChange=${(e: Event) => upload(o, e)} /></label>
                <button type="button" class="btn btn-ghost" onClick=${() => run(() => api.patch(`${base}/${o.id}`, { on_pages: !o.on_pages }))}>
                  ${o.on_pages ? t('offers.hideFromPages') : t('offers.showOnPages')}</button>`
              : null
          }</td>
        </tr>`,
      )}</tbody></table>`
    }
  </section>`;
}

function NewOffer(props: { base: string; onCreated: () => Promise<void> }) {
  const empty = {
    title: '',
    description: '',
    cta_label: t('offers.defaultCta'),
    url: '',
    gated: false,
    gate: ['company', 'job_title'] as GateType[],
    on_pages: true,
  };
  const form = useForm(empty);
  const v = form.values;
  const toggle = (type: GateType) =>
    form.set('gate', v.gate.includes(type) ? v.gate.filter((g) => g !== type) : [...v.gate, type]);
  const save = form.submit(async (values) => {
    await api.post(props.base, {
      title: values.title,
      description: values.description,
      cta_label: values.cta_label,
      ...(values.url ? { url: values.url } : {}),
      gated: values.gated,
      gate: values.gated ? values.gate.map((type) => ({ type, required: true })) : null,
      on_pages: values.on_pages,
    });
    form.reset(empty);
    await props.onCreated();
  });
  return html`<form class="card offer-form" onSubmit=${save} novalidate>
    <h2>${t('offers.new')}</h2>
    <${Banner} message=${form.banner} />
    <${TextField} form=${form} name="title" label=${t('offers.title')} required />
    <${TextArea} form=${form} name="description" label=${t('offers.description')} rows=${2} />
    <${TextField} form=${form} name="cta_label" label=${t('offers.cta')} />
    <${TextField} form=${form} name="url" type="url" label=${t('offers.url')} hint=${t('offers.urlHint')} />
    <label class="check"><input type="checkbox" name="on_pages" checked=${v.on_pages} onChange=${() => form.set('on_pages', !v.on_pages)} /> ${t('offers.onPagesLabel')}</label>
    <label class="check"><input type="checkbox" name="gated" checked=${v.gated} onChange=${() => form.set('gated', !v.gated)} /> ${t('offers.gatedLabel')}</label>
    ${
      v.gated
        ? html`<fieldset class="gate-fields"><legend>${t('offers.gateFields')}</legend>
        ${GATE_FIELDS.map(
          (type) =>
            html`<label class="check"><input type="checkbox" name=${`gate-${type}`} checked=${v.gate.includes(type)} onChange=${() => toggle(type)} /> ${t(`offers.field.${type}` as MessageKey)}</label>`,
        )}
        ${form.errors.gate ? html`<p class="field-error" role="alert">${form.errors.gate}</p>` : null}
        <p class="field-hint">${t('offers.gateHint')}</p></fieldset>`
        : null
    }
    <button class="btn btn-primary" type="submit" disabled=${form.busy}>${t('offers.add')}</button>
  </form>`;
}
