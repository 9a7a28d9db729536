import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { lockMinutesAfter, normaliseUsername, THROTTLE_TTL_MINUTES } from './throttle.ts';
import { newToken, tokenId } from './sessions.ts';

const PENDING_MINUTES = 10;

/** Where failures are counted: a username (keyed hash) from one client (keyed hash). */
export interface ThrottleSlot {
  usernameKey: string;
  clientKey: string;
}

/** Minutes this username is still locked for from this client, or 0. */
export async function lockedMinutes(db: Executor, slot: ThrottleSlot): Promise<number> {
  const row = await db
    .selectFrom('sign_in_throttle')
    .select(sql<number>`ceil(extract(epoch from (locked_until - now())) / 60)`.as('minutes'))
    .where('username_key', '=', slot.usernameKey)
    .where('client_key', '=', slot.clientKey)
    .where('locked_until', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row ? Math.max(1, Number(row.minutes)) : 0;
}

/** Counts a failure (and locks when due); returns the failures so far from this client. */
export async function recordFailure(db: Executor, slot: ThrottleSlot): Promise<number> {
  // Counters live only a short while: the hashes of addresses are not kept beyond what lock-out needs.
  await db
    .deleteFrom('sign_in_throttle')
    .where(sql<boolean>`greatest(last_failure_at, locked_until) < now() - make_interval(mins => ${THROTTLE_TTL_MINUTES})`)
    .execute();
  const row = await db
    .insertInto('sign_in_throttle')
    .values({ username_key: slot.usernameKey, client_key: slot.clientKey, failures: 1, locked_until: null })
    .onConflict((oc) => oc.columns(['username_key', 'client_key']).doUpdateSet({ failures: sql`sign_in_throttle.failures + 1`, last_failure_at: sql`now()` }))
    .returning('failures')
    .executeTakeFirstOrThrow();
  const minutes = lockMinutesAfter(row.failures);
  if (minutes > 0) {
    await db
      .updateTable('sign_in_throttle')
      .set({ locked_until: sql`now() + make_interval(mins => ${minutes})` })
      .where('username_key', '=', slot.usernameKey)
      .where('client_key', '=', slot.clientKey)
      .execute();
  }
  return row.failures;
}

/** After a whole sign-in succeeded: this client's count for the username starts again. */
export async function clearFailures(db: Executor, slot: ThrottleSlot): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('username_key', '=', slot.usernameKey).where('client_key', '=', slot.clientKey).execute();
}

export function findUserForSignIn(db: Executor, username: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'password_hash', 'totp_secret', 'totp_enabled_at', 'totp_last_step'])
    .where(sql<string>`lower(username)`, '=', normaliseUsername(username))
    .where('active', '=', true)
    .executeTakeFirst();
}

/** The active account an administrator linked to this OIDC identity: matched by issuer and subject. */
export function findUserForOidc(db: Executor, issuer: string, subject: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'totp_enabled_at'])
    .where('oidc_issuer', '=', issuer)
    .where('oidc_subject', '=', subject)
    .where('active', '=', true)
    .executeTakeFirst();
}

export type PendingStage = 'totp' | 'enrol' | 'password';

export async function createPendingSignIn(db: Executor, userId: string, stage: PendingStage, method: 'password' | 'oidc' = 'password'): Promise<string> {
  const { token, id } = newToken();
  await db.deleteFrom('pending_sign_ins').where('user_id', '=', userId).execute();
  await db
    .insertInto('pending_sign_ins')
    .values({ id, user_id: userId, stage, method, candidate_secret: null, expires_at: sql<Date>`now() + make_interval(mins => ${PENDING_MINUTES})` as unknown as Date })
    .execute();
  return token;
}

export function findPendingSignIn(db: Executor, token: string) {
  return db
    .selectFrom('pending_sign_ins as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.id', 'p.stage', 'p.method', 'p.candidate_secret', 'u.id as user_id', 'u.username', 'u.totp_secret', 'u.totp_last_step', 'u.must_change_password', 'u.password_hash'])
    .where('p.id', '=', tokenId(token))
    .where('p.expires_at', '>', sql<Date>`now()`)
    .where('u.active', '=', true)
    .executeTakeFirst();
}

/**
 * Takes the pending sign-in for this request: of parallel requests with one pending cookie, only
 * one gets it (the row is deleted as it is taken).
 */
export async function claimPendingSignIn(db: Executor, pendingId: string): Promise<boolean> {
  const r = await db.deleteFrom('pending_sign_ins').where('id', '=', pendingId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/**
 * Records the TOTP time step as used, only if it is later than the last one used: of parallel
 * requests with one code, only one wins (the row lock orders them; the losers update nothing).
 */
export async function useTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sets the user's own new password; the administrator's one-time password is gone with it. */
export async function setOwnPassword(db: Executor, userId: string, passwordHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: false, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', userId)
    .execute();
}
