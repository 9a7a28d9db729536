import { hash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { isRole, type Grant } from '../access/policy.ts';

export const SESSION_COOKIE = 'utvag_session';
export const PENDING_COOKIE = 'utvag_pending';
/** The CSRF secret's cookie: `__Host-` makes the browser refuse one set by a sibling domain or over HTTP. */
export const CSRF_COOKIE = '__Host-utvag_csrf';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  kind: 'staff' | 'partner';
  grants: Grant[];
  sessionId: string;
}

/** Tokens are random; only their hash is stored, so a database dump yields no usable session. */
export function newToken(): { token: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: tokenId(token) };
}

export function tokenId(token: string): string {
  return hash('sha256', token, 'base64url');
}

export async function createSession(db: Executor, userId: string): Promise<string> {
  const { token, id } = newToken();
  await db.insertInto('sessions').values({ id, user_id: userId }).execute();
  return token;
}

// Writing last_seen_at on every request would turn each read into a write; a minute is precise
// enough for a 15-minute idle timeout.
const TOUCH_AFTER_SECONDS = 60;
const ABSOLUTE_LIFETIME_HOURS = 12;

/** A session as read from the database, with how long it may still be trusted without reading it again. */
export interface LoadedSession {
  user: SessionUser;
  /** Milliseconds until the idle timeout, counted from the read. */
  idleLeftMs: number;
  /** Milliseconds until the absolute lifetime ends, counted from the read. */
  lifetimeLeftMs: number;
  /** Milliseconds until last_seen_at is due to be written again. */
  touchInMs: number;
}

/**
 * A request the web app makes without a person acting (polling, a refresh on a timer) says so
 * with this header; it does not count as activity, so an open tab nobody uses still times out.
 * (Leaving it off only makes a request count: it grants nothing.)
 */
export const BACKGROUND_HEADER = 'x-utvag-background';

/**
 * Reads a session with its user and roles; null when the session is unknown, idle too long, too
 * old, or the account is inactive. Writes last_seen_at when it is over a minute old, unless the
 * request is a background one. The times
 * left are computed by the database's clock, so no skew between app and database counts.
 */
export async function readSession(db: Executor, token: string, idleMinutes: number, options: { background?: boolean } = {}): Promise<LoadedSession | null> {
  const id = tokenId(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id as session_id',
      'u.id',
      'u.username',
      'u.display_name',
      'u.kind',
      sql<number>`extract(epoch from (now() - s.last_seen_at)) * 1000`.as('idle_ms'),
      sql<number>`extract(epoch from (now() - s.created_at)) * 1000`.as('age_ms'),
      sql<Array<{ role: string; unit_id: string | null }>>`coalesce((select json_agg(json_build_object('role', r.role, 'unit_id', r.unit_id)) from user_roles r where r.user_id = u.id), '[]')`.as(
        'grants',
      ),
    ])
    .where('s.id', '=', id)
    .where('u.active', '=', true)
    .where(sql<boolean>`s.last_seen_at > now() - make_interval(mins => ${idleMinutes})`)
    .where(sql<boolean>`s.created_at > now() - make_interval(hours => ${ABSOLUTE_LIFETIME_HOURS})`)
    .executeTakeFirst();
  if (!row) return null;
  let idleMs = Number(row.idle_ms);
  // A request nobody made (polling, a socket's session checked on a timer) is not activity.
  if (idleMs >= TOUCH_AFTER_SECONDS * 1000 && !options.background) {
    await touchSession(db, id);
    idleMs = 0;
  }
  return {
    user: {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      kind: row.kind,
      sessionId: row.session_id,
      grants: row.grants.filter((g) => isRole(g.role)).map((g) => ({ role: g.role as Grant['role'], unitId: g.unit_id })),
    },
    idleLeftMs: idleMinutes * 60_000 - idleMs,
    lifetimeLeftMs: ABSOLUTE_LIFETIME_HOURS * 3_600_000 - Number(row.age_ms),
    touchInMs: Math.max(0, TOUCH_AFTER_SECONDS * 1000 - idleMs),
  };
}

export async function touchSession(db: Executor, sessionId: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('id', '=', sessionId).execute();
}

export const SESSION_TOUCH_AFTER_MS = TOUCH_AFTER_SECONDS * 1000;

/** The signed-in user behind a session token, read from the database (see readSession). */
export async function loadSession(db: Executor, token: string, idleMinutes: number): Promise<SessionUser | null> {
  return (await readSession(db, token, idleMinutes))?.user ?? null;
}

export async function endSession(db: Executor, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function endAllSessions(db: Executor, userId: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}
