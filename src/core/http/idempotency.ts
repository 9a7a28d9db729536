import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { cutoffFor, type RetentionRule } from '../retention-framework/framework.ts';

/**
 * Idempotent creates, once for every route (issue 9): a POST sent with an `Idempotency-Key` header
 * claims the key for its user and URL in the first transaction the handler runs through
 * `caller.transaction`. If that transaction records a `create` audit entry, the handler's result is
 * kept with the claim, in the same transaction; the same key from the same user on the same URL
 * within 24 hours then returns that first result and runs nothing. A transaction that creates
 * nothing (a search, a refusal) drops its claim before it commits, so no result of a read is kept.
 *
 * Two requests with one key at the same moment (a double click): the second one's insert waits on
 * the first one's uncommitted row and, once it commits, finds the kept result.
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_WINDOW_HOURS = 24;
const KEY = /^[A-Za-z0-9_.:-]{8,100}$/;

export interface IdempotencyClaim {
  userId: string;
  key: string;
  route: string;
}

/** The claim a request makes: only POSTs, only with a well-formed key (else 400). */
export function claimOf(method: string, url: string, header: string | string[] | undefined, userId: string): IdempotencyClaim | null {
  if (method !== 'POST' || header === undefined) return null;
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !KEY.test(key)) throw new AppError(400, 'idempotencyKeyInvalid');
  return { userId, key, route: url.split('?')[0]! };
}

/** Runs `work` once per claim: the kept result when the key was used within the window, else the work (and keeps its result when it created something). */
export async function once<T>(tx: Tx, claim: IdempotencyClaim, work: () => Promise<T>, created: () => boolean): Promise<T> {
  // A key older than the window is free again (retention deletes it later).
  await tx
    .deleteFrom('idempotency_keys')
    .where('user_id', '=', claim.userId)
    .where('key', '=', claim.key)
    .where('route', '=', claim.route)
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${IDEMPOTENCY_WINDOW_HOURS})`)
    .execute();
  const inserted = await tx
    .insertInto('idempotency_keys')
    .values({ user_id: claim.userId, key: claim.key, route: claim.route, result: null })
    .onConflict((oc) => oc.doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!inserted) {
    const kept = await tx
      .selectFrom('idempotency_keys')
      .select('result')
      .where('user_id', '=', claim.userId)
      .where('key', '=', claim.key)
      .where('route', '=', claim.route)
      .executeTakeFirstOrThrow();
    return decode(kept.result) as T;
  }
  const result = await work();
  const where = (q: any) => q.where('user_id', '=', claim.userId).where('key', '=', claim.key).where('route', '=', claim.route); // eslint-disable-line @typescript-eslint/no-explicit-any
  if (created()) await where(tx.updateTable('idempotency_keys').set({ result: JSON.stringify(encode(result)) })).execute();
  else await where(tx.deleteFrom('idempotency_keys')).execute();
  return result;
}

/** JSON that keeps dates as dates (the response schemas serialise Date objects). */
export function encode(value: unknown): unknown {
  if (value === undefined) return { $undefined: true };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, encode(v)]));
  return value;
}

export function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.$date === 'string' && Object.keys(o).length === 1) return new Date(o.$date);
    if (o.$undefined === true && Object.keys(o).length === 1) return undefined;
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

/** Kept results go after a day: they only answer a repeated request within the window. */
export const idempotencyKeysRule: RetentionRule = {
  recordType: 'idempotency_key',
  description: {
    sv: 'Sparade svar på upprepade registreringar (skyddet mot dubbla poster)',
    en: 'Kept answers to repeated registrations (the guard against double entries)',
  },
  defaultKeepDays: 1,
  async purge(tx, { keepDays, now }) {
    const r = await tx.deleteFrom('idempotency_keys').where('created_at', '<', cutoffFor(now, keepDays)).executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};
