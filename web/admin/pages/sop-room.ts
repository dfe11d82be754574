import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { type MessageKey, t } from '../i18n';
import { href } from '../router';
import { useSession } from '../session';
import {
  type Changes,
  groups,
  localDate,
  phases,
  type Room,
  type SopTask,
  statuses,
  type TemplateSummary,
} from '../sop-types';
import type { Locale } from '../types';
import { confirmAction } from '../ui/dialog';
import { describeError } from '../ui/errors';
import { Banner } from '../ui/form';
import { Pending, useLoad } from '../ui/load';
import { TaskPanel } from './sop-task';
import '../sop.css';

type View = 'timeline' | 'group' | 'status';
const views: View[] = ['timeline', 'group', 'status'];

/** The event's project room: readiness at a glance, then the plan as a timeline or a board. */
export function SopRoomTab(props: { eventId: string; language: Locale }) {
  const room = useLoad(() => api.get<Room>(`/api/v1/events/${props.eventId}/sop`), [props.eventId]);
  const [view, setView] = useState<View>('timeline');
  const [openTask, setOpenTask] = useState<string>();
  const [error, setError] = useState<string>();
  if (!room.data) return html`<div class="tab-body"><${Pending} error=${room.error} /></div>`;
  const data = room.data;
  const selected = data.tasks.find((task) => task.id === openTask);
  return html`<div class="tab-body sop-room">
    <${Banner} message=${error} />
    ${
      data.plan
        ? html`<${ReadinessPanel} room=${data} onOpen=${setOpenTask} />`
        : html`<div class="empty">${t('sop.noPlan')}</div>`
    }
    <${PlanActions} room=${data} eventId=${props.eventId} language=${props.language} onChanged=${room.reload} onError=${setError} />
    ${
      selected
        ? html`<${TaskPanel}
            key=${selected.id}
            task=${selected}
            room=${data}
            onClose=${() => setOpenTask(undefined)}
            onChanged=${room.reload}
          />`
        : null
    }
    ${
      data.plan
        ? html`<div class="sop-views" role="group" aria-label=${t('sop.view')}>
            ${views.map(
              (v) =>
                html`<button type="button" class=${`btn ${view === v ? 'btn-primary' : ''}`} aria-pressed=${view === v} onClick=${() => setView(v)}>${t(`sop.view.${v}`)}</button>`,
            )}
          </div>
          ${
            view === 'timeline'
              ? html`<${Timeline} room=${data} onOpen=${setOpenTask} onChanged=${room.reload} onError=${setError} />`
              : html`<${Board} room=${data} by=${view} onOpen=${setOpenTask} onChanged=${room.reload} onError=${setError} />`
          }`
        : null
    }
  </div>`;
}

/** Readiness on the event overview: shown once the event has a plan, links to the project room. */
export function ReadinessSummary(props: { eventId: string }) {
  const { can } = useSession();
  const room = useLoad(
    () =>
      can('sop:read') ? api.get<Room>(`/api/v1/events/${props.eventId}/sop`) : Promise.resolve(undefined),
    [props.eventId],
  );
  if (!room.data?.plan) return null;
  return html`<div class="sop-summary">
    <${ReadinessPanel} room=${room.data} />
    <a href=${href(`/events/${props.eventId}/sop`)}>${t('event.tab.sop')} →</a>
  </div>`;
}

function Bar(props: { label: string; closed: number; total: number }) {
  const pct = props.total ? Math.round((props.closed / props.total) * 100) : 0;
  return html`<div class="sop-bar">
    <div class="sop-bar-head"><span>${props.label}</span><span class="muted">${t('sop.progress', { closed: props.closed, total: props.total })}</span></div>
    <div class="sop-bar-track" role="progressbar" aria-label=${props.label} aria-valuemin="0" aria-valuemax=${props.total} aria-valuenow=${props.closed}>
      <div class="sop-bar-fill" style=${`width:${pct}%`}></div>
    </div>
  </div>`;
}

