import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, t } from './i18n';
import { href, type Route } from './router';
import { useSession } from './session';
import { describeError } from './ui/errors';
import { Banner } from './ui/form';
import { useScrollStrip } from './ui/strip';

const sections: { path: string; label: MessageKey; routes: Route['name'][]; permission?: string }[] = [
  { path: '/events', label: 'nav.events', routes: ['events', 'newEvent', 'event', 'eventTab', 'signIn'] },
  { path: '/my-tasks', label: 'nav.myTasks', routes: ['myTasks'], permission: 'sop:read' },
  { path: '/leads', label: 'nav.leads', routes: ['leads', 'leadRules', 'lead'], permission: 'leads:read' },
  { path: '/my-leads', label: 'nav.myLeads', routes: ['myLeads'], permission: 'leads:work' },
  { path: '/review', label: 'nav.review', routes: ['review'], permission: 'analytics:read' },
  { path: '/templates', label: 'nav.templates', routes: ['templates', 'template'], permission: 'sop:read' },
  { path: '/team', label: 'nav.team', routes: ['team', 'suppressions'], permission: 'team:manage' },
  { path: '/mail', label: 'nav.mail', routes: ['mail'], permission: 'registrations:read' },
  { path: '/tokens', label: 'nav.tokens', routes: ['tokens'], permission: 'tokens:manage' },
  { path: '/webhooks', label: 'nav.webhooks', routes: ['webhooks'], permission: 'webhooks:manage' },
  { path: '/account', label: 'nav.account', routes: ['account'] },
];

/** The signed-in frame: brand, navigation the user's role allows, who is signed in. */
export function Layout(props: { route: Route; children: ComponentChildren }) {
  const { session, can, signOut } = useSession();
  const [error, setError] = useState<string>();
  const visible = sections.filter((s) => !s.permission || can(s.permission));
  const current = sections.find((s) => s.routes.includes(props.route.name));
  const navRef = useScrollStrip<HTMLElement>(current?.path ?? '');
  useEffect(() => {
    document.title = current ? `${t(current.label)} · LeadCast` : 'LeadCast';
  }, [current, session.user.locale]);
  async function onSignOut() {
    try {
      await signOut();
    } catch (err) {
      setError(describeError(err).message);
    }
  }
  return html`<div class="shell">
    <header class="topbar">
      <a class="brand" href=${href('/events')}><span class="brand-mark" aria-hidden="true">▶</span>LeadCast</a>
      <nav class="nav strip" ref=${navRef} aria-label=${t('nav.label')}>
        ${visible.map(
          (s) =>
            html`<a href=${href(s.path)} class=${s.routes.includes(props.route.name) ? 'active' : ''} aria-current=${s.routes.includes(props.route.name) ? 'page' : undefined}>${t(s.label)}</a>`,
        )}
      </nav>
      <div class="who">
        <span class="who-name" title=${session.user.email}>${session.user.name}</span>
        <span class=${`role role-${session.user.role}`}>${t(`role.${session.user.role}`)}</span>
        <button type="button" class="btn btn-ghost" onClick=${onSignOut}>${t('auth.signOut')}</button>
      </div>
    </header>
    <main class="main">
      <${Banner} message=${error} />
      ${props.children}
    </main>
  </div>`;
}
