import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { lockMinutesAfter, throttleKey } from './throttle.ts';
import { newToken, tokenId } from './sessions.ts';

const PENDING_MINUTES = 10;

/** Minutes the username is still locked for, or 0. */
export async function lockedMinutes(db: Executor, username: string): Promise<number> {
  const row = await db
    .selectFrom('sign_in_throttle')
    .select(sql<number>`ceil(extract(epoch from (locked_until - now())) / 60)`.as('minutes'))
    .where('username_key', '=', throttleKey(username))
    .where('locked_until', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row ? Math.max(1, Number(row.minutes)) : 0;
}

export async function recordFailure(db: Executor, username: string): Promise<void> {
  const key = throttleKey(username);
  const row = await db
    .insertInto('sign_in_throttle')
    .values({ username_key: key, failures: 1, locked_until: null })
    .onConflict((oc) => oc.column('username_key').doUpdateSet({ failures: sql`sign_in_throttle.failures + 1`, last_failure_at: sql`now()` }))
    .returning('failures')
    .executeTakeFirstOrThrow();
  const minutes = lockMinutesAfter(row.failures);
  if (minutes > 0) {
    await db
      .updateTable('sign_in_throttle')
      .set({ locked_until: sql`now() + make_interval(mins => ${minutes})` })
      .where('username_key', '=', key)
      .execute();
  }
}

export async function clearFailures(db: Executor, username: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('username_key', '=', throttleKey(username)).execute();
}

export function findUserForSignIn(db: Executor, username: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'password_hash', 'totp_secret', 'totp_enabled_at', 'totp_last_step'])
    .where(sql<string>`lower(username)`, '=', username.trim().toLowerCase())
    .where('active', '=', true)
    .executeTakeFirst();
}

export async function createPendingSignIn(db: Executor, userId: string, stage: 'totp' | 'enrol'): Promise<string> {
  const { token, id } = newToken();
  await db.deleteFrom('pending_sign_ins').where('user_id', '=', userId).execute();
  await db
    .insertInto('pending_sign_ins')
    .values({ id, user_id: userId, stage, candidate_secret: null, expires_at: sql<Date>`now() + make_interval(mins => ${PENDING_MINUTES})` as unknown as Date })
    .execute();
  return token;
}

export function findPendingSignIn(db: Executor, token: string) {
  return db
    .selectFrom('pending_sign_ins as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.id', 'p.stage', 'p.candidate_secret', 'u.id as user_id', 'u.username', 'u.totp_secret', 'u.totp_last_step'])
    .where('p.id', '=', tokenId(token))
    .where('p.expires_at', '>', sql<Date>`now()`)
    .where('u.active', '=', true)
    .executeTakeFirst();
}
