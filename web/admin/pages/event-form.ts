import { html } from 'htm/preact';
import { api } from '../api';
import { localeNames, t, viewerTimeZone } from '../i18n';
import { navigate, useLeaveGuard } from '../router';
import { useSession } from '../session';
import type { EventFormat, LcEvent, Locale } from '../types';
import { Banner, SelectField, TextArea, TextField, useForm } from '../ui/form';

const formats: EventFormat[] = ['slides_speaker', 'interview', 'onsite', 'summit'];

type EventFields = Pick<
  LcEvent,
  | 'title'
  | 'slug'
  | 'summary'
  | 'topic'
  | 'target_audience'
  | 'pain_point'
  | 'why_now'
  | 'format'
  | 'timezone'
  | 'access'
> & { language: Locale; starts_at: string; ends_at: string; consent_text: string };

let zones: { value: string; label: string }[] | undefined;
/** Every IANA zone the browser knows, UTC first. */
export function timeZoneOptions(current: string) {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')].map((z) => ({
    value: z,
    label: z.replace(/_/g, ' '),
  }));
  return zones.some((z) => z.value === current) ? zones : [{ value: current, label: current }, ...zones];
}

function fieldsOf(event?: LcEvent): EventFields {
  return {
    title: event?.title ?? '',
    slug: event?.slug ?? '',
    summary: event?.summary ?? '',
    topic: event?.topic ?? '',
    target_audience: event?.target_audience ?? '',
    pain_point: event?.pain_point ?? '',
    why_now: event?.why_now ?? '',
    format: event?.format ?? 'slides_speaker',
    language: event?.language ?? 'en',
    timezone: event?.timezone ?? viewerTimeZone(),
    starts_at: event?.starts_at_local ?? '',
    ends_at: event?.ends_at_local ?? '',
    access: event?.access ?? 'registration',
    consent_text: event?.consent_text ?? '',
  };
}

/** The event's details: creates an event, or edits one (read-only without events:write). */
export function EventForm(props: { event?: LcEvent; onSaved?: (event: LcEvent) => void }) {
  const { can } = useSession();
  const readOnly = !can('events:write');
  const form = useForm(fieldsOf(props.event));
  useLeaveGuard(form.isDirty);
  const onSubmit = form.submit(async (values) => {
    const body = {
      ...values,
      slug: values.slug.trim() || undefined,
      consent_text: values.consent_text.trim() || null,
    };
    if (!props.event) {
      const { event } = await api.post<{ event: LcEvent }>('/api/v1/events', body);
      form.reset(values);
      navigate(`/events/${event.id}`);
      return;
    }
    const { event } = await api.patch<{ event: LcEvent }>(`/api/v1/events/${props.event.id}`, body);
    form.reset(fieldsOf(event));
    props.onSaved?.(event);
  });
  const common = { form, disabled: readOnly };
  return html`<form class="event-form" onSubmit=${onSubmit} novalidate>
    <${Banner} message=${form.banner} />
    <section class="card">
      <h2>${t('event.sectionBasics')}</h2>
      <${TextField} ...${common} name="title" label=${t('field.title')} required />
      <${TextField} ...${common} name="slug" label=${t('field.slug')} hint=${t('field.slugHint')} />
      <${TextArea} ...${common} name="summary" label=${t('field.summary')} hint=${t('field.summaryHint')} rows=${3} />
      <div class="grid-2">
        <${SelectField} ...${common} name="format" label=${t('field.format')} options=${formats.map((f) => ({ value: f, label: t(`format.${f}`) }))} />
        <${SelectField}
          ...${common}
          name="language"
          label=${t('field.eventLanguage')}
          options=${Object.entries(localeNames).map(([value, label]) => ({ value, label }))}
        />
      </div>
    </section>
    <section class="card">
      <h2>${t('event.sectionBrief')}</h2>
      <p class="field-hint">${t('event.briefHint')}</p>
      <${TextArea} ...${common} name="topic" label=${t('field.topic')} rows=${2} />
      <${TextArea} ...${common} name="target_audience" label=${t('field.targetAudience')} rows=${2} />
      <${TextArea} ...${common} name="pain_point" label=${t('field.painPoint')} rows=${2} />
      <${TextArea} ...${common} name="why_now" label=${t('field.whyNow')} rows=${2} />
    </section>
    <section class="card">
      <h2>${t('event.sectionSchedule')}</h2>
      <${SelectField} ...${common} name="timezone" label=${t('field.timezone')} options=${timeZoneOptions(form.values.timezone)} />
      <div class="grid-2">
        <${TextField} ...${common} name="starts_at" type="datetime-local" label=${t('field.startsAt')} required />
        <${TextField} ...${common} name="ends_at" type="datetime-local" label=${t('field.endsAt')} required />
      </div>
      <p class="field-hint">${t('field.localTimeHint', { zone: form.values.timezone })}</p>
    </section>
    <section class="card">
      <h2>${t('event.sectionAccess')}</h2>
      <${SelectField}
        ...${common}
        name="access"
        label=${t('field.access')}
        options=${[
          { value: 'registration', label: t('access.registration') },
          { value: 'open', label: t('access.open') },
        ]}
      />
      <${TextArea} ...${common} name="consent_text" label=${t('field.consentText')} hint=${t('field.consentHint')} rows=${3} />
    </section>
    ${
      readOnly
        ? null
        : html`<div class="form-actions sticky-actions">
            <button class="btn btn-primary" type="submit" disabled=${form.busy}>${props.event ? t('common.save') : t('events.create')}</button>
          </div>`
    }
  </form>`;
}

export function NewEventPage() {
  const { can } = useSession();
  return html`<div class="page">
    <div class="page-head"><h1>${t('events.new')}</h1></div>
    ${can('events:write') ? html`<${EventForm} />` : html`<${Banner} message=${t('error.FORBIDDEN')} />`}
  </div>`;
}
