import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { FieldErrors } from '../api';
import { describeError } from './errors';

export interface Form<T> {
  values: T;
  errors: FieldErrors;
  banner: string | undefined;
  busy: boolean;
  set<K extends keyof T>(name: K, value: T[K]): void;
  /** Makes `values` the saved state: the form is no longer dirty. */
  reset(values: T): void;
  /** True when the values differ from the initial (or last reset) ones; the same function for the form's life. */
  isDirty: () => boolean;
  /** Runs `action` with the current values; failures become field messages and a banner. */
  submit(action: (values: T) => Promise<void>): (e?: Event) => Promise<void>;
}

export function useForm<T extends object>(initial: T): Form<T> {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Refs, so that a reset right before a navigation is seen by the leave guard at once.
  const saved = useRef(JSON.stringify(initial));
  const latest = useRef(values);
  latest.current = values;
  const isDirty = useRef(() => JSON.stringify(latest.current) !== saved.current).current;
  return {
    values,
    errors,
    banner,
    busy,
    isDirty,
    set: (name, value) =>
      setValues((v) => {
        latest.current = { ...v, [name]: value };
        return latest.current;
      }),
    reset: (next) => {
      saved.current = JSON.stringify(next);
      latest.current = next;
      setValues(next);
      setErrors({});
      setBanner(undefined);
    },
    submit: (action) => async (e) => {
      e?.preventDefault();
      setBusy(true);
      setErrors({});
      setBanner(undefined);
      try {
        await action(values);
      } catch (err) {
        const { message, fields } = describeError(err);
        setErrors(fields);
        // A message for a field this form does not show (or for the whole input, "_")
        // would otherwise be invisible: add it to the banner.
        const unshown = Object.entries(fields).filter(([name]) => !(name in values));
        setBanner([message, ...unshown.map(([, text]) => text)].join(' — '));
      } finally {
        setBusy(false);
      }
    },
  };
}

let fieldCounter = 0;
const fieldId = (name: string) => `f-${name}-${++fieldCounter}`;

interface FieldProps<T> {
  form: Form<T>;
  name: keyof T & string;
  label: string;
  hint?: string;
  required?: boolean;
  disabled?: boolean;
}

function Wrapper(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ComponentChildren;
}) {
  return html`<div class=${`field${props.error ? ' has-error' : ''}`}>
    <label for=${props.id}>${props.label}</label>
    ${props.children}
    ${props.error ? html`<p class="field-error" id=${`${props.id}-error`} role="alert">${props.error}</p>` : null}
    ${props.hint && !props.error ? html`<p class="field-hint">${props.hint}</p>` : null}
  </div>`;
}

export function TextField<T>(
  props: FieldProps<T> & { type?: string; autocomplete?: string; placeholder?: string },
) {
  const [id] = useState(() => fieldId(props.name));
  const error = props.form.errors[props.name];
  return html`<${Wrapper} id=${id} label=${props.label} hint=${props.hint} error=${error}>
    <input
      id=${id}
      name=${props.name}
      type=${props.type ?? 'text'}
      value=${String(props.form.values[props.name] ?? '')}
      required=${props.required}
      disabled=${props.disabled}
      autocomplete=${props.autocomplete}
      placeholder=${props.placeholder}
      aria-invalid=${error ? 'true' : undefined}
      onInput=${(e: Event) => props.form.set(props.name, (e.target as HTMLInputElement).value as T[keyof T & string])}
    />
  </${Wrapper}>`;
}

export function TextArea<T>(props: FieldProps<T> & { rows?: number }) {
  const [id] = useState(() => fieldId(props.name));
  const error = props.form.errors[props.name];
  return html`<${Wrapper} id=${id} label=${props.label} hint=${props.hint} error=${error}>
    <textarea
      id=${id}
      name=${props.name}
      rows=${props.rows ?? 3}
      required=${props.required}
      disabled=${props.disabled}
      aria-invalid=${error ? 'true' : undefined}
      value=${String(props.form.values[props.name] ?? '')}
      onInput=${(e: Event) => props.form.set(props.name, (e.target as HTMLTextAreaElement).value as T[keyof T & string])}
    ></textarea>
  </${Wrapper}>`;
}

export function SelectField<T>(props: FieldProps<T> & { options: { value: string; label: string }[] }) {
  const [id] = useState(() => fieldId(props.name));
  const error = props.form.errors[props.name];
  return html`<${Wrapper} id=${id} label=${props.label} hint=${props.hint} error=${error}>
    <select
      id=${id}
      name=${props.name}
      disabled=${props.disabled}
      value=${String(props.form.values[props.name] ?? '')}
      onChange=${(e: Event) => props.form.set(props.name, (e.target as HTMLSelectElement).value as T[keyof T & string])}
    >
      ${props.options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
    </select>
  </${Wrapper}>`;
}

export function Banner(props: { message?: string; kind?: 'error' | 'success' | 'info' }) {
  if (!props.message) return null;
  const kind = props.kind ?? 'error';
  return html`<div class=${`banner banner-${kind}`} role=${kind === 'error' ? 'alert' : 'status'}>${props.message}</div>`;
}

/** A set of checkboxes bound to an array of chosen values (token scopes, session speakers). */
export function CheckboxGroup(props: {
  legend: string;
  name: string;
  options: { value: string; label: ComponentChildren }[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
  error?: string;
  empty?: string;
}) {
  const chosen = new Set(props.chosen);
  const toggle = (value: string) =>
    props.onChange(chosen.has(value) ? props.chosen.filter((v) => v !== value) : [...props.chosen, value]);
  return html`<fieldset class=${`field${props.error ? ' has-error' : ''}`}>
    <legend>${props.legend}</legend>
    ${props.options.length === 0 && props.empty ? html`<p class="field-hint">${props.empty}</p>` : null}
    <div class="checkbox-row">
      ${props.options.map(
        (o) => html`<label class="checkbox">
          <input type="checkbox" name=${props.name} value=${o.value} checked=${chosen.has(o.value)} onChange=${() => toggle(o.value)} />
          ${o.label}
        </label>`,
      )}
    </div>
    ${props.error ? html`<p class="field-error" role="alert">${props.error}</p>` : null}
  </fieldset>`;
}
