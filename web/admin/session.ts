import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Session } from './types';

export interface SessionApi {
  session: Session;
  /** True when the signed-in user's role holds `permission` (from GET /api/v1/me). */
  can(permission: string): boolean;
  /** Reloads the user (after a profile or language change). */
  refresh(): Promise<void>;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<SessionApi | null>(null);

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in page');
  return value;
}
