import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import { t } from '../i18n';
import { useSession } from '../session';
import { type Group, groups, type Person, type Team } from '../sop-types';
import { confirmAction } from '../ui/dialog';
import { describeError } from '../ui/errors';
import { Banner } from '../ui/form';
import { Pending, useLoad } from '../ui/load';

/** Who does what: the owner and the five groups, with their members and leads. */
export function CrewTab(props: { eventId: string }) {
  const { can } = useSession();
  const base = `/api/v1/events/${props.eventId}/sop/team`;
  const team = useLoad(() => api.get<{ team: Team }>(base), [props.eventId]);
  const people = useLoad(() => api.get<{ people: Person[] }>('/api/v1/sop/people'), []);
  const [error, setError] = useState<string>();
  const [reassign, setReassign] = useState<{ group: Group; userId: string; name: string; to: string }>();
  if (!team.data) return html`<div class="tab-body"><${Pending} error=${team.error} /></div>`;
  const current = team.data.team;
  const canManage = can('sop:plan') && current.can_manage;
  const everyone = people.data?.people ?? [];

  async function run(action: () => Promise<{ team: Team }>) {
    setError(undefined);
    try {
      team.set(await action());
      return true;
    } catch (err) {
      setError(describeError(err).message);
      return false;
    }
  }
  async function remove(group: Group, userId: string, name: string) {
    if (
      !(await confirmAction(t('crew.removeConfirm', { name, group: t(`sop.group.${group}`) }), {
        danger: true,
      }))
    )
      return;
    setError(undefined);
    try {
      team.set(await api.delete<{ team: Team }>(`${base}/${group}/${userId}`));
    } catch (err) {
      // Open tasks need someone to take them over: ask who.
      if (err instanceof ApiError && err.code === 'INVALID_STATE')
        setReassign({ group, userId, name, to: '' });
      else setError(describeError(err).message);
    }
  }

  return html`<div class="tab-body sop-crew">
    <${Banner} message=${error} />
    ${canManage ? null : html`<p class="muted">${t('crew.readOnly')}</p>`}
    <section class="card">
      <h2>${t('crew.owner')}</h2>
      <p class="strong">${current.owner?.name ?? t('crew.noOwner')}</p>
      ${
        canManage
          ? html`<${PersonPicker}
              label=${t('crew.setOwner')}
              people=${everyone.filter((p) => p.role !== 'sales')}
              onPick=${(userId: string) => run(() => api.put(`${base}/owner`, { user_id: userId }))}
            />`
          : null
      }
    </section>
    ${
      reassign
        ? html`<section class="card sop-reassign" role="alertdialog" aria-labelledby="sop-reassign-title">
            <p id="sop-reassign-title">${t('crew.reassignTitle', { name: reassign.name })}</p>
            <select aria-label=${t('crew.person')} value=${reassign.to} onChange=${(e: Event) => setReassign({ ...reassign, to: (e.target as HTMLSelectElement).value })}>
              <option value=""></option>
              ${current.members
                .filter((m) => m.group === reassign.group && m.user_id !== reassign.userId)
                .map((m) => html`<option value=${m.user_id}>${m.name}</option>`)}
            </select>
            <div class="actions">
              <button type="button" class="btn" onClick=${() => setReassign(undefined)}>${t('common.cancel')}</button>
              <button type="button" class="btn btn-danger" disabled=${!reassign.to} onClick=${async () => {
                if (
                  await run(() =>
                    api.delete(
                      `${base}/${reassign.group}/${reassign.userId}?reassign_to=${encodeURIComponent(reassign.to)}`,
                    ),
                  )
                )
                  setReassign(undefined);
              }}>${t('crew.reassign')}</button>
            </div>
          </section>`
        : null
    }
    <div class="sop-groups">
      ${groups.map((group) => {
        const members = current.members.filter((m) => m.group === group);
        const eligible = everyone.filter(
          (p) => (group === 'conversion' || p.role !== 'sales') && !members.some((m) => m.user_id === p.id),
        );
        return html`<section key=${group} class="card sop-group" aria-label=${t(`sop.group.${group}`)}>
          <h3>${t(`sop.group.${group}`)}</h3>
          ${members.length === 0 ? html`<p class="muted">${t('crew.empty')}</p>` : null}
          <ul class="plain-list">
            ${members.map(
              (m) => html`<li key=${m.user_id} class="sop-member">
                <span>${m.name} ${m.is_lead ? html`<span class="badge">${t('crew.lead')}</span>` : null}</span>
                ${
                  canManage
                    ? html`<span class="row-actions">
                        ${m.is_lead ? null : html`<button type="button" class="btn btn-ghost" onClick=${() => run(() => api.put(`${base}/${group}/${m.user_id}`, { is_lead: true }))}>${t('crew.makeLead')}</button>`}
                        <button type="button" class="btn btn-ghost" onClick=${() => remove(group, m.user_id, m.name)}>${t('common.remove')}</button>
                      </span>`
                    : null
                }
              </li>`,
            )}
          </ul>
          ${
            canManage && eligible.length
              ? html`<${PersonPicker}
                  label=${t('crew.add')}
                  people=${eligible}
                  onPick=${(userId: string) => run(() => api.put(`${base}/${group}/${userId}`, { is_lead: false }))}
                />`
              : null
          }
        </section>`;
      })}
    </div>
  </div>`;
}

function PersonPicker(props: {
  label: string;
  people: Person[];
  onPick: (userId: string) => Promise<unknown>;
}) {
  const [userId, setUserId] = useState('');
  return html`<form class="sop-inline-form" onSubmit=${async (e: Event) => {
    e.preventDefault();
    if (!userId) return;
    await props.onPick(userId);
    setUserId('');
  }}>
    <select aria-label=${`${props.label}: ${t('crew.person')}`} value=${userId} onChange=${(e: Event) => setUserId((e.target as HTMLSelectElement).value)}>
      <option value=""></option>
      ${props.people.map((p) => html`<option value=${p.id}>${p.name} (${t(`role.${p.role}`)})</option>`)}
    </select>
    <button type="submit" class="btn" disabled=${!userId}>${props.label}</button>
  </form>`;
}
