import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { describeError } from '../ui/errors';
import { Banner, TextField, useForm } from '../ui/form';
import { Pending, useLoad } from '../ui/load';
import { ImageUpload } from '../ui/upload';

interface Organisation {
  name: string;
  logo_url: string | null;
  privacy_url: string | null;
}
type Reply = { organisation: Organisation };

/** The organiser every audience page shows: name, logo, privacy-policy link. Admins only. */
export function OrganisationCard() {
  const org = useLoad(() => api.get<Reply>('/api/v1/organisation').then((r) => r.organisation));
  if (!org.data) return html`<${Pending} error=${org.error} />`;
  return html`<${OrganisationForm} org=${org.data} onChanged=${org.reload} />`;
}

function OrganisationForm(props: { org: Organisation; onChanged: () => Promise<unknown> }) {
  const [saved, setSaved] = useState(false);
  const [logoError, setLogoError] = useState<string>();
  const form = useForm({ name: props.org.name, privacy_url: props.org.privacy_url ?? '' });
  const onSubmit = form.submit(async (values) => {
    setSaved(false);
    const { organisation } = await api.put<Reply>('/api/v1/organisation', values);
    form.reset({ name: organisation.name, privacy_url: organisation.privacy_url ?? '' });
    setSaved(true);
  });
  const upload = async (file: File) => {
    await api.upload<Reply>('/api/v1/organisation/logo', file);
    await props.onChanged();
  };
  async function removeLogo() {
    try {
      await api.delete<Reply>('/api/v1/organisation/logo');
      await props.onChanged();
    } catch (err) {
      setLogoError(describeError(err).message);
    }
  }
  return html`<section class="card">
    <h2>${t('organisation.title')}</h2>
    <p class="field-hint">${t('organisation.hint')}</p>
    <form onSubmit=${onSubmit} novalidate>
      <${Banner} message=${form.banner} />
      ${saved ? html`<${Banner} kind="success" message=${t('common.saved')} />` : null}
      <${TextField} form=${form} name="name" label=${t('organisation.name')} />
      <${TextField} form=${form} name="privacy_url" type="url" label=${t('organisation.privacyUrl')} hint=${t('organisation.privacyHint')} />
      <div class="form-actions"><button type="submit" class="btn btn-primary" disabled=${form.busy}>${t('common.save')}</button></div>
    </form>
    <h3>${t('organisation.logo')}</h3>
    ${props.org.logo_url ? html`<img class="org-logo" src=${props.org.logo_url} alt=${t('organisation.logo')} height="40" />` : html`<p class="muted">${t('organisation.logoNone')}</p>`}
    <div class="cover-actions">
      <${ImageUpload} name="logo" label=${props.org.logo_url ? t('organisation.logoReplace') : t('organisation.logoUpload')} upload=${upload} />
      ${props.org.logo_url ? html`<button type="button" class="btn btn-ghost" onClick=${removeLogo}>${t('common.remove')}</button>` : null}
    </div>
    ${logoError ? html`<p class="field-error" role="alert">${logoError}</p>` : null}
  </section>`;
}
