/** The signed-in user, workspace and role, loaded once and refreshed after sign-in or a switch. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
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

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionState['status']>('loading');
  const [session, setSession] = useState<Session | null>(null);
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
    void refresh();
  }, [refresh]);

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
