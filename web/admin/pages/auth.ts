import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrfToken } from '../api';
import { formatDateTime, getLocale, localeNames, setLocale, t } from '../i18n';
import { href, navigate } from '../router';
import type { Locale, Role, User } from '../types';
import { describeError } from '../ui/errors';
import { Banner, type Form, SelectField, TextField, useForm } from '../ui/form';

interface Signed {
  user: User;
  csrf_token: string;
}

function AuthCard(props: { title: string; lead?: string; children: ComponentChildren }) {
  return html`<main class="center-screen">
    <div class="card narrow auth-card">
      <div class="brand brand-large"><span class="brand-mark" aria-hidden="true">▶</span>LeadCast</div>
      <h1>${props.title}</h1>
      ${props.lead ? html`<p class="muted">${props.lead}</p>` : null}
      ${props.children}
    </div>
  </main>`;
}

/** Language chooser for pages shown before sign-in; applies at once. */
function useLocaleChoice<T extends { locale: Locale }>(form: Form<T>) {
  const [, rerender] = useState(getLocale());
  useEffect(() => {
    setLocale(form.values.locale);
    rerender(form.values.locale);
  }, [form.values.locale]);
  return html`<${SelectField}
    form=${form}
    name="locale"
    label=${t('account.language')}
    options=${Object.entries(localeNames).map(([value, label]) => ({ value, label }))}
  />`;
}

/** Language chooser for the sign-in pages (no account setting yet); applies at once, re-rendering the page. */
function useLanguageSwitch() {
  const [locale, choose] = useState(getLocale());
  return html`<label class="language-switch">
    <span>${t('console.auth.language')}</span>
    <select value=${locale} onChange=${(e: Event) => {
      const next = (e.target as HTMLSelectElement).value as Locale;
      setLocale(next);
      choose(next);
    }}>
      ${Object.entries(localeNames).map(([value, label]) => html`<option value=${value} lang=${value}>${label}</option>`)}
    </select>
  </label>`;
}

export function SignInPage(props: { needsSetup: boolean; onDone: () => Promise<void> }) {
  const form = useForm({ email: '', password: '' });
  const languageSwitch = useLanguageSwitch();
  if (props.needsSetup) {
    return html`<${AuthCard} title=${t('setup.title')}>
      <${Banner} kind="info" message=${t('setup.openLink')} />
    </${AuthCard}>`;
  }
  const onSubmit = form.submit(async (values) => {
    const res = await api.post<Signed>('/api/v1/auth/sign-in', values);
    setCsrfToken(res.csrf_token);
    await props.onDone();
  });
  return html`<${AuthCard} title=${t('auth.signInTitle')}>
    <form onSubmit=${onSubmit} novalidate>
      <${Banner} message=${form.banner} />
      <${TextField} form=${form} name="email" type="email" label=${t('field.email')} autocomplete="username" required />
      <${TextField} form=${form} name="password" type="password" label=${t('field.password')} autocomplete="current-password" required />
      <button class="btn btn-primary btn-block" type="submit" disabled=${form.busy}>${t('auth.signIn')}</button>
    </form>
    <p class="auth-links"><a href=${href('/forgot')}>${t('console.auth.forgot')}</a></p>
    ${languageSwitch}
  </${AuthCard}>`;
}

/** "Forgot your password?": a link by email when LeadCast sends mail, else where to get one. */
export function ForgotPage() {
  const form = useForm({ email: '' });
  const [delivery, setDelivery] = useState<'email' | 'admin'>();
  const languageSwitch = useLanguageSwitch();
  const onSubmit = form.submit(async (values) => {
    setDelivery(
      (await api.post<{ delivery: 'email' | 'admin' }>('/api/v1/auth/password-reset', values)).delivery,
    );
  });
  return html`<${AuthCard} title=${t('console.auth.forgotTitle')} lead=${delivery ? undefined : t('console.auth.forgotLead')}>
    ${
      delivery
        ? html`<${Banner} kind=${delivery === 'email' ? 'success' : 'info'} message=${t(delivery === 'email' ? 'console.auth.forgotEmail' : 'console.auth.forgotAdmin')} />`
        : html`<form onSubmit=${onSubmit} novalidate>
            <${Banner} message=${form.banner} />
            <${TextField} form=${form} name="email" type="email" label=${t('field.email')} autocomplete="username" required />
            <button class="btn btn-primary btn-block" type="submit" disabled=${form.busy}>${t('console.auth.forgotSubmit')}</button>
          </form>`
    }
    <p class="auth-links"><a href=${href('/sign-in')}>${t('console.auth.backToSignIn')}</a></p>
    ${languageSwitch}
  </${AuthCard}>`;
}

