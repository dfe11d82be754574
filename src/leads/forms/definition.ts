import { getCountries } from 'libphonenumber-js/max';
import { z } from 'zod';
import { type Locale, t } from '../../i18n/index.js';
import { line } from '../../validation.js';

/**
 * An event's registration form, as data: an ordered list of fields with bilingual labels,
 * plus an optional marketing opt-in. Standard B2B fields have fixed keys (the key is the
 * type) so every event's answers mean the same thing to scoring and exports; custom fields
 * have keys of their own.
 */

/** Standard fields whose answers also fill the contact's and the registration's columns. */
export const contactFieldTypes = ['name', 'email', 'phone', 'company', 'job_title'] as const;
/** Standard B2B fields kept as answers (choices are ours, so every event's values compare). */
export const profileFieldTypes = [
  'industry',
  'company_size',
  'purchase_timeline',
  'budget',
  'country',
] as const;
export const standardFieldTypes = [...contactFieldTypes, ...profileFieldTypes] as const;
export const customFieldTypes = [
  'short_text',
  'long_text',
  'single_choice',
  'multiple_choice',
  'checkbox',
] as const;
export const fieldTypes = [...standardFieldTypes, ...customFieldTypes] as const;

export type StandardFieldType = (typeof standardFieldTypes)[number];
export type CustomFieldType = (typeof customFieldTypes)[number];
export type FieldType = (typeof fieldTypes)[number];

const MAX_FIELDS = 30;
const MAX_CHOICES = 50;

const labelText = (max: number) => line(max);
const bilingual = (max: number) => z.object({ en: labelText(max), 'zh-CN': labelText(max) }).strict();
export type Bilingual = { en: string; 'zh-CN': string };

const key = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'form.error.key')
  .meta({ examples: ['interest'] });
const choice = z.object({ value: key, label: bilingual(120) }).strict();

export const fieldInput = z
  .object({
    key,
    // A string here (not an enum) so an unknown type is reported by the check below, on `type`.
    type: z.string().max(40),
    required: z.boolean().default(false),
    label: bilingual(200).optional(),
    choices: z.array(choice).max(MAX_CHOICES).optional(),
  })
  .strict();

export const formDefinitionInput = z
  .object({
    fields: z.array(fieldInput).min(1).max(MAX_FIELDS),
    marketing_opt_in: z
      .object({ enabled: z.boolean(), label: bilingual(300).optional() })
      .strict()
      .default({ enabled: false }),
  })
  .strict()
  .superRefine((def, ctx) => {
    const seen = new Map<string, number>();
    def.fields.forEach((field, i) => {
      const at = (...path: (string | number)[]) => ['fields', i, ...path];
      const isStandard = (standardFieldTypes as readonly string[]).includes(field.type);
      const isCustom = (customFieldTypes as readonly string[]).includes(field.type);
      if (!isStandard && !isCustom) {
        ctx.addIssue({ code: 'custom', path: at('type'), message: 'form.error.type' });
        return;
      }
      if (seen.has(field.key))
        ctx.addIssue({ code: 'custom', path: at('key'), message: 'form.error.duplicate_key' });
      seen.set(field.key, i);
      if (isStandard && field.key !== field.type)
        ctx.addIssue({ code: 'custom', path: at('key'), message: 'form.error.standard_key' });
      if (isCustom && (standardFieldTypes as readonly string[]).includes(field.key))
        ctx.addIssue({ code: 'custom', path: at('key'), message: 'form.error.reserved_key' });
      if (isCustom && (!field.label?.en || !field.label['zh-CN']))
        ctx.addIssue({ code: 'custom', path: at('label'), message: 'form.error.label' });
      const hasChoices = field.type === 'single_choice' || field.type === 'multiple_choice';
      if (hasChoices && !field.choices?.length)
        ctx.addIssue({ code: 'custom', path: at('choices'), message: 'form.error.no_choices' });
      if (!hasChoices && field.choices?.length)
        ctx.addIssue({ code: 'custom', path: at('choices'), message: 'form.error.choices_not_allowed' });
      const values = new Set<string>();
      field.choices?.forEach((c, j) => {
        if (values.has(c.value))
          ctx.addIssue({
            code: 'custom',
            path: at('choices', j, 'value'),
            message: 'form.error.duplicate_choice',
          });
        values.add(c.value);
      });
    });
    for (const required of ['name', 'email'] as const) {
      const i = seen.get(required);
      if (i === undefined)
        ctx.addIssue({ code: 'custom', path: ['fields'], message: `form.error.missing_${required}` });
      else if (!def.fields[i]!.required)
        ctx.addIssue({ code: 'custom', path: ['fields', i, 'required'], message: 'form.error.must_require' });
    }
    if (def.marketing_opt_in.enabled && def.marketing_opt_in.label) {
      const { en, 'zh-CN': zh } = def.marketing_opt_in.label;
      if (!en || !zh)
        ctx.addIssue({ code: 'custom', path: ['marketing_opt_in', 'label'], message: 'form.error.label' });
    }
  });

export type FormDefinitionInput = z.input<typeof formDefinitionInput>;

export interface Choice {
  value: string;
  label: Bilingual;
}
export interface FormField {
  key: string;
  type: FieldType;
  required: boolean;
  /** null: a standard field's own label. */
  label: Bilingual | null;
  choices: Choice[];
}
export interface FormDefinition {
  fields: FormField[];
  marketingOptIn: { enabled: boolean; label: Bilingual | null };
}

