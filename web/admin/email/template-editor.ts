import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { formatDateTime, localeNames, type MessageKey, t } from '../i18n';
import { useLeaveGuard } from '../router';
import { useSession } from '../session';
import type { LcEvent } from '../types';
import { confirmAction } from '../ui/dialog';
import { describeError } from '../ui/errors';
import { Banner } from '../ui/form';
import { Pending, useDebounced, useLoad } from '../ui/load';
import type { EmailTemplate, Locale, TemplateProblem } from './types';

const locales: Locale[] = ['en', 'zh-CN'];

interface Preview {
  subject: string;
  html: string;
  text: string;
}

/** The template's problems from a refused preview or save, or undefined for any other failure. */
function problemsOf(err: unknown): TemplateProblem[] | undefined {
  if (!(err instanceof ApiError) || err.code !== 'VALIDATION_FAILED') return undefined;
  const problems = err.details.problems;
  return Array.isArray(problems) ? (problems as TemplateProblem[]) : undefined;
}

function problemText(p: TemplateProblem): string {
  const at = t('email.problem.at', { part: t(`email.part.${p.part}`), line: p.line });
  const message = p.merge_field ? t('email.problem.field', { field: p.merge_field }) : p.message;
  return `${at}: ${message}`;
}

/**
 * A step's or campaign's wording in one language: subject and MJML body with merge-field
 * help, a live preview at phone and desktop widths, save, reset and a test send to oneself.
 */
export function TemplateEditor(props: {
  event: LcEvent;
  templateKey: string;
  name: string;
  onClose: () => void;
}) {
  const [locale, setLocale] = useState<Locale>(props.event.language);
  const url = `/api/v1/events/${props.event.id}/email/templates/${encodeURIComponent(props.templateKey)}/${locale}`;
  const loaded = useLoad(() => api.get<{ template: EmailTemplate }>(url).then((r) => r.template), [url]);
  return html`<section class="card email-editor">
    <div class="section-head">
      <h2>${t('email.template.title', { name: props.name })}</h2>
      <button type="button" class="btn" onClick=${props.onClose}>${t('email.template.close')}</button>
    </div>
    <div class="email-locales" role="group" aria-label=${t('email.template.language')}>
      ${locales.map(
        (l) =>
          html`<button type="button" class=${`btn ${l === locale ? 'btn-primary' : ''}`} aria-pressed=${l === locale} onClick=${() => setLocale(l)}>${localeNames[l]}</button>`,
      )}
    </div>
    ${
      loaded.data
        ? html`<${EditorBody} key=${url} url=${url} template=${loaded.data} onSaved=${loaded.set} />`
        : html`<${Pending} error=${loaded.error} />`
    }
  </section>`;
}

