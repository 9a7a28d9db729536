import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { get, post, resetCsrf, setUnauthenticatedHandler } from './api.ts';
import { isRole, roleHas, type Permission } from '../core/access/policy.ts';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  kind: 'staff' | 'partner';
  grants: Array<{ role: string; unitId: string | null; unitName: string | null; unitKind: string | null }>;
  permissions: string[];
  idleMinutes: number;
}

interface SessionState {
  me: Me | null;
  loading: boolean;
  /** Set when the server ended the session (idle timeout), so the sign-in page can say why. */
  expired: boolean;
  refresh(): Promise<void>;
  signOut(everywhere?: boolean): Promise<void>;
  /**
   * Whether the user holds the permission; with a unit kind, only through a role in a unit of that
   * kind or an organisation-wide one (the KAST chat is for KAST staff, not every caseworker).
   */
  can(permission: string, unitKind?: string): boolean;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);
  const refresh = useCallback(async () => {
    try {
      const signedIn = await get<Me>('/api/auth/me');
      // Drafts another user left in this tab are not theirs to see.
      for (const key of Object.keys(sessionStorage)) if (key.startsWith(DRAFT_PREFIX) && !key.startsWith(`${DRAFT_PREFIX}${signedIn.id}.`)) sessionStorage.removeItem(key);
      setMe(signedIn);
      setExpired(false);
    } catch {
      setMe(null);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    // Only data routes call this (never /api/auth/*), and they are only reached while signed in.
    setUnauthenticatedHandler(() => {
      resetCsrf();
      setExpired(true);
      setMe(null);
    });
    void refresh();
  }, [refresh]);
  const signOut = useCallback(async (everywhere = false) => {
    clearSessionDrafts();
    await post(everywhere ? '/api/auth/sign-out-everywhere' : '/api/auth/sign-out').catch(() => {});
    resetCsrf();
    setExpired(false);
    setMe(null);
  }, []);
  const can = useCallback(
    (permission: string, unitKind?: string) =>
      Boolean(me?.permissions.includes(permission)) &&
      (!unitKind || Boolean(me?.grants.some((g) => isRole(g.role) && roleHas(g.role, permission as Permission) && (g.unitId === null || g.unitKind === unitKind)))),
    [me],
  );
  return <SessionContext.Provider value={{ me, loading, expired, refresh, signOut, can }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

const DRAFT_PREFIX = 'utvag.draft.';

/** Forgets every draft kept in this tab (signing out; the next person at the computer sees none). */
export function clearSessionDrafts(): void {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(DRAFT_PREFIX)) sessionStorage.removeItem(key);
}

/**
 * A text being written, kept in sessionStorage under a name so that it survives the idle sign-out
 * and the sign-in after it, in this tab only: sessionStorage ends with the browser session, never
 * on disk for the next user. Setting it to '' forgets it (after saving).
 */
export function useSessionDraft(name: string): [string, (text: string) => void] {
  const { me } = useSession();
  // Per user: after an idle sign-out someone else may sign in at this computer.
  const key = `${DRAFT_PREFIX}${me?.id ?? 'nobody'}.${name}`;
  const [text, setText] = useState(() => sessionStorage.getItem(key) ?? '');
  const set = useCallback(
    (next: string) => {
      setText(next);
      if (next === '') sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, next);
    },
    [key],
  );
  return [text, set];
}
