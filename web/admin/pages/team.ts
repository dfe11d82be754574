import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { formatDateTime, t } from '../i18n';
import { href } from '../router';
import { useSession } from '../session';
import type { Invitation, Role, User } from '../types';
import { CopyField, confirmAction } from '../ui/dialog';
import { describeError } from '../ui/errors';
import { Banner, SelectField, TextField, useForm } from '../ui/form';
import { Pending, useLoad } from '../ui/load';
import { OrganisationCard } from './organisation';
import { WeeklyEmailScheduleCard } from './weekly-email';

const roles: Role[] = ['admin', 'member', 'sales'];
const roleOptions = () => roles.map((r) => ({ value: r, label: t(`role.${r}`) }));

/** Teammates with their roles, invitations by link, open invitations. Admins only. */
export function TeamPage() {
  const { can } = useSession();
  if (!can('team:manage')) return html`<div class="page"><${Banner} message=${t('error.FORBIDDEN')} /></div>`;
  return html`<div class="page">
    <div class="page-head"><h1>${t('team.title')}</h1>${can('mail:read') ? html`<a class="btn" href=${href('/team/suppressions')}>${t('suppressions.link')}</a>` : null}</div>
    ${can('organisation:manage') ? html`<${OrganisationCard} />` : null}
    ${can('organisation:manage') ? html`<${WeeklyEmailScheduleCard} />` : null}
    <${Members} />
    <${Invitations} />
  </div>`;
}

function Members() {
  const { session } = useSession();
  const users = useLoad(() => api.get<{ users: User[] }>('/api/v1/users').then((r) => r.users));
  const [error, setError] = useState<string>();
  async function update(user: User, patch: { role?: Role; disabled?: boolean }, confirmText?: string) {
    if (confirmText && !(await confirmAction(confirmText, { danger: patch.disabled === true }))) return;
    try {
      await api.patch(`/api/v1/users/${user.id}`, patch);
      setError(undefined);
    } catch (err) {
      setError(describeError(err).message);
    }
    await users.reload();
  }
  const [reset, setReset] = useState<{ name: string; url: string; expires: string }>();
  async function resetLink(user: User) {
    try {
      const link = await api.post<{ url: string; expires_at: string }>(
        `/api/v1/users/${user.id}/password-reset`,
      );
      setReset({ name: user.name, url: link.url, expires: formatDateTime(link.expires_at) });
      setError(undefined);
    } catch (err) {
      setError(describeError(err).message);
    }
  }
  if (!users.data) return html`<${Pending} error=${users.error} />`;
  return html`<section class="card">
    <h2>${t('team.members')}</h2>
    <${Banner} message=${error} />
    ${
      reset
        ? html`<div class="callout">
            <p>${t('console.team.resetLinkLead', { name: reset.name, expires: reset.expires })}</p>
            <${CopyField} value=${reset.url} label=${t('console.team.resetLinkFor', { name: reset.name })} />
          </div>`
        : null
    }
    <div class="table-wrap">
      <table class="table">
        <thead><tr><th>${t('field.name')}</th><th>${t('field.email')}</th><th>${t('field.role')}</th><th>${t('field.status')}</th><th><span class="visually-hidden">${t('console.actions')}</span></th></tr></thead>
        <tbody>
          ${users.data.map((u) => {
            const self = u.id === session.user.id;
            return html`<tr class=${u.disabled_at ? 'revoked' : ''}>
              <td data-label=${t('field.name')} class="strong">${u.name}${self ? html` <span class="muted">(${t('team.you')})</span>` : null}</td>
              <td data-label=${t('field.email')}>${u.email}</td>
              <td data-label=${t('field.role')}>
                <select aria-label=${t('team.roleOf', { name: u.name })} value=${u.role} disabled=${self} onChange=${(
                  e: Event,
                ) => update(u, { role: (e.target as HTMLSelectElement).value as Role })}>
                  ${roleOptions().map((o) => html`<option value=${o.value}>${o.label}</option>`)}
                </select>
              </td>
              <td data-label=${t('field.status')}>${u.disabled_at ? t('team.disabled') : t('team.active')}</td>
              <td class="actions-cell">
                ${
                  self
                    ? null
                    : u.disabled_at
                      ? html`<button type="button" class="btn" onClick=${() => update(u, { disabled: false })}>${t('team.enable')}</button>`
                      : html`<button type="button" class="btn btn-ghost" onClick=${() => update(u, { disabled: true }, t('team.confirmDisable', { name: u.name }))}>${t('team.disable')}</button>
                        <button type="button" class="btn btn-ghost" aria-label=${t('console.team.resetLinkFor', { name: u.name })} onClick=${() => resetLink(u)}>${t('console.team.resetLink')}</button>`
                }
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>
  </section>`;
}

function Invitations() {
  const list = useLoad(() =>
    api.get<{ invitations: Invitation[] }>('/api/v1/invitations').then((r) => r.invitations),
  );
  const [link, setLink] = useState<{ url: string; email: string }>();
  const [error, setError] = useState<string>();
  const form = useForm<{ email: string; role: Role }>({ email: '', role: 'member' });
  const onSubmit = form.submit(async (values) => {
    const res = await api.post<{ invitation: Invitation; url: string }>('/api/v1/invitations', values);
    setLink({ url: res.url, email: res.invitation.email });
    form.reset({ email: '', role: values.role });
    await list.reload();
  });
  async function revoke(inv: Invitation) {
    if (
      !(await confirmAction(t('team.confirmRevoke', { email: inv.email }), {
        danger: true,
        confirmLabel: t('common.revoke'),
      }))
    )
      return;
    try {
      await api.delete(`/api/v1/invitations/${inv.id}`);
      await list.reload();
    } catch (err) {
      setError(describeError(err).message);
    }
  }
  const open = (list.data ?? []).filter(
    (i) => !i.accepted_at && !i.revoked_at && new Date(i.expires_at) > new Date(),
  );
  return html`<section class="card">
    <h2>${t('team.invite')}</h2>
    <form class="inline-form" onSubmit=${onSubmit} novalidate>
      <${Banner} message=${form.banner} />
      <div class="grid-inline">
        <${TextField} form=${form} name="email" type="email" label=${t('field.email')} required />
        <${SelectField} form=${form} name="role" label=${t('field.role')} options=${roleOptions()} />
        <button type="submit" class="btn btn-primary" disabled=${form.busy}>${t('team.sendInvite')}</button>
      </div>
    </form>
    ${
      link
        ? html`<div class="callout">
            <p>${t('team.linkReady', { email: link.email })}</p>
            <${CopyField} value=${link.url} label=${t('team.invitationLink')} />
          </div>`
        : null
    }
    <h3>${t('team.openInvitations')}</h3>
    <${Banner} message=${error ?? list.error} />
    ${
      open.length === 0
        ? html`<p class="muted">${t('team.noInvitations')}</p>`
        : html`<ul class="plain-list">
            ${open.map(
              (i) => html`<li>
                <span><span class="strong">${i.email}</span> · ${t(`role.${i.role}`)} · <span class="muted">${t('team.expires', { date: formatDateTime(i.expires_at) })}</span></span>
                <button type="button" class="btn btn-ghost" onClick=${() => revoke(i)}>${t('common.revoke')}</button>
              </li>`,
            )}
          </ul>`
    }
  </section>`;
}
