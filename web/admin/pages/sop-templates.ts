import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { getLocale, t } from '../i18n';
import { href, navigate } from '../router';
import { useSession } from '../session';
import {
  evidenceKeys,
  responsibles,
  type Template,
  type TemplateSummary,
  type TemplateTask,
} from '../sop-types';
import { confirmAction } from '../ui/dialog';
import { describeError } from '../ui/errors';
import { Banner, SelectField, TextField, useForm } from '../ui/form';
import { Pending, useLoad } from '../ui/load';
import '../sop.css';

/** The SOP templates: the built-in playbook and the team's own; copy one to change it. */
export function TemplatesPage() {
  const { can } = useSession();
  const list = useLoad(
    () => api.get<{ templates: TemplateSummary[] }>(`/api/v1/sop/templates?locale=${getLocale()}`),
    [],
  );
  const [error, setError] = useState<string>();
  async function copy(tpl: TemplateSummary) {
    const name = window.prompt(t('tpl.copyName'), t('tpl.copyOf', { name: tpl.name }));
    if (!name) return;
    try {
      const { template } = await api.post<{ template: Template }>('/api/v1/sop/templates', {
        from_id: tpl.id,
        name,
        locale: tpl.locale,
      });
      navigate(`/templates/${template.id}`);
    } catch (err) {
      setError(describeError(err).message);
    }
  }
  return html`<div class="page">
    <div class="page-head"><h1>${t('tpl.title')}</h1></div>
    <${Banner} message=${error} />
    ${
      !list.data
        ? html`<${Pending} error=${list.error} />`
        : html`<ul class="plain-list sop-template-list">
            ${list.data.templates.map(
              (tpl) => html`<li key=${tpl.id} class="sop-member">
                <span>
                  <a href=${href(`/templates/${tpl.id}`)} class="strong">${tpl.name}</a>
                  ${tpl.builtin ? html` <span class="badge">${tpl.builtin ? t('tpl.builtin') : ''}</span>` : null}
                  <span class="muted small"> · ${t('tpl.tasks', { n: tpl.task_count })} · ${tpl.locale}</span>
                </span>
                ${can('sop:plan') ? html`<button type="button" class="btn" onClick=${() => copy(tpl)}>${t('tpl.copy')}</button>` : null}
              </li>`,
            )}
          </ul>`
    }
  </div>`;
}

/** One template: stages and tasks; the team's own templates are edited task by task. */
export function TemplatePage(props: { id: string }) {
  const { can } = useSession();
  const url = `/api/v1/sop/templates/${encodeURIComponent(props.id)}`;
  const tpl = useLoad(() => api.get<{ template: Template }>(`${url}?locale=${getLocale()}`), [props.id]);
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<string>();
  if (!tpl.data) return html`<div class="page"><${Pending} error=${tpl.error} /></div>`;
  const template = tpl.data.template;
  const editable = !template.builtin && can('sop:plan');
  async function run(action: () => Promise<{ template: Template }>) {
    setError(undefined);
    try {
      tpl.set(await action());
      return true;
    } catch (err) {
      setError(describeError(err).message);
      return false;
    }
  }
  async function removeTemplate() {
    if (!(await confirmAction(t('tpl.confirmDelete', { name: template.name }), { danger: true }))) return;
    try {
      await api.delete(url);
      navigate('/templates');
    } catch (err) {
      setError(describeError(err).message);
    }
  }
  return html`<div class="page sop-template">
    <a class="back" href=${href('/templates')}>← ${t('tpl.title')}</a>
    <div class="page-head">
      <h1>${template.name}</h1>
      ${editable ? html`<button type="button" class="btn btn-danger-outline" onClick=${removeTemplate}>${t('tpl.delete')}</button>` : null}
    </div>
    <p class="muted">${template.description}</p>
    ${template.builtin ? html`<p class="callout">${t('tpl.readOnly')}</p>` : null}
    <${Banner} message=${error} />
    ${template.stages.map(
      (stage) => html`<section key=${stage.id} class="card sop-stage">
        <h2><span class="muted small">${t(`sop.phase.${stage.phase}`)}</span> ${stage.title}</h2>
        <ol class="plain-list">
          ${stage.tasks.map((task, index) =>
            editing === task.id
              ? html`<li key=${task.id}><${TaskForm}
                  template=${template}
                  stageId=${stage.id}
                  task=${task}
                  onSave=${async (body: Record<string, unknown>) => {
                    if (await run(() => api.patch(`${url}/tasks/${task.id}`, body))) setEditing(undefined);
                  }}
                  onCancel=${() => setEditing(undefined)}
                /></li>`
              : html`<li key=${task.id} class="sop-member">
                  <span><span class="sop-tlabel">${task.t_label}</span> ${task.title}
                    <span class="muted small"> · ${t(`sop.group.${task.responsible}`)}${task.deliverable ? ` · ${task.deliverable}` : ''}</span></span>
                  ${
                    editable
                      ? html`<span class="row-actions">
                          <button type="button" class="btn btn-icon" disabled=${index === 0} aria-label=${t('common.moveUp', { item: task.title })} onClick=${() => run(() => api.patch(`${url}/tasks/${task.id}`, { position: index - 1 }))}>↑</button>
                          <button type="button" class="btn btn-icon" disabled=${index === stage.tasks.length - 1} aria-label=${t('common.moveDown', { item: task.title })} onClick=${() => run(() => api.patch(`${url}/tasks/${task.id}`, { position: index + 1 }))}>↓</button>
                          <button type="button" class="btn" onClick=${() => setEditing(task.id)}>${t('common.edit')}</button>
                          <button type="button" class="btn btn-ghost" onClick=${async () => {
                            if (
                              await confirmAction(t('tpl.confirmDeleteTask', { name: task.title }), {
                                danger: true,
                              })
                            )
                              await run(() => api.delete(`${url}/tasks/${task.id}`));
                          }}>${t('common.delete')}</button>
                        </span>`
                      : null
                  }
                </li>`,
          )}
        </ol>
        ${
          editable
            ? editing === `new:${stage.id}`
              ? html`<${TaskForm}
                  template=${template}
                  stageId=${stage.id}
                  onSave=${async (body: Record<string, unknown>) => {
                    if (await run(() => api.post(`${url}/tasks`, body))) setEditing(undefined);
                  }}
                  onCancel=${() => setEditing(undefined)}
                />`
              : html`<button type="button" class="btn" onClick=${() => setEditing(`new:${stage.id}`)}>${t('tpl.addTask')}</button>`
            : null
        }
      </section>`,
    )}
  </div>`;
}

