import { html } from 'htm/preact';
import { useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { type MessageKey, t } from '../i18n';
import { useLeaveGuard } from '../router';
import { useSession } from '../session';
import type { Bilingual, FormChoice, FormFieldType, Locale, RegistrationForm } from '../types';
import { describeError } from '../ui/errors';
import { Banner } from '../ui/form';
import { Pending, useLoad } from '../ui/load';

const standardTypes: FormFieldType[] = [
  'name',
  'email',
  'phone',
  'company',
  'job_title',
  'industry',
  'company_size',
  'purchase_timeline',
  'budget',
  'country',
];
const customTypes: FormFieldType[] = [
  'short_text',
  'long_text',
  'single_choice',
  'multiple_choice',
  'checkbox',
];
const hasChoices = (type: FormFieldType) => type === 'single_choice' || type === 'multiple_choice';
const isStandard = (type: FormFieldType) => standardTypes.includes(type);
const typeName = (type: FormFieldType) => t(`form.type.${type}` as MessageKey);

/** A field as the builder edits it: labels always present (empty = the standard label). */
interface Draft {
  id: number;
  key: string;
  type: FormFieldType;
  required: boolean;
  label: Bilingual;
  choices: FormChoice[];
  /** The standard choices the server offers (read-only here). */
  fixedChoices: FormChoice[];
}
interface Design {
  fields: Draft[];
  optIn: boolean;
  optInLabel: Bilingual;
}

const blank = (): Bilingual => ({ en: '', 'zh-CN': '' });
let nextId = 0;

function toDesign(form: RegistrationForm): Design {
  return {
    fields: form.fields.map((f) => ({
      id: ++nextId,
      key: f.key,
      type: f.type,
      required: f.required,
      label: f.custom_label ?? blank(),
      choices: f.standard ? [] : f.choices,
      fixedChoices: f.standard ? f.choices : [],
    })),
    optIn: form.marketing_opt_in.enabled,
    optInLabel: form.marketing_opt_in.label ?? blank(),
  };
}

function toBody(design: Design) {
  const label = (l: Bilingual) => (l.en || l['zh-CN'] ? l : undefined);
  return {
    fields: design.fields.map((f) => ({
      key: f.key,
      type: f.type,
      required: f.required,
      label: label(f.label),
      choices: hasChoices(f.type) ? f.choices : undefined,
    })),
    marketing_opt_in: { enabled: design.optIn, label: design.optIn ? label(design.optInLabel) : undefined },
  };
}

/** The event's registration form builder: add, reorder and remove fields, both languages, choices, a live preview. */
export function FormBuilderTab(props: { eventId: string }) {
  const url = `/api/v1/events/${encodeURIComponent(props.eventId)}/form`;
  const loaded = useLoad(() => api.get<{ form: RegistrationForm }>(url), [url]);
  if (!loaded.data) return html`<div class="tab-body"><${Pending} error=${loaded.error} /></div>`;
  return html`<${Builder} url=${url} form=${loaded.data.form} />`;
}

function Builder(props: { url: string; form: RegistrationForm }) {
  const { can } = useSession();
  const canWrite = can('events:write');
  const [design, setDesign] = useState(() => toDesign(props.form));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<{ message: string; kind: 'error' | 'success' }>();
  const [busy, setBusy] = useState(false);
  const [designed, setDesigned] = useState(props.form.designed);
  const [previewLocale, setPreviewLocale] = useState<Locale>('en');
  const [adding, setAdding] = useState<FormFieldType>('short_text');
  const saved = useRef(JSON.stringify(toBody(design)));
  const latest = useRef(design);
  latest.current = design;
  const isDirty = useRef(() => JSON.stringify(toBody(latest.current)) !== saved.current).current;
  useLeaveGuard(isDirty);

  const update = (i: number, change: Partial<Draft>) =>
    setDesign((d) => ({ ...d, fields: d.fields.map((f, j) => (j === i ? { ...f, ...change } : f)) }));
  const move = (i: number, by: -1 | 1) =>
    setDesign((d) => {
      const fields = [...d.fields];
      const [f] = fields.splice(i, 1);
      fields.splice(i + by, 0, f as Draft);
      return { ...d, fields };
    });
  const remove = (i: number) => setDesign((d) => ({ ...d, fields: d.fields.filter((_, j) => j !== i) }));
  const used = new Set(design.fields.map((f) => f.key));
  const addable = [...standardTypes.filter((s) => !used.has(s)), ...customTypes];
  const addType = addable.includes(adding) ? adding : (addable[0] as FormFieldType);
  const add = () => {
    let key: string = addType;
    for (let n = 2; !isStandard(addType) && used.has(key); n++) key = `${addType}_${n}`;
    setDesign((d) => ({
      ...d,
      fields: [
        ...d.fields,
        {
          id: ++nextId,
          key,
          type: addType,
          required: false,
          label: blank(),
          choices: hasChoices(addType) ? [{ value: 'option_1', label: blank() }] : [],
          fixedChoices: [],
        },
      ],
    }));
  };

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setBanner(undefined);
    try {
      const body = toBody(design);
      const res = await api.put<{ form: RegistrationForm }>(props.url, body);
      const next = toDesign(res.form);
      saved.current = JSON.stringify(toBody(next));
      setDesign(next);
      setDesigned(true);
      setBanner({ message: t('form.saved', { version: res.form.version }), kind: 'success' });
    } catch (err) {
      const { message, fields } = describeError(err);
      setErrors(fields);
      setBanner({ message: [message, fields.fields, fields._].filter(Boolean).join(' — '), kind: 'error' });
    } finally {
      setBusy(false);
    }
  }

  const err = (i: number, name: string) => errors[`fields.${i}.${name}`];
  return html`<div class="tab-body form-builder">
    <div class="section-head"><div>
      <h2>${t('form.title')}</h2>
      <p class="muted small">${t('form.intro')}</p>
      ${designed ? null : html`<p class="muted small">${t('form.defaultNote')}</p>`}
    </div></div>
    <${Banner} message=${banner?.message} kind=${banner?.kind} />
    <div class="details-layout">
      <form class="card" onSubmit=${save} novalidate aria-label=${t('form.fields')}>
        <ol class="form-fields">
          ${design.fields.map(
            (f, i) => html`<li key=${f.id} class="form-field-row" data-key=${f.key}>
              <div class="section-head">
                <strong>${typeName(f.type)}</strong>
                <span class="row-actions">
                  <button type="button" class="btn btn-ghost btn-icon" aria-label=${t('common.moveUp', { item: f.key })} disabled=${!canWrite || i === 0} onClick=${() => move(i, -1)}>↑</button>
                  <button type="button" class="btn btn-ghost btn-icon" aria-label=${t('common.moveDown', { item: f.key })} disabled=${!canWrite || i === design.fields.length - 1} onClick=${() => move(i, 1)}>↓</button>
                  <button type="button" class="btn btn-ghost" disabled=${!canWrite} onClick=${() => remove(i)}>${t('form.remove')}</button>
                </span>
              </div>
              ${
                isStandard(f.type)
                  ? null
                  : html`<${Input} label=${t('form.key')} value=${f.key} error=${err(i, 'key')} disabled=${!canWrite} onInput=${(v: string) => update(i, { key: v })} />`
              }
              ${err(i, 'type') ? html`<p class="field-error" role="alert">${err(i, 'type')}</p>` : null}
              <div class="grid-2">
                <${Input} label=${t('form.labelEn')} value=${f.label.en} placeholder=${isStandard(f.type) ? typeName(f.type) : ''} error=${err(i, 'label') ?? err(i, 'label.en')} disabled=${!canWrite} onInput=${(v: string) => update(i, { label: { ...f.label, en: v } })} />
                <${Input} label=${t('form.labelZh')} value=${f.label['zh-CN']} error=${err(i, 'label.zh-CN')} disabled=${!canWrite} onInput=${(v: string) => update(i, { label: { ...f.label, 'zh-CN': v } })} />
              </div>
              <label class="checkbox"><input type="checkbox" checked=${f.required} disabled=${!canWrite} onChange=${(e: Event) => update(i, { required: (e.target as HTMLInputElement).checked })} /> ${t('form.required')}</label>
              ${err(i, 'required') ? html`<p class="field-error" role="alert">${err(i, 'required')}</p>` : null}
              ${hasChoices(f.type) ? html`<${ChoicesEditor} choices=${f.choices} error=${err(i, 'choices')} disabled=${!canWrite} onChange=${(choices: FormChoice[]) => update(i, { choices })} />` : null}
            </li>`,
          )}
        </ol>
        ${
          canWrite
            ? html`<div class="form-actions add-field">
                <label>${t('form.fieldType')}
                  <select value=${addType} onChange=${(e: Event) => setAdding((e.target as HTMLSelectElement).value as FormFieldType)}>
                    ${addable.map((type) => html`<option value=${type}>${typeName(type)}</option>`)}
                  </select>
                </label>
                <button type="button" class="btn" onClick=${add}>${t('form.addField')}</button>
              </div>`
            : null
        }
        <label class="checkbox"><input type="checkbox" checked=${design.optIn} disabled=${!canWrite} onChange=${(e: Event) => setDesign((d) => ({ ...d, optIn: (e.target as HTMLInputElement).checked }))} /> ${t('form.optIn')}</label>
        ${
          design.optIn
            ? html`<div class="grid-2">
                <${Input} label=${t('form.optInLabelEn')} value=${design.optInLabel.en} disabled=${!canWrite} onInput=${(v: string) => setDesign((d) => ({ ...d, optInLabel: { ...d.optInLabel, en: v } }))} />
                <${Input} label=${t('form.optInLabelZh')} value=${design.optInLabel['zh-CN']} disabled=${!canWrite} onInput=${(v: string) => setDesign((d) => ({ ...d, optInLabel: { ...d.optInLabel, 'zh-CN': v } }))} />
              </div>`
            : null
        }
        ${canWrite ? html`<div class="form-actions"><button type="submit" class="btn btn-primary" disabled=${busy}>${t('form.save')}</button></div>` : null}
      </form>
      <${Preview} design=${design} locale=${previewLocale} onLocale=${setPreviewLocale} />
    </div>
  </div>`;
}

