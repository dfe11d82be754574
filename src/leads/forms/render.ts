import type { Locale } from '../../i18n/index.js';
import { t } from '../../i18n/index.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { choicesOf, countryChoices, type FormDefinition, type FormField, labelOf } from './definition.js';

/** What the page shows of a form: its definition and the keys it does not ask (already known). */
export interface FormView {
  definition: FormDefinition;
  known: ReadonlySet<string>;
}

/** Submitted values: one string, or several for a multiple choice. */
export type FormValues = Record<string, string | string[]>;

const autocomplete: Record<string, string> = {
  name: 'name',
  email: 'email',
  phone: 'tel',
  company: 'organization',
  job_title: 'organization-title',
  country: 'country',
};
const inputType: Record<string, string> = { email: 'email', phone: 'tel' };

/** The fields the page asks, in the definition's order (the error summary follows it too). */
export const askedFields = (view: FormView) => view.definition.fields.filter((f) => !view.known.has(f.key));

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function control(field: FormField, locale: Locale, values: FormValues, describedBy: SafeHtml | ''): SafeHtml {
  const id = `f-${field.key}`;
  const value = values[field.key];
  const text = typeof value === 'string' ? value : '';
  const req = field.required ? html` required` : '';
  switch (field.type) {
    case 'long_text':
      return html`<textarea id="${id}" name="${field.key}" rows="3"${req}${describedBy}>${text}</textarea>`;
    case 'checkbox':
      return html`<input id="${id}" type="checkbox" name="${field.key}" value="on"${text ? html` checked` : ''}${req}${describedBy}>`;
    case 'multiple_choice': {
      const chosen = new Set(asList(value));
      return html`<div class="choices">${choicesOf(field).map(
        (c, i) =>
          html`<label class="choice"><input type="checkbox" name="${field.key}" value="${c.value}"${i === 0 ? html` id="${id}"` : ''}${chosen.has(c.value) ? html` checked` : ''}${describedBy}> ${c.label[locale]}</label>`,
      )}</div>`;
    }
    case 'single_choice':
    case 'industry':
    case 'company_size':
    case 'purchase_timeline':
    case 'budget':
    case 'country': {
      const options =
        field.type === 'country'
          ? countryChoices(locale)
          : choicesOf(field).map((c) => ({ value: c.value, label: c.label[locale] }));
      return html`<select id="${id}" name="${field.key}"${req}${describedBy}>
  <option value="">${t(locale, 'form.choose')}</option>
  ${options.map((o) => html`<option value="${o.value}"${o.value === text ? html` selected` : ''}>${o.label}</option>`)}
</select>`;
    }
    default:
      return html`<input id="${id}" name="${field.key}" type="${inputType[field.type] ?? 'text'}" value="${text}"${
        autocomplete[field.type] ? html` autocomplete="${autocomplete[field.type]!}"` : ''
      }${req}${describedBy}>`;
  }
}

/** One field of the registration form, with its label, error and the aria wiring to both. */
export function renderField(
  field: FormField,
  locale: Locale,
  values: FormValues,
  errors: Record<string, string>,
): SafeHtml {
  const error = errors[field.key];
  const describedBy = error ? html` aria-invalid="true" aria-describedby="e-${field.key}"` : '';
  const optional = field.required ? '' : html` <span class="muted">${t(locale, 'reg.optional')}</span>`;
  const errorLine = error ? html`<p class="error" id="e-${field.key}">${error}</p>` : '';
  if (field.type === 'checkbox')
    return html`<div class="field${error ? ' invalid' : ''}"><div class="consent">${control(field, locale, values, describedBy)}
  <label for="f-${field.key}">${labelOf(field, locale)}${optional}</label></div>${errorLine}</div>`;
  if (field.type === 'multiple_choice')
    return html`<fieldset class="field${error ? ' invalid' : ''}"><legend>${labelOf(field, locale)}${optional}</legend>
  ${control(field, locale, values, describedBy)}${errorLine}</fieldset>`;
  return html`<div class="field${error ? ' invalid' : ''}">
  <label for="f-${field.key}">${labelOf(field, locale)}${optional}</label>
  ${control(field, locale, values, describedBy)}
  ${errorLine}
</div>`;
}

/** The marketing opt-in box, when the form asks one. */
export function renderOptIn(def: FormDefinition, locale: Locale, values: FormValues): SafeHtml | '' {
  if (!def.marketingOptIn.enabled) return '';
  const label = def.marketingOptIn.label?.[locale] || t(locale, 'form.marketing_opt_in');
  return html`<div class="field"><div class="consent"><input id="f-marketing_opt_in" type="checkbox" name="marketing_opt_in" value="on"${
    values.marketing_opt_in ? html` checked` : ''
  }><label for="f-marketing_opt_in">${label}</label></div></div>`;
}
