import { useEffect, useState } from 'preact/hooks';

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
  team: '/team',
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

export function useRoute(): Route {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const onChange = () => setPath(currentPath());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return matchRoute(path);
}

export function navigate(path: string): void {
  location.hash = `#${path}`;
}

export const href = (path: string) => `#${path}`;