/** The page a reset link opens: the new password, then sign in with it. */
export function ResetPage(props: { token: string }) {
  const [reset, setReset] = useState<{ email: string }>();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  const form = useForm({ password: '' });
  const url = `/api/v1/auth/password-reset/${encodeURIComponent(props.token)}`;
  useEffect(() => {
    api
      .get<{ reset: { email: string } }>(url)
      .then((r) => setReset(r.reset))
      .catch((err) => setError(describeError(err).message));
  }, [url]);
  const onSubmit = form.submit(async (values) => {
    await api.post(url, values);
    setDone(true);
  });
  if (done)
    return html`<${AuthCard} title=${t('console.auth.resetTitle')}>
      <${Banner} kind="success" message=${t('console.auth.resetDone')} />
      <button class="btn btn-primary btn-block" type="button" onClick=${() => navigate('/sign-in')}>${t('auth.signIn')}</button>
    </${AuthCard}>`;
  if (error)
    return html`<${AuthCard} title=${t('console.auth.resetTitle')}><${Banner} message=${error} />
      <p class="auth-links"><a href=${href('/forgot')}>${t('console.auth.forgot')}</a></p></${AuthCard}>`;
  if (!reset) return html`<main class="center-screen"><p class="muted">${t('common.loading')}</p></main>`;
  return html`<${AuthCard} title=${t('console.auth.resetTitle')} lead=${t('console.auth.resetLead', { email: reset.email })}>
    <form onSubmit=${onSubmit} novalidate>
      <${Banner} message=${form.banner} />
      <${TextField} form=${form} name="password" type="password" label=${t('field.password')} hint=${t('field.passwordHint')} autocomplete="new-password" required />
      <button class="btn btn-primary btn-block" type="submit" disabled=${form.busy}>${t('console.auth.resetSubmit')}</button>
    </form>
  </${AuthCard}>`;
}

export function SetupPage(props: { token: string; onDone: () => Promise<void> }) {
  const [needsSetup, setNeedsSetup] = useState<boolean>();
  const [error, setError] = useState<string>();
  const form = useForm({ name: '', email: '', password: '', locale: getLocale() });
  const languageField = useLocaleChoice(form);
  useEffect(() => {
    api
      .get<{ needs_setup: boolean }>('/api/v1/setup')
      .then((r) => setNeedsSetup(r.needs_setup))
      .catch((err) => setError(describeError(err).message));
  }, []);
  if (error) return html`<${AuthCard} title=${t('setup.title')}><${Banner} message=${error} /></${AuthCard}>`;
  if (needsSetup === undefined)
    return html`<main class="center-screen"><p class="muted">${t('common.loading')}</p></main>`;
  if (!needsSetup) {
    return html`<${AuthCard} title=${t('setup.title')}>
      <${Banner} kind="info" message=${t('setup.done')} />
      <a class="btn btn-primary btn-block" href=${href('/sign-in')}>${t('auth.signIn')}</a>
    </${AuthCard}>`;
  }
  const onSubmit = form.submit(async (values) => {
    const res = await api.post<Signed>('/api/v1/setup', { token: props.token, ...values });
    setCsrfToken(res.csrf_token);
    await props.onDone();
  });
  return html`<${AuthCard} title=${t('setup.title')} lead=${t('setup.lead')}>
    <form onSubmit=${onSubmit} novalidate>
      <${Banner} message=${form.banner} />
      <${TextField} form=${form} name="name" label=${t('field.name')} autocomplete="name" required />
      <${TextField} form=${form} name="email" type="email" label=${t('field.email')} autocomplete="username" required />
      <${TextField} form=${form} name="password" type="password" label=${t('field.password')} hint=${t('field.passwordHint')} autocomplete="new-password" required />
      ${languageField}
      <button class="btn btn-primary btn-block" type="submit" disabled=${form.busy}>${t('setup.submit')}</button>
    </form>
  </${AuthCard}>`;
}

interface InvitationInfo {
  email: string;
  role: Role;
  expires_at: string;
}

export function InvitePage(props: { token: string; onDone: () => Promise<void> }) {
  const [invitation, setInvitation] = useState<InvitationInfo>();
  const [error, setError] = useState<string>();
  const form = useForm({ name: '', password: '', locale: getLocale() });
  const languageField = useLocaleChoice(form);
  useEffect(() => {
    api
      .get<{ invitation: InvitationInfo }>(`/api/v1/invitations/by-token/${encodeURIComponent(props.token)}`)
      .then((r) => setInvitation(r.invitation))
      .catch((err) => setError(describeError(err).message));
  }, [props.token]);
  if (error)
    return html`<${AuthCard} title=${t('invite.title')}><${Banner} message=${error} /></${AuthCard}>`;
  if (!invitation)
    return html`<main class="center-screen"><p class="muted">${t('common.loading')}</p></main>`;
  const onSubmit = form.submit(async (values) => {
    const res = await api.post<Signed>(
      `/api/v1/invitations/by-token/${encodeURIComponent(props.token)}/accept`,
      values,
    );
    setCsrfToken(res.csrf_token);
    await props.onDone();
  });
  const lead = t('invite.lead', {
    email: invitation.email,
    role: t(`role.${invitation.role}`),
    expires: formatDateTime(invitation.expires_at),
  });
  return html`<${AuthCard} title=${t('invite.title')} lead=${lead}>
    <form onSubmit=${onSubmit} novalidate>
      <${Banner} message=${form.banner} />
      <${TextField} form=${form} name="name" label=${t('field.name')} autocomplete="name" required />
      <${TextField} form=${form} name="password" type="password" label=${t('field.password')} hint=${t('field.passwordHint')} autocomplete="new-password" required />
      ${languageField}
      <button class="btn btn-primary btn-block" type="submit" disabled=${form.busy}>${t('invite.submit')}</button>
    </form>
  </${AuthCard}>`;
}