/** A parsed, valid definition input as the form the rest of the code uses. */
export function toDefinition(input: z.output<typeof formDefinitionInput>): FormDefinition {
  return {
    fields: input.fields.map((f) => ({
      key: f.key,
      type: f.type as FieldType,
      required: f.required,
      label: f.label && (f.label.en || f.label['zh-CN']) ? f.label : null,
      choices: f.choices ?? [],
    })),
    marketingOptIn: { enabled: input.marketing_opt_in.enabled, label: input.marketing_opt_in.label ?? null },
  };
}

/** The form every event has until its team designs one: the fields registration always asked for. */
export const DEFAULT_DEFINITION: FormDefinition = {
  fields: [
    { key: 'name', type: 'name', required: true, label: null, choices: [] },
    { key: 'email', type: 'email', required: true, label: null, choices: [] },
    { key: 'phone', type: 'phone', required: true, label: null, choices: [] },
    { key: 'company', type: 'company', required: true, label: null, choices: [] },
    { key: 'job_title', type: 'job_title', required: false, label: null, choices: [] },
  ],
  marketingOptIn: { enabled: false, label: null },
};

const both = (en: string, zh: string): Bilingual => ({ en, 'zh-CN': zh });

/** The fixed choices of the standard choice fields (values are stable; scoring reads them). */
export const standardChoices: Partial<Record<StandardFieldType, Choice[]>> = {
  industry: [
    { value: 'software', label: both('Software & internet', '软件与互联网') },
    { value: 'manufacturing', label: both('Manufacturing', '制造业') },
    { value: 'finance', label: both('Finance & insurance', '金融与保险') },
    { value: 'retail', label: both('Retail & consumer goods', '零售与消费品') },
    { value: 'healthcare', label: both('Healthcare & life sciences', '医疗与生命科学') },
    { value: 'education', label: both('Education', '教育') },
    { value: 'public', label: both('Government & public sector', '政府与公共事业') },
    { value: 'energy', label: both('Energy & utilities', '能源与公用事业') },
    { value: 'logistics', label: both('Logistics & transport', '物流与交通') },
    { value: 'services', label: both('Professional services', '专业服务') },
    { value: 'other', label: both('Other', '其他') },
  ],
  company_size: [
    { value: '1-49', label: both('1–49 employees', '1–49 人') },
    { value: '50-199', label: both('50–199 employees', '50–199 人') },
    { value: '200-999', label: both('200–999 employees', '200–999 人') },
    { value: '1000-4999', label: both('1,000–4,999 employees', '1000–4999 人') },
    { value: '5000+', label: both('5,000 or more employees', '5000 人及以上') },
  ],
  purchase_timeline: [
    { value: 'now', label: both('Within 3 months', '3 个月内') },
    { value: '3-6m', label: both('In 3–6 months', '3–6 个月') },
    { value: '6-12m', label: both('In 6–12 months', '6–12 个月') },
    { value: 'later', label: both('Later than 12 months', '12 个月以后') },
    { value: 'none', label: both('No plan yet', '暂无计划') },
  ],
  budget: [
    { value: 'none', label: both('No budget yet', '暂无预算') },
    { value: '<100k', label: both('Under ¥100k', '10 万元以下') },
    { value: '100k-500k', label: both('¥100k–500k', '10–50 万元') },
    { value: '500k-1m', label: both('¥500k–1m', '50–100 万元') },
    { value: '>1m', label: both('Over ¥1m', '100 万元以上') },
  ],
};

const regionNames = new Map<Locale, Intl.DisplayNames>();
/** Country/region choices: ISO 3166 codes, named in the page's language by the runtime. */
export function countryChoices(locale: Locale): { value: string; label: string }[] {
  let names = regionNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'region' });
    regionNames.set(locale, names);
  }
  const collator = new Intl.Collator(locale);
  return getCountries()
    .map((code) => ({ value: code, label: names.of(code) ?? code }))
    .sort((a, b) => collator.compare(a.label, b.label));
}

const countryCodes = new Set<string>(getCountries());
export const isCountryCode = (value: string) => countryCodes.has(value);

/** The choices a field offers (standard choice fields have ours; country is checked by code). */
export function choicesOf(field: FormField): Choice[] {
  return standardChoices[field.type as StandardFieldType] ?? field.choices;
}

/** A field's label in `locale`: the team's own, or the standard field's. */
export function labelOf(field: FormField, locale: Locale): string {
  return field.label?.[locale] || field.label?.en || t(locale, `form.field.${field.type}`);
}

/** Stored JSON → definition. */
export function definitionFromJson(json: string): FormDefinition {
  return JSON.parse(json) as FormDefinition;
}

/** The definition as the API shows it (snake_case, every field's label and choices spelled out). */
export function definitionView(def: FormDefinition) {
  return {
    fields: def.fields.map((f) => ({
      key: f.key,
      type: f.type,
      required: f.required,
      standard: (standardFieldTypes as readonly string[]).includes(f.type),
      label: { en: labelOf(f, 'en'), 'zh-CN': labelOf(f, 'zh-CN') },
      custom_label: f.label,
      choices: choicesOf(f),
    })),
    marketing_opt_in: { enabled: def.marketingOptIn.enabled, label: def.marketingOptIn.label },
  };
}
