/** The signed-in user, workspace and role, loaded once and refreshed after sign-in or a switch. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, settledNow, takeEarly } from '../api/client.ts';
import { sessionApi, type Role, type Session } from '../api/index.ts';
import { setWorkspaceZone } from '../lib/format.ts';

interface SessionState {
  status: 'loading' | 'ready' | 'error';
  session: Session | null;
  error?: Error;
  refresh: () => Promise<Session | null>;
  clear: () => void;
}

const SessionContext = createContext<SessionState | null>(null);

/** The session asked for at start-up (lib/preload.ts), when its answer is already here. */
function earlySession() {
  const early = settledNow(() => api.get<Session>('/api/session', undefined, { allowUnauthorized: true }));
  if (early) setWorkspaceZone(early.value.workspace.timezone);
  return early;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  // Known at the first render when the early answer is in: the layout and page render once.
  const [early] = useState(earlySession);
  const [status, setStatus] = useState<SessionState['status']>(early ? 'ready' : 'loading');
  const [session, setSession] = useState<Session | null>(early?.value ?? null);
  const [error, setError] = useState<Error | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      const next = await sessionApi.current();
      setWorkspaceZone(next?.workspace.timezone);
      setSession(next);
      setError(undefined);
      setStatus('ready');
      return next;
    } catch (cause) {
      setError(cause as Error);
      setStatus('error');
      return null;
    }
  }, []);

  const clear = useCallback(() => {
    setSession(null);
    setStatus('ready');
  }, []);

  useEffect(() => {
    if (early) takeEarly(early.key);
    else void refresh();
  }, [refresh, early]);

  const value = useMemo(() => ({ status, session, error, refresh, clear }), [status, session, error, refresh, clear]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export interface Permissions {
  role: Role;
  /** May change anything at all (tags, layers…): everyone but viewers. */
  canEdit: boolean;
  /** Owner or admin: staff, invites, audit, workspace settings, assigning operators. */
  isAdmin: boolean;
  isOwner: boolean;
}

export function permissionsFor(role: Role): Permissions {
  return {
    role,
    canEdit: role !== 'viewer',
    isAdmin: role === 'owner' || role === 'admin',
    isOwner: role === 'owner',
  };
}

/** Only for pages under the signed-in layout. */
export function usePermissions(): Permissions {
  const { session } = useSession();
  return permissionsFor(session?.role ?? 'viewer');
}