function EditorBody(props: { url: string; template: EmailTemplate; onSaved: (t: EmailTemplate) => void }) {
  const { can, session } = useSession();
  const canWrite = can('mail:write');
  const [values, setValues] = useState({ subject: props.template.subject, body: props.template.body });
  const saved = useRef(JSON.stringify(values));
  const latest = useRef(values);
  latest.current = values;
  const isDirty = useRef(() => JSON.stringify(latest.current) !== saved.current).current;
  useLeaveGuard(isDirty);
  const [problems, setProblems] = useState<TemplateProblem[]>([]);
  const [banner, setBanner] = useState<{ message: string; kind: 'error' | 'success' }>();
  const [busy, setBusy] = useState(false);
  const body = useRef<HTMLTextAreaElement>(null);

  const settled = useDebounced(values, 400);
  const [preview, setPreview] = useState<Preview>();
  const [previewing, setPreviewing] = useState(false);
  const previewRequest = useRef(0);
  useEffect(() => {
    const request = ++previewRequest.current;
    setPreviewing(true);
    api
      .post<{ preview: Preview }>(`${props.url}/preview`, settled)
      .then((r) => {
        if (request !== previewRequest.current) return;
        setPreview(r.preview);
        setProblems([]);
      })
      .catch((err) => {
        if (request !== previewRequest.current) return;
        const found = problemsOf(err);
        if (found) setProblems(found);
        else setBanner({ message: describeError(err).message, kind: 'error' });
      })
      .finally(() => {
        if (request === previewRequest.current) setPreviewing(false);
      });
  }, [settled.subject, settled.body, props.url]);

  const set = (name: 'subject' | 'body', value: string) => setValues((v) => ({ ...v, [name]: value }));

  /** Puts `{{field}}` at the body's cursor (or its end) and puts the cursor after it. */
  function insert(field: string) {
    const area = body.current;
    const token = `{{${field}}}`;
    const at = area ? area.selectionStart : values.body.length;
    const end = area ? area.selectionEnd : at;
    set('body', values.body.slice(0, at) + token + values.body.slice(end));
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(at + token.length, at + token.length);
    });
  }

  async function run(action: () => Promise<string>) {
    setBusy(true);
    setBanner(undefined);
    try {
      setBanner({ message: await action(), kind: 'success' });
    } catch (err) {
      const found = problemsOf(err);
      if (found) setProblems(found);
      setBanner({ message: describeError(err).message, kind: 'error' });
    } finally {
      setBusy(false);
    }
  }
  const adopt = (template: EmailTemplate) => {
    const next = { subject: template.subject, body: template.body };
    saved.current = JSON.stringify(next);
    setValues(next);
    props.onSaved(template);
  };
  const save = (e: Event) => {
    e.preventDefault();
    return run(async () => {
      adopt((await api.put<{ template: EmailTemplate }>(props.url, values)).template);
      return t('email.template.saved');
    });
  };
  const reset = async () => {
    if (!(await confirmAction(t('email.template.confirmReset'), { danger: true }))) return;
    await run(async () => {
      adopt((await api.delete<{ template: EmailTemplate }>(props.url)).template);
      return t('email.template.saved');
    });
  };
  const sendTest = () =>
    run(async () => {
      await api.post(`${props.url}/test`, values);
      return t('email.template.testSent', { email: session.user.email });
    });

  const fieldProblem = (part: 'subject' | 'body') =>
    problems
      .filter((p) => p.part === part)
      .map(problemText)
      .join(' · ') || undefined;
  const subjectError = fieldProblem('subject');
  const bodyError = fieldProblem('body');
  return html`<div class="email-editor-grid">
    <form class="email-editor-form" onSubmit=${save}>
      <p class="muted">${
        props.template.is_default || !props.template.updated_at
          ? t('email.template.default')
          : t('email.template.custom', { time: formatDateTime(props.template.updated_at) })
      }</p>
      <${Banner} message=${banner?.message} kind=${banner?.kind} />
      ${
        problems.length
          ? html`<div class="banner banner-error email-problems" role="alert">
              <p>${t('email.problems')}</p>
              <ul>${problems.map((p) => html`<li>${problemText(p)}</li>`)}</ul>
            </div>`
          : null
      }
      <div class=${`field${subjectError ? ' has-error' : ''}`}>
        <label for="email-subject">${t('email.template.subject')}</label>
        <input id="email-subject" name="subject" value=${values.subject} disabled=${!canWrite} aria-invalid=${subjectError ? 'true' : undefined}
          aria-describedby=${subjectError ? 'email-subject-error' : undefined}
          onInput=${(e: Event) => set('subject', (e.target as HTMLInputElement).value)} />
        ${subjectError ? html`<p class="field-error" id="email-subject-error">${subjectError}</p>` : null}
      </div>
      <div class=${`field${bodyError ? ' has-error' : ''}`}>
        <label for="email-body">${t('email.template.body')}</label>
        <textarea id="email-body" name="body" ref=${body} rows="18" spellcheck="false" class="email-code" disabled=${!canWrite}
          aria-invalid=${bodyError ? 'true' : undefined} aria-describedby=${bodyError ? 'email-body-error' : 'email-body-hint'}
          value=${values.body} onInput=${(e: Event) => set('body', (e.target as HTMLTextAreaElement).value)}></textarea>
        ${
          bodyError
            ? html`<p class="field-error" id="email-body-error">${bodyError}</p>`
            : html`<p class="field-hint" id="email-body-hint">${t('email.template.bodyHint')}</p>`
        }
      </div>
      <details class="email-fields" open>
        <summary>${t('email.mergeFields')}</summary>
        <p class="field-hint">${t('email.mergeFields.hint')}</p>
        <ul>
          ${props.template.merge_fields.map(
            (f) => html`<li>
              <button type="button" class="btn btn-ghost email-field" disabled=${!canWrite} aria-label=${t('email.insertField', { field: `{{${f}}}` })} onClick=${() => insert(f)}><code>{{${f}}}</code></button>
              <span class="muted small">${t(`email.field.${f}` as MessageKey)}</span>
            </li>`,
          )}
        </ul>
      </details>
      ${
        canWrite
          ? html`<div class="form-actions email-actions">
              <button type="submit" class="btn btn-primary" disabled=${busy}>${t('email.template.save')}</button>
              <button type="button" class="btn" disabled=${busy} onClick=${sendTest}>${t('email.template.test')}</button>
              ${props.template.is_default ? null : html`<button type="button" class="btn btn-ghost" disabled=${busy} onClick=${reset}>${t('email.template.reset')}</button>`}
            </div>`
          : null
      }
    </form>
    <div class="email-preview" aria-busy=${previewing}>
      <h3>${t('email.preview')} ${previewing ? html`<span class="muted small">${t('email.preview.updating')}</span>` : null}</h3>
      ${preview ? html`<p class="email-preview-subject">${t('email.preview.subject', { subject: preview.subject })}</p>` : null}
      <${PreviewFrame} width=${360} label=${t('email.preview.phone')} html=${preview?.html} />
    </div>
    <div class="email-preview-wide">
      <${PreviewFrame} width=${1280} label=${t('email.preview.desktop')} html=${preview?.html} />
    </div>
  </div>`;
}

/** The email in a frame of the client's width: sandboxed with no permission (no script, no same origin), from srcdoc. */
function PreviewFrame(props: { width: number; label: string; html: string | undefined }) {
  return html`<figure class="email-frame">
    <figcaption class="muted small">${props.label}</figcaption>
    <div class="email-frame-box">
      <iframe
        width=${props.width}
        height="640"
        style=${`width:${props.width}px`}
        sandbox=""
        referrerpolicy="no-referrer"
        title=${t('email.preview.frame', { width: props.width })}
        data-width=${props.width}
        srcdoc=${props.html ?? ''}
      ></iframe>
    </div>
  </figure>`;
}