/** Progress by phase and group, the tasks at risk, and whether the event is ready to go live. */
export function ReadinessPanel(props: { room: Room; onOpen?: (id: string) => void }) {
  const { readiness, tasks } = props.room;
  const byId = new Map(tasks.map((task) => [task.id, task]));
  return html`<section class="card sop-readiness" aria-labelledby="sop-readiness-title">
    <div class="section-head">
      <h2 id="sop-readiness-title">${t('sop.readiness')}</h2>
      <span class=${`badge ${readiness.ready_to_go_live ? 'sop-ready' : 'sop-not-ready'}`} data-testid="sop-ready">
        ${readiness.ready_to_go_live ? t('sop.ready') : t('sop.notReady', { n: readiness.open_before_start })}
      </span>
    </div>
    <div class="sop-readiness-grid">
      <div>
        <h3>${t('sop.byPhase')}</h3>
        ${readiness.phases.map((p) => html`<${Bar} label=${t(`sop.phase.${p.key}` as MessageKey)} closed=${p.closed} total=${p.total} />`)}
      </div>
      <div>
        <h3>${t('sop.byGroup')}</h3>
        ${readiness.groups.map((g) => html`<${Bar} label=${t(`sop.group.${g.key}` as MessageKey)} closed=${g.closed} total=${g.total} />`)}
      </div>
      <div>
        <h3>${t('sop.atRisk')}</h3>
        ${
          readiness.at_risk.length === 0
            ? html`<p class="muted">${t('sop.noRisk')}</p>`
            : html`<ul class="plain-list sop-risk-list">
                ${readiness.at_risk.slice(0, 12).map((r) => {
                  const task = byId.get(r.task_id);
                  if (!task) return null;
                  return html`<li key=${r.task_id}>
                    <span class=${`badge sop-risk-${r.reason}`}>${t(`sop.risk.${r.reason}`)}</span>
                    ${props.onOpen ? html`<button type="button" class="link-button" onClick=${() => props.onOpen?.(task.id)}>${task.t_label} · ${task.title}</button>` : html`<span>${task.t_label} · ${task.title}</span>`}
                  </li>`;
                })}
              </ul>`
        }
      </div>
    </div>
  </section>`;
}

/** Apply a template (first time), preview and re-apply, save the plan as a template. */
function PlanActions(props: {
  room: Room;
  eventId: string;
  language: Locale;
  onChanged: () => Promise<void>;
  onError: (m: string | undefined) => void;
}) {
  const { can } = useSession();
  const templates = useLoad(
    () => api.get<{ templates: TemplateSummary[] }>(`/api/v1/sop/templates?locale=${props.language}`),
    [props.language],
  );
  const [templateId, setTemplateId] = useState(props.room.plan?.template_id ?? 'playbook');
  const [busy, setBusy] = useState(false);
  if (!can('sop:plan') || !props.room.team.can_manage) {
    return props.room.plan
      ? html`<p class="muted small">${t('sop.planFrom', { name: props.room.plan.template_name })}</p>`
      : null;
  }
  const base = `/api/v1/events/${props.eventId}/sop`;
  async function run(action: () => Promise<void>) {
    setBusy(true);
    props.onError(undefined);
    try {
      await action();
      await props.onChanged();
    } catch (err) {
      props.onError(describeError(err).message);
    } finally {
      setBusy(false);
    }
  }
  const apply = () => run(() => api.post(`${base}/apply`, { template_id: templateId }));
  const reapply = () =>
    run(async () => {
      const { changes } = await api.post<{ changes: Changes }>(`${base}/preview`, {
        template_id: templateId,
      });
      const message = t('sop.changes', {
        added: changes.added.length,
        changed: changes.changed.length,
        removed: changes.removed.length,
        kept: changes.kept_closed,
      });
      // Name what changes, so the team sees it before it happens.
      const titles = [
        ...changes.added.map((c) => `+ ${c.title}`),
        ...changes.changed.map((c) => `~ ${c.title}`),
        ...changes.removed.map((c) => `− ${c.title}`),
      ];
      const listed = titles.length
        ? ` ${titles.slice(0, 8).join(' · ')}${titles.length > 8 ? ' …' : ''}`
        : '';
      if (!(await confirmAction(message + listed, { confirmLabel: t('sop.reapply') }))) return;
      await api.post(`${base}/apply`, { template_id: templateId, reapply: true });
    });
  const saveAsTemplate = () =>
    run(async () => {
      const name = window.prompt(t('sop.templateName'), props.room.event.title);
      if (!name) return;
      await api.post(`${base}/save-as-template`, { name });
    });
  return html`<div class="sop-plan-actions">
    <label class="sop-inline-field">
      <span>${t('sop.template')}</span>
      <select value=${templateId} onChange=${(e: Event) => setTemplateId((e.target as HTMLSelectElement).value)}>
        ${(templates.data?.templates ?? []).map((tpl) => html`<option value=${tpl.id}>${tpl.name}</option>`)}
      </select>
    </label>
    ${
      props.room.plan
        ? html`<button type="button" class="btn" disabled=${busy} onClick=${reapply}>${t('sop.preview')}</button>
            <button type="button" class="btn btn-ghost" disabled=${busy} onClick=${saveAsTemplate}>${t('sop.saveAsTemplate')}</button>`
        : html`<button type="button" class="btn btn-primary" disabled=${busy} onClick=${apply}>${t('sop.apply')}</button>`
    }
  </div>`;
}

interface TaskListProps {
  room: Room;
  onOpen: (id: string) => void;
  onChanged: () => Promise<void>;
  onError: (m: string | undefined) => void;
}

