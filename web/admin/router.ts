import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n';
import { confirmAction } from './ui/dialog';

/**
 * Hash routes of the console. The hash keeps the server side trivial (one index.html at
 * /admin/) and lets the setup and invitation links carry their token without a server route.
 */
const patterns = {
  events: '/events',
  newEvent: '/events/new',
  event: '/events/:id',
  eventTab: '/events/:id/:tab',
  setup: '/setup/:token',
  invite: '/invite/:token',
  forgot: '/forgot',
  reset: '/reset/:token',
  team: '/team',
  suppressions: '/team/suppressions',
  myTasks: '/my-tasks',
  leads: '/leads',
  // Before `lead`, or /leads/rules would open a lead with the id "rules".
  leadRules: '/leads/rules',
  lead: '/leads/:id',
  myLeads: '/my-leads',
  webhooks: '/webhooks',
  review: '/review',
  templates: '/templates',
  template: '/templates/:id',
  tokens: '/tokens',
  mail: '/mail',
  account: '/account',
  signIn: '/sign-in',
} as const;

export type RouteName = keyof typeof patterns;
export interface Route {
  name: RouteName | 'notFound';
  params: Record<string, string>;
}

/** Matches a hash path like "/events/abc/speakers" against the route table. */
export function matchRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean);
  for (const [name, pattern] of Object.entries(patterns) as [RouteName, string][]) {
    const expected = pattern.split('/').filter(Boolean);
    if (expected.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = expected.every((segment, i) => {
      const actual = parts[i] ?? '';
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(actual);
        return true;
      }
      return segment === actual;
    });
    if (ok) return { name, params };
  }
  return { name: 'notFound', params: {} };
}

const currentPath = () => location.hash.replace(/^#/, '') || '/events';

/** Forms with unsaved changes (see useLeaveGuard): leaving the page asks first. */
const unsaved = new Set<() => boolean>();
const hasUnsavedChanges = () => [...unsaved].some((dirty) => dirty());

/**
 * While `dirty()` is true, leaving the page — a link, the back button, closing the tab —
 * asks before the changes are lost. `dirty` must be the same function for the life of the
 * component (Form.isDirty is).
 */
export function useLeaveGuard(dirty: () => boolean): void {
  useEffect(() => {
    unsaved.add(dirty);
    return () => {
      unsaved.delete(dirty);
    };
  }, [dirty]);
}

window.addEventListener('beforeunload', (e) => {
  if (!hasUnsavedChanges()) return;
  e.preventDefault();
  e.returnValue = '';
});

export function useRoute(): Route {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    let shown = currentPath();
    let leaving = false;
    const onChange = () => {
      const next = currentPath();
      if (next === shown) return;
      if (!leaving && hasUnsavedChanges()) {
        // The address already changed: put it back while the user decides.
        history.replaceState(null, '', `#${shown}`);
        void confirmAction(t('form.unsaved'), { confirmLabel: t('form.discard'), danger: true }).then(
          (ok) => {
            if (!ok) return;
            leaving = true;
            location.hash = `#${next}`;
          },
        );
        return;
      }
      leaving = false;
      shown = next;
      setPath(next);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return matchRoute(path);
}

export function navigate(path: string): void {
  location.hash = `#${path}`;
}

export const href = (path: string) => `#${path}`;
