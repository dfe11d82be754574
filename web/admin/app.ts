import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { LazyWeeklyReviewPage } from './analytics/lazy';
import { ApiError, api, setCsrfToken, whenUnauthenticated } from './api';
import { SuppressionsPage } from './email/suppressions';
import { browserLocale, setLocale, t } from './i18n';
import { Layout } from './layout';
import { AccountPage } from './pages/account';
import { ForgotPage, InvitePage, ResetPage, SetupPage, SignInPage } from './pages/auth';
import { EventPage } from './pages/event';
import { NewEventPage } from './pages/event-form';
import { EventsPage } from './pages/events';
import { LeadRulesPage } from './pages/lead-rules';
import { LeadPage, LeadsPage, MyLeadsPage } from './pages/leads';
import { MailPage } from './pages/mail';
import { MyTasksPage } from './pages/my-tasks';
import { TemplatePage, TemplatesPage } from './pages/sop-templates';
import { TeamPage } from './pages/team';
import { TokensPage } from './pages/tokens';
import { WebhooksPage } from './pages/webhooks';
import { navigate, type Route, useRoute } from './router';
import { type SessionApi, SessionContext } from './session';
import type { Session } from './types';
import { DialogHost } from './ui/dialog';
import { describeError } from './ui/errors';
import { Banner } from './ui/form';

type State =
  | { kind: 'loading' }
  | { kind: 'offline'; message: string }
  | { kind: 'signedOut'; needsSetup: boolean }
  | { kind: 'signedIn'; session: Session };

export function App() {
  const route = useRoute();
  const [state, setState] = useState<State>({ kind: 'loading' });

  /** Shows the sign-in form, in the language in use until now (same person, same browser). */
  async function signedOut() {
    setCsrfToken('');
    const { needs_setup: needsSetup } = await api.get<{ needs_setup: boolean }>('/api/v1/setup');
    setState({ kind: 'signedOut', needsSetup });
  }

  async function load() {
    try {
      const session = await api.get<Session>('/api/v1/me');
      setCsrfToken(session.csrf_token);
      setLocale(session.user.locale);
      setState({ kind: 'signedIn', session });
    } catch (err) {
      try {
        if (!(err instanceof ApiError && err.status === 401)) throw err;
        await signedOut();
      } catch (inner) {
        setState({ kind: 'offline', message: describeError(inner).message });
      }
    }
  }

  useEffect(() => {
    setLocale(browserLocale());
    // The first load handles its own 401; afterwards any 401 means the session ended.
    void load().then(() =>
      whenUnauthenticated(
        () => void signedOut().catch(() => setState({ kind: 'signedOut', needsSetup: false })),
      ),
    );
  }, []);

  /** After setup, sign-in or accepting an invitation: load permissions, go to the events. */
  async function signedIn(next = '/events') {
    await load();
    navigate(next);
  }

  return html`${body(route, state, signedIn, load, signedOut)}<${DialogHost} />`;
}

function body(
  route: Route,
  state: State,
  signedIn: (next?: string) => Promise<void>,
  load: () => Promise<void>,
  signedOut: () => Promise<void>,
) {
  if (route.name === 'setup') return html`<${SetupPage} token=${route.params.token} onDone=${signedIn} />`;
  if (route.name === 'invite') return html`<${InvitePage} token=${route.params.token} onDone=${signedIn} />`;
  if (route.name === 'forgot') return html`<${ForgotPage} />`;
  if (route.name === 'reset') return html`<${ResetPage} token=${route.params.token} />`;
  if (state.kind === 'loading')
    return html`<main class="center-screen"><p class="muted">${t('common.loading')}</p></main>`;
  if (state.kind === 'offline') {
    return html`<main class="center-screen"><div class="card narrow">
      <${Banner} message=${state.message} />
      <button class="btn btn-primary" onClick=${load}>${t('common.retry')}</button>
    </div></main>`;
  }
  if (state.kind === 'signedOut') {
    const back = route.name === 'signIn' ? '/events' : location.hash.replace(/^#/, '') || '/events';
    return html`<${SignInPage} needsSetup=${state.needsSetup} onDone=${() => signedIn(back)} />`;
  }
  const session = state.session;
  const sessionApi: SessionApi = {
    session,
    can: (permission) => session.permissions.includes(permission),
    refresh: load,
    signOut: async () => {
      await api.post('/api/v1/auth/sign-out');
      navigate('/sign-in');
      await signedOut();
    },
  };
  return html`<${SessionContext.Provider} value=${sessionApi}>
    <${Layout} route=${route}>${page(route)}</${Layout}>
  </${SessionContext.Provider}>`;
}

function page(route: Route) {
  switch (route.name) {
    case 'events':
    case 'signIn':
      return html`<${EventsPage} />`;
    case 'newEvent':
      return html`<${NewEventPage} />`;
    case 'event':
    case 'eventTab':
      return html`<${EventPage} key=${route.params.id} id=${route.params.id} tab=${route.params.tab ?? 'details'} />`;
    case 'team':
      return html`<${TeamPage} />`;
    case 'suppressions':
      return html`<${SuppressionsPage} />`;
    case 'myTasks':
      return html`<${MyTasksPage} />`;
    case 'leads':
      return html`<${LeadsPage} />`;
    case 'leadRules':
      return html`<${LeadRulesPage} />`;
    case 'lead':
      return html`<${LeadPage} key=${route.params.id} id=${route.params.id} />`;
    case 'myLeads':
      return html`<${MyLeadsPage} />`;
    case 'webhooks':
      return html`<${WebhooksPage} />`;
    case 'review':
      return html`<${LazyWeeklyReviewPage} />`;
    case 'templates':
      return html`<${TemplatesPage} />`;
    case 'template':
      return html`<${TemplatePage} key=${route.params.id} id=${route.params.id} />`;
    case 'tokens':
      return html`<${TokensPage} />`;
    case 'mail':
      return html`<${MailPage} />`;
    case 'account':
      return html`<${AccountPage} />`;
    default:
      return html`<div class="page"><h1>${t('common.notFound')}</h1></div>`;
  }
}
