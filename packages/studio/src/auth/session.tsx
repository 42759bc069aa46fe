import type { SessionView } from '@flowgate/server/studio-contract';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { describeError } from '../ui/describe-error.ts';

interface SessionState {
  /** null while the first answer is awaited. */
  session: SessionView | null;
  /** Why the session could not be read (server down), null otherwise. */
  error: string | null;
  /** Reloads the session from the server (after setup, login, logout). */
  refresh(): Promise<SessionView>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    const next = await api<SessionView>('GET', '/session');
    setSession(next);
    setError(null);
    return next;
  }, []);
  useEffect(() => {
    refresh().catch((cause: unknown) => setError(describeError(cause)));
  }, [refresh]);
  return <SessionContext.Provider value={{ session, error, refresh }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession() is used outside <SessionProvider>.');
  return state;
}