let inputCounter = 0;
function Input(props: {
  label: string;
  value: string;
  error?: string;
  placeholder?: string;
  disabled?: boolean;
  onInput: (value: string) => void;
}) {
  const [id] = useState(() => `fb-${++inputCounter}`);
  return html`<div class=${`field${props.error ? ' has-error' : ''}`}>
    <label for=${id}>${props.label}</label>
    <input id=${id} type="text" value=${props.value} placeholder=${props.placeholder} disabled=${props.disabled} aria-invalid=${props.error ? 'true' : undefined} onInput=${(e: Event) => props.onInput((e.target as HTMLInputElement).value)} />
    ${props.error ? html`<p class="field-error" role="alert">${props.error}</p>` : null}
  </div>`;
}

function ChoicesEditor(props: {
  choices: FormChoice[];
  error?: string;
  disabled: boolean;
  onChange: (choices: FormChoice[]) => void;
}) {
  const set = (i: number, change: Partial<FormChoice>) =>
    props.onChange(props.choices.map((c, j) => (j === i ? { ...c, ...change } : c)));
  return html`<fieldset class=${`field${props.error ? ' has-error' : ''}`}>
    <legend>${t('form.choices')}</legend>
    ${props.choices.map(
      (c, i) => html`<div class="grid-3 choice-row">
        <${Input} label=${t('form.choiceValue')} value=${c.value} disabled=${props.disabled} onInput=${(v: string) => set(i, { value: v })} />
        <${Input} label=${t('form.labelEn')} value=${c.label.en} disabled=${props.disabled} onInput=${(v: string) => set(i, { label: { ...c.label, en: v } })} />
        <${Input} label=${t('form.labelZh')} value=${c.label['zh-CN']} disabled=${props.disabled} onInput=${(v: string) => set(i, { label: { ...c.label, 'zh-CN': v } })} />
        <button type="button" class="btn btn-ghost" disabled=${props.disabled} onClick=${() => props.onChange(props.choices.filter((_, j) => j !== i))}>${t('form.removeChoice')}</button>
      </div>`,
    )}
    <button type="button" class="btn" disabled=${props.disabled} onClick=${() => props.onChange([...props.choices, { value: `option_${props.choices.length + 1}`, label: blank() }])}>${t('form.addChoice')}</button>
    ${props.error ? html`<p class="field-error" role="alert">${props.error}</p>` : null}
  </fieldset>`;
}