/** One task: tick box (done / reopen), title, T-label, group, assignee, risk. */
export function TaskCard(props: TaskListProps & { task: SopTask; showGroup?: boolean }) {
  const { task } = props;
  const [busy, setBusy] = useState(false);
  // Shows the tick at once; the reloaded task (or the refusal) settles it.
  const [ticked, setTicked] = useState<boolean>();
  const closed = task.status === 'done' || task.status === 'not_applicable';
  async function toggle() {
    setBusy(true);
    setTicked(task.status !== 'done');
    props.onError(undefined);
    try {
      await api.patch(`/api/v1/events/${task.event_id}/sop/tasks/${task.id}`, {
        version: task.version,
        status: task.status === 'done' ? 'open' : 'done',
      });
    } catch (err) {
      const { message } = describeError(err);
      props.onError((err as { code?: string }).code === 'CONFLICT' ? t('sop.conflict') : message);
    } finally {
      await props.onChanged();
      setTicked(undefined);
      setBusy(false);
    }
  }
  return html`<li class=${`sop-task sop-status-${task.status}${task.risk ? ` sop-task-${task.risk}` : ''}`} data-task=${task.template_task_id ?? task.id}>
    <input
      type="checkbox"
      checked=${ticked ?? task.status === 'done'}
      disabled=${busy || task.status === 'not_applicable'}
      aria-label=${`${t('sop.markDone')}: ${task.title}`}
      onChange=${toggle}
    />
    <button type="button" class="sop-task-main link-button" onClick=${() => props.onOpen(task.id)}>
      <span class="sop-task-title">${task.title}</span>
      <span class="sop-task-meta">
        <span class="sop-tlabel">${task.t_label}</span>
        ${props.showGroup !== false ? html`<span>${t(`sop.group.${task.responsible}`)}</span>` : null}
        <span>${task.assignee_name ?? t('sop.unassigned')}</span>
        ${closed ? html`<span class="muted">${t(`sop.status.${task.status}`)}</span>` : null}
        ${task.risk ? html`<span class=${`badge sop-risk-${task.risk}`}>${t(`sop.risk.${task.risk}`)}</span>` : null}
        ${task.evidence?.note && task.status === 'done' ? html`<span class="sop-evidence" title=${task.evidence.note}>✓ LeadCast</span>` : null}
      </span>
    </button>
  </li>`;
}

/** Day by day, T-21 … T+7 in the event's zone, today marked; tasks due outside the window last. */
function Timeline(props: TaskListProps) {
  const { room } = props;
  const tz = room.event.timezone;
  const byDate = new Map<string, SopTask[]>();
  for (const task of room.tasks) {
    const date = localDate(task.due_at, tz);
    byDate.set(date, [...(byDate.get(date) ?? []), task]);
  }
  const shown = new Set(room.timeline.days.map((d) => d.date));
  const outside = room.tasks.filter((task) => !shown.has(localDate(task.due_at, tz)));
  return html`<ol class="sop-timeline">
    ${room.timeline.days.map((day) => {
      const tasks = byDate.get(day.date) ?? [];
      const today = day.offset === room.timeline.today_offset;
      return html`<li key=${day.date} class=${`sop-day${today ? ' sop-today' : ''}${tasks.length ? '' : ' sop-day-empty'}`} aria-current=${today ? 'date' : undefined} data-offset=${day.offset}>
        <div class="sop-day-head">
          <span class="sop-tlabel">${day.label}</span>
          <span class="muted small">${day.date}</span>
          ${today ? html`<span class="badge sop-today-badge">${t('sop.today')}</span>` : null}
        </div>
        ${tasks.length ? html`<ul class="sop-task-list">${tasks.map((task) => html`<${TaskCard} key=${task.id} task=${task} ...${props} />`)}</ul>` : null}
      </li>`;
    })}
    ${
      outside.length
        ? html`<li class="sop-day"><div class="sop-day-head"><span class="sop-tlabel">${t('sop.outsideTimeline')}</span></div>
            <ul class="sop-task-list">${outside.map((task) => html`<${TaskCard} key=${task.id} task=${task} ...${props} />`)}</ul></li>`
        : null
    }
  </ol>`;
}

/** A board: a column per group (owner first) or per status. */
function Board(props: TaskListProps & { by: 'group' | 'status' }) {
  const columns =
    props.by === 'group'
      ? (['owner', ...groups] as const).map((key) => ({
          key,
          label: t(`sop.group.${key}`),
          tasks: props.room.tasks.filter((task) => task.responsible === key),
        }))
      : statuses.map((key) => ({
          key,
          label: t(`sop.status.${key}`),
          tasks: props.room.tasks.filter((task) => task.status === key),
        }));
  return html`<div class="sop-board">
    ${columns.map(
      (col) => html`<section key=${col.key} class="sop-column" aria-label=${col.label}>
        <h3>${col.label} <span class="count">${col.tasks.length}</span></h3>
        <ul class="sop-task-list">
          ${[...col.tasks]
            .sort(
              (a, b) => phases.indexOf(a.phase) - phases.indexOf(b.phase) || a.due_at.localeCompare(b.due_at),
            )
            .map(
              (task) =>
                html`<${TaskCard} key=${task.id} task=${task} showGroup=${props.by !== 'group'} ...${props} />`,
            )}
        </ul>
      </section>`,
    )}
  </div>`;
}
