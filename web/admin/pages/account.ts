import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { localeNames, t } from '../i18n';
import { useSession } from '../session';
import type { Locale } from '../types';
import { Banner, SelectField, TextField, useForm } from '../ui/form';

/** Own profile: name and interface language (applied at once), password change. */
export function AccountPage() {
  return html`<div class="page">
    <div class="page-head"><h1>${t('account.title')}</h1></div>
    <div class="grid-2 align-start">
      <${Profile} />
      <${Password} />
    </div>
  </div>`;
}

function Profile() {
  const { session, refresh } = useSession();
  const [saved, setSaved] = useState(false);
  const form = useForm<{ name: string; locale: Locale }>({
    name: session.user.name,
    locale: session.user.locale,
  });
  const onSubmit = form.submit(async (values) => {
    await api.patch('/api/v1/me', values);
    await refresh();
    setSaved(true);
  });
  return html`<section class="card">
    <h2>${t('account.profile')}</h2>
    <p class="muted">${session.user.email} · ${t(`role.${session.user.role}`)}</p>
    <form onSubmit=${onSubmit} novalidate>
      <${Banner} message=${form.banner} />
      ${saved ? html`<${Banner} kind="success" message=${t('common.saved')} />` : null}
      <${TextField} form=${form} name="name" label=${t('field.name')} required />
      <${SelectField}
        form=${form}
        name="locale"
        label=${t('account.language')}
        options=${Object.entries(localeNames).map(([value, label]) => ({ value, label }))}
      />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled=${form.busy}>${t('common.save')}</button></div>
    </form>
  </section>`;
}

function Password() {
  const [saved, setSaved] = useState(false);
  const form = useForm({ current_password: '', new_password: '' });
  const onSubmit = form.submit(async (values) => {
    setSaved(false);
    await api.post('/api/v1/me/password', values);
    form.reset({ current_password: '', new_password: '' });
    setSaved(true);
  });
  return html`<section class="card">
    <h2>${t('account.password')}</h2>
    <form onSubmit=${onSubmit} novalidate>
      <${Banner} message=${form.banner} />
      ${saved ? html`<${Banner} kind="success" message=${t('account.passwordChanged')} />` : null}
      <${TextField} form=${form} name="current_password" type="password" label=${t('account.currentPassword')} autocomplete="current-password" required />
      <${TextField} form=${form} name="new_password" type="password" label=${t('account.newPassword')} hint=${t('field.passwordHint')} autocomplete="new-password" required />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled=${form.busy}>${t('account.changePassword')}</button></div>
    </form>
  </section>`;
}