/** What the landing page will ask, in either language (the page itself renders on the server). */
function Preview(props: { design: Design; locale: Locale; onLocale: (l: Locale) => void }) {
  const { locale } = props;
  const labelOf = (f: Draft) => f.label[locale] || f.label.en || typeName(f.type);
  return html`<aside class="card form-preview" aria-label=${t('form.preview')}>
    <div class="section-head">
      <h3>${t('form.preview')}</h3>
      <select aria-label=${t('form.previewLanguage')} value=${locale} onChange=${(e: Event) => props.onLocale((e.target as HTMLSelectElement).value as Locale)}>
        <option value="en">English</option>
        <option value="zh-CN">简体中文</option>
      </select>
    </div>
    ${props.design.fields.map((f) => {
      const label = html`${labelOf(f)}${f.required ? '' : html` <span class="muted">${t('form.optional')}</span>`}`;
      const choices = hasChoices(f.type) ? f.choices : f.fixedChoices;
      if (f.type === 'checkbox')
        return html`<p><label class="checkbox"><input type="checkbox" disabled /> ${label}</label></p>`;
      if (f.type === 'multiple_choice')
        return html`<fieldset class="field"><legend>${label}</legend>${choices.map((c) => html`<label class="checkbox"><input type="checkbox" disabled /> ${c.label[locale] || c.value}</label>`)}</fieldset>`;
      return html`<label class="field"><span class="strong">${label}</span>
        ${
          choices.length || f.type === 'country' || f.type === 'single_choice'
            ? html`<select disabled>${choices.map((c) => html`<option>${c.label[locale] || c.value}</option>`)}</select>`
            : f.type === 'long_text'
              ? html`<textarea rows="2" disabled></textarea>`
              : html`<input type="text" disabled />`
        }
      </label>`;
    })}
    ${props.design.optIn ? html`<p><label class="checkbox"><input type="checkbox" disabled /> ${props.design.optInLabel[locale] || props.design.optInLabel.en}</label></p>` : null}
  </aside>`;
}