interface TaskValues {
  title: string;
  responsible: string;
  offset_days: string;
  due_time: string;
  deliverable: string;
  metric: string;
  evidence: string;
  stage_id: string;
}

function TaskForm(props: {
  template: Template;
  stageId: string;
  task?: TemplateTask;
  onSave: (body: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}) {
  const { task } = props;
  const form = useForm<TaskValues>({
    title: task?.title ?? '',
    responsible: task?.responsible ?? 'owner',
    offset_days: String(task?.offset_days ?? -8),
    due_time: task?.due_time ?? '',
    deliverable: task?.deliverable ?? '',
    metric: task?.metric ?? '',
    evidence: task?.evidence ?? '',
    stage_id: props.stageId,
  });
  const submit = form.submit(async (v) => {
    const offset = v.offset_days.trim() === '' ? Number.NaN : Number(v.offset_days);
    await props.onSave({
      title: v.title,
      responsible: v.responsible,
      offset_days: Number.isFinite(offset) ? offset : v.offset_days,
      due_time: v.due_time.trim() || null,
      deliverable: v.deliverable,
      metric: v.metric,
      evidence: v.evidence || null,
      stage_id: v.stage_id,
    });
  });
  return html`<form class="card sop-task-form" onSubmit=${submit}>
    <${Banner} message=${form.banner} />
    <${TextField} form=${form} name="title" label=${t('field.title')} required=${true} />
    <div class="grid-2">
      <${SelectField} form=${form} name="responsible" label=${t('tpl.responsible')} options=${responsibles.map((r) => ({ value: r, label: t(`sop.group.${r}`) }))} />
      <${SelectField} form=${form} name="stage_id" label=${t('tpl.stage')} options=${props.template.stages.map((s) => ({ value: s.id, label: `${t(`sop.phase.${s.phase}`)} · ${s.title}` }))} />
      <${TextField} form=${form} name="offset_days" type="number" label=${t('tpl.offset')} hint=${t('tpl.offsetHint')} />
      <${TextField} form=${form} name="due_time" label=${t('tpl.dueTime')} hint=${t('tpl.dueTimeHint')} placeholder="18:00" />
      <${TextField} form=${form} name="deliverable" label=${t('sop.deliverable')} />
      <${TextField} form=${form} name="metric" label=${t('sop.metric')} />
      <${SelectField} form=${form} name="evidence" label=${t('tpl.evidence')} options=${[{ value: '', label: t('tpl.noEvidence') }, ...evidenceKeys.map((k) => ({ value: k, label: t(`evidence.${k}`) }))]} />
    </div>
    <div class="form-actions">
      <button type="button" class="btn" onClick=${props.onCancel}>${t('common.cancel')}</button>
      <button type="submit" class="btn btn-primary" disabled=${form.busy}>${t('common.save')}</button>
    </div>
  </form>`;
}
