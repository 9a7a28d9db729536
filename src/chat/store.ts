import { sql } from 'kysely';
import type pg from 'pg';
import { inScope, SYSTEM_SCOPE, type UnitScope } from '../core/access/scope.ts';
import type { Executor, Tx } from '../core/db/database.ts';
import { cutoffFor, type RetentionRule } from '../core/retention-framework/framework.ts';
import { cannedText, ESCALATION_EXPIRY_DAYS, EVERY_QUEUE, swedishDate, type EndReason, type HoursException, type OpeningHours, type Queue, type QueueHours } from './rules.ts';
import type { ChatOutcome } from './schema.ts';

/** The one NOTIFY channel of the chat. Payloads carry ids only; content is read from the tables. */
export const CHANNEL = 'utvag_chat';

export type Notice = { kind: 'm'; sessionId: string; messageId: number } | { kind: 's'; sessionId: string } | { kind: 'q' } | { kind: 't'; sessionId: string; side: 'v' | 'c' };

export function encodeNotice(n: Notice): string {
  if (n.kind === 'm') return `m:${n.sessionId}:${n.messageId}`;
  if (n.kind === 's') return `s:${n.sessionId}`;
  if (n.kind === 't') return `t:${n.sessionId}:${n.side}`;
  return 'q';
}

export function decodeNotice(payload: string): Notice | null {
  const [kind, sessionId, third] = payload.split(':');
  if (kind === 'q') return { kind: 'q' };
  if (!sessionId) return null;
  if (kind === 's') return { kind: 's', sessionId };
  if (kind === 'm' && third) return { kind: 'm', sessionId, messageId: Number(third) };
  if (kind === 't' && (third === 'v' || third === 'c')) return { kind: 't', sessionId, side: third };
  return null;
}

/** Sent with the transaction: listeners hear it only once the change is committed. */
export async function notify(db: Executor, ...notices: Notice[]): Promise<void> {
  for (const n of notices) await sql`select pg_notify(${CHANNEL}, ${encodeNotice(n)})`.execute(db);
}

/** A visitor's token and a booking code are stored as a session token is: only their hash. */
export { tokenId as hashToken } from '../core/auth/sessions.ts';

const SESSION_COLUMNS = [
  'id',
  'kind',
  'target_group as targetGroup',
  'queue',
  'language',
  'status',
  'counsellor_id as counsellorId',
  'blocked',
  'queued_at as queuedAt',
  'ended_at as endedAt',
  'end_reason as endReason',
  'outcome_recorded as outcomeRecorded',
  'created_at as createdAt',
] as const;

function sessions(db: Executor) {
  return db.selectFrom('chat_sessions').select(SESSION_COLUMNS);
}
export type ChatSession = NonNullable<Awaited<ReturnType<typeof sessionById>>>;

export function sessionByTokenHash(db: Executor, tokenHash: string) {
  return sessions(db).where('token_hash', '=', tokenHash).executeTakeFirst();
}

export function sessionById(db: Executor, id: string) {
  return sessions(db).where('id', '=', id).executeTakeFirst();
}

/**
 * A new chat joins its queue unless the queue already holds `cap` waiting chats (undefined then).
 * Chats joining one queue at once take turns (a transaction lock on the queue), so a burst cannot
 * slip past the cap. The chat starts as if its visitor had just left: it ends after the grace
 * period unless a socket says hello (see endAbandonedChats), so chats started without ever
 * connecting do not wait in the queue until the retention run.
 */
export async function createLiveSession(tx: Tx, v: { tokenHash: string; targetGroup: string; queue: Queue; language: string }, cap: number): Promise<string | undefined> {
  await sql`select pg_advisory_xact_lock(hashtext('utvag_chat_queue'), hashtext(${v.queue}))`.execute(tx);
  const waiting = await tx
    .selectFrom((eb) => eb.selectFrom('chat_sessions').select('id').where('status', '=', 'queued').where('queue', '=', v.queue).limit(cap).as('w'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(waiting.n) >= cap) return undefined;
  const row = await tx
    .insertInto('chat_sessions')
    .values({ kind: 'live', token_hash: v.tokenHash, target_group: v.targetGroup, queue: v.queue, language: v.language, status: 'queued', counsellor_id: null, assigned_at: null, ended_at: null, end_reason: null, visitor_disconnected_at: sql<Date>`now()` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await notify(tx, { kind: 'q' });
  return row.id;
}

export async function createOfflineMessage(tx: Tx, v: { tokenHash: string; targetGroup: string; queue: Queue; language: string; body: string }) {
  const row = await tx
    .insertInto('chat_sessions')
    .values({ kind: 'offline', token_hash: v.tokenHash, target_group: v.targetGroup, queue: v.queue, language: v.language, status: 'waiting_answer', counsellor_id: null, assigned_at: null, ended_at: null, end_reason: null, visitor_disconnected_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.insertInto('chat_messages').values({ session_id: row.id, sender: 'visitor', author_id: null, body: v.body }).execute();
  await notify(tx, { kind: 'q' });
  return row.id;
}

/** Stores a message and announces it in one round trip: it is persisted before anyone acknowledges it. */
export async function insertMessage(db: Executor, v: { sessionId: string; sender: 'visitor' | 'counsellor' | 'system' | 'note'; authorId: string | null; body: string }): Promise<{ id: number; createdAt: Date }> {
  const { rows } = await sql<{ id: number | string; created_at: Date }>`
    with m as (
      insert into chat_messages (session_id, sender, author_id, body)
      values (${v.sessionId}, ${v.sender}, ${v.authorId}, ${v.body})
      returning id, created_at
    )
    select m.id, m.created_at, pg_notify(${CHANNEL}, 'm:' || ${v.sessionId}::text || ':' || m.id) from m`.execute(db);
  const row = rows[0]!;
  return { id: Number(row.id), createdAt: row.created_at };
}

/**
 * A message from a participant, written only while the chat is open to them (checked in the same
 * statement, so a chat ended or transferred on another instance cannot receive a late message).
 * Runs on the chat's own write pool (see ChatHub) as one prepared statement.
 */
export async function insertParticipantMessage(pool: pg.Pool, v: { sessionId: string; sender: 'visitor' | 'counsellor' | 'note'; authorId: string | null; body: string; clientId: string }): Promise<{ id: number; createdAt: Date } | undefined> {
  const statuses = v.sender === 'visitor' ? ['queued', 'active'] : ['active'];
  const { rows } = await pool.query<{ id: string | number; created_at: Date }>({
    name: 'chat_participant_message',
    text: `with m as (
        insert into chat_messages (session_id, sender, author_id, body, client_id)
        select $1, $2, $3, $4, $6
        from chat_sessions s
        where s.id = $1 and s.status = any($5::text[]) and not s.blocked
          and ($3::uuid is null or s.counsellor_id = $3::uuid)
        on conflict (session_id, client_id) where client_id is not null do nothing
        returning id, created_at
      )
      select m.id, m.created_at, pg_notify('${CHANNEL}', 'm:' || $1::text || ':' || m.id) from m`,
    values: [v.sessionId, v.sender, v.authorId, v.body, statuses, v.clientId],
  });
  if (rows[0]) return { id: Number(rows[0].id), createdAt: rows[0].created_at };
  // Already stored (a resend after a lost acknowledgement): acknowledge the stored one again.
  const again = await pool.query<{ id: string | number; created_at: Date }>({
    name: 'chat_message_by_client_id',
    text: 'select id, created_at from chat_messages where session_id = $1 and client_id = $2 and sender = $3',
    values: [v.sessionId, v.clientId, v.sender],
  });
  return again.rows[0] ? { id: Number(again.rows[0].id), createdAt: again.rows[0].created_at } : undefined;
}

export function messagesAfter(db: Executor, sessionId: string, afterId: number, includeNotes: boolean) {
  let q = db.selectFrom('chat_messages').select(['id', 'sender', 'body', 'created_at as at']).where('session_id', '=', sessionId).where('id', '>', afterId);
  if (!includeNotes) q = q.where('sender', '!=', 'note');
  return q.orderBy('id').limit(500).execute();
}

export interface QueueEntry {
  id: string;
  queue: string;
  targetGroup: string;
  language: string;
  queuedAt: Date;
  position: number;
}

/** The condition "the chat is in one of these queues" (none: no chat). */
function inQueues(queues: readonly Queue[]) {
  return sql<boolean>`queue = any(${sql.val([...queues])}::text[])`;
}

/**
 * The most rows a waiting or offline list returns (consoles, the supervisor, queue places). Queues
 * are capped (CHAT_QUEUE_CAP, at most 100 for each of the five), but chats returned or transferred
 * to a queue and offline messages are not, and no list may grow with what anyone can create.
 */
export const LIST_LIMIT = 500;

/** The waiting chats (the oldest LIST_LIMIT) with their place in their queue. */
export async function waitingChats(db: Executor, queues: readonly Queue[] | 'all'): Promise<QueueEntry[]> {
  let q = db
    .selectFrom('chat_sessions')
    .select(['id', 'queue', 'target_group as targetGroup', 'language', 'queued_at as queuedAt', sql<number>`row_number() over (partition by queue order by queued_at, id)::int`.as('position')])
    .where('status', '=', 'queued');
  if (queues !== 'all') q = q.where(inQueues(queues));
  return q.orderBy('queued_at').orderBy('id').limit(LIST_LIMIT).execute();
}

/** A waiting chat's place in its queue (1 = next); undefined when it is not waiting. */
export async function queuePosition(db: Executor, sessionId: string): Promise<{ queue: string; position: number } | undefined> {
  const row = await db
    .selectFrom('chat_sessions as me')
    .innerJoin('chat_sessions as w', (j) => j.onRef('w.queue', '=', 'me.queue').on('w.status', '=', 'queued').on(sql<boolean>`(w.queued_at, w.id) <= (me.queued_at, me.id)`))
    .select(['me.queue', sql<number>`count(*)::int`.as('position')])
    .where('me.id', '=', sessionId)
    .where('me.status', '=', 'queued')
    .groupBy('me.queue')
    .executeTakeFirst();
  return row ? { queue: row.queue, position: Number(row.position) } : undefined;
}

/** Offline messages waiting for an answer, the oldest LIST_LIMIT. */
export function offlineAwaitingAnswer(db: Executor) {
  return db
    .selectFrom('chat_sessions')
    .select(['id', 'queue', 'target_group as targetGroup', 'language', 'created_at as createdAt'])
    .where('kind', '=', 'offline')
    .where('status', '=', 'waiting_answer')
    .orderBy('created_at')
    .limit(LIST_LIMIT)
    .execute();
}

/** A console whose instance has not refreshed it for this long is gone (the instance died). */
export const PRESENCE_STALE_SECONDS = 90;
const fresh = sql<boolean>`chat_presence.seen_at > now() - make_interval(secs => ${PRESENCE_STALE_SECONDS})`;

export async function counsellorsOnDuty(db: Executor): Promise<Array<{ userId: string; queues: string[] }>> {
  const rows = await db.selectFrom('chat_presence').select(['user_id', sql<string[]>`array_agg(distinct q)`.as('queues')]).innerJoin(sql`unnest(chat_presence.queues)`.as('q'), (j) => j.onTrue()).where(fresh).groupBy('user_id').execute();
  return rows.map((r) => ({ userId: r.user_id, queues: r.queues }));
}

/** Atomically gives a waiting chat to a counsellor; undefined if someone else was faster. */
export async function takeChat(tx: Tx, sessionId: string, counsellorId: string, queues: readonly Queue[]) {
  const row = await tx
    .updateTable('chat_sessions')
    .set({ status: 'active', counsellor_id: counsellorId, assigned_at: new Date() })
    .where('id', '=', sessionId)
    .where('status', '=', 'queued')
    .where(inQueues(queues))
    .returning(['id', 'language'])
    .executeTakeFirst();
  if (row) await notify(tx, { kind: 's', sessionId }, { kind: 'q' });
  return row;
}

export async function nextInQueues(tx: Tx, queues: readonly Queue[]) {
  return tx
    .selectFrom('chat_sessions')
    .select('id')
    .where('status', '=', 'queued')
    .where(inQueues(queues))
    .orderBy('queued_at')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export function activeChatsOf(db: Executor, counsellorId: string) {
  return sessions(db).where('counsellor_id', '=', counsellorId).where((eb) => eb.or([eb('status', '=', 'active'), eb.and([eb('status', '=', 'ended'), eb('kind', '=', 'live'), eb('outcome_recorded', '=', false)])])).orderBy('assigned_at').execute();
}

/** Chats of a counsellor with no console left open anywhere go back to their queue, in their old place. */
export async function returnOrphanedChats(tx: Tx, counsellorId: string): Promise<string[]> {
  const present = await tx.selectFrom('chat_presence').select('socket_id').where('user_id', '=', counsellorId).where(fresh).limit(1).executeTakeFirst();
  if (present) return [];
  const rows = await tx.updateTable('chat_sessions').set({ status: 'queued', counsellor_id: null, assigned_at: null }).where('counsellor_id', '=', counsellorId).where('status', '=', 'active').returning(['id', 'language']).execute();
  return rows.map((r) => r.id);
}

/** Counsellors with open chats and no live console anywhere: their instance died with the sockets. */
export async function counsellorsGone(db: Executor): Promise<string[]> {
  await db.deleteFrom('chat_presence').where(sql<boolean>`not (${fresh})`).execute();
  const rows = await db
    .selectFrom('chat_sessions')
    .select('counsellor_id')
    .distinct()
    .where('status', '=', 'active')
    .where('counsellor_id', 'is not', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('chat_presence').select('socket_id').whereRef('chat_presence.user_id', '=', 'chat_sessions.counsellor_id'))))
    .execute();
  return rows.map((r) => r.counsellor_id!);
}

/**
 * Chats whose visitor has had no socket for the grace period end: a tab closed, or a chat started
 * and never connected. Each instance's timer does this for its own sockets; this sweep (every
 * instance, with the presence sweep) catches the chats of an instance that died or restarted.
 */
export async function endAbandonedChats(db: Executor, graceSeconds: number): Promise<string[]> {
  const rows = await db
    .updateTable('chat_sessions')
    .set({ status: 'ended', ended_at: sql<Date>`now()`, end_reason: 'visitor_left' })
    .where('status', 'in', ['queued', 'active'])
    .where('visitor_disconnected_at', 'is not', null)
    .where('visitor_disconnected_at', '<=', sql<Date>`now() - make_interval(secs => ${graceSeconds})`)
    .returning('id')
    .execute();
  if (rows.length) await notify(db, ...rows.map((r) => ({ kind: 's' as const, sessionId: r.id })), { kind: 'q' });
  return rows.map((r) => r.id);
}

export async function endVisitorSession(db: Executor, sessionId: string, reason: EndReason, onlyIfGoneForSeconds?: number): Promise<boolean> {
  let q = db.updateTable('chat_sessions').set({ status: 'ended', ended_at: sql<Date>`now()`, end_reason: reason }).where('id', '=', sessionId).where('status', 'in', ['queued', 'active']);
  if (onlyIfGoneForSeconds !== undefined) {
    q = q.where('visitor_disconnected_at', 'is not', null).where('visitor_disconnected_at', '<=', sql<Date>`now() - make_interval(secs => ${onlyIfGoneForSeconds})`);
  }
  const r = await q.executeTakeFirst();
  const ended = Number(r.numUpdatedRows) > 0;
  if (ended) await notify(db, { kind: 's', sessionId }, { kind: 'q' });
  return ended;
}

/**
 * The outcome classification of an ended chat, counted on the Swedish date it ended (not the UTC
 * date: a chat ended at 00:30 in Stockholm belongs to the new day). No link to the chat itself.
 */
export async function recordOutcome(tx: Tx, queue: string, o: ChatOutcome, endedAt: Date): Promise<void> {
  await tx.insertInto('chat_outcomes').values({ ended_on: swedishDate(endedAt), queue, topic: o.topic, target_group: o.targetGroup, age_band: o.ageBand, referral_given: o.referralGiven }).execute();
}

/**
 * The canned answers, each with the text it inserts: a directory entry it points at is named with
 * how to reach it, but only while the entry is public and active (an internal line is never given
 * to an anonymous visitor).
 */
export async function cannedAnswers(db: Executor, id?: string) {
  let q = db
    .selectFrom('chat_canned_answers as a')
    .leftJoin('directory_entries as e', (j) => j.onRef('e.id', '=', 'a.directory_entry_id').on('e.visibility', '=', 'public').on('e.active', '=', true))
    .select(['a.id', 'a.language', 'a.title', 'a.body', 'a.directory_entry_id as directoryEntryId', 'e.name as entryName', 'e.phone', 'e.email', 'e.web', 'e.address', 'e.opening_hours as openingHours']);
  if (id) q = q.where('a.id', '=', id);
  const rows = await q.orderBy('a.title').execute();
  return rows.map(({ entryName, phone, email, web, address, openingHours, ...a }) => ({
    ...a,
    entryName,
    text: cannedText(a.body, entryName ? { name: entryName, phone, email, web, address, openingHours: openingHours ?? '' } : null, a.language),
  }));
}

/** Whether a canned answer may point at an entry: it must be public and active (or none). */
export async function cannedEntryUsable(db: Executor, entryId: string | null | undefined): Promise<boolean> {
  if (!entryId) return true;
  return !!(await db.selectFrom('directory_entries').select('id').where('id', '=', entryId).where('visibility', '=', 'public').where('active', '=', true).executeTakeFirst());
}

/** The KAST units in a scope: staff of one of them serve the KAST queue. */
export function kastUnitsInScope(db: Executor, scope: UnitScope) {
  return db.selectFrom('units as u').where(inScope('u.id', scope)).where('u.kind', '=', 'kast');
}

/** The weekly hours of every queue ('*') and of the queues with hours of their own. */
export async function openingHours(db: Executor): Promise<QueueHours[]> {
  return db.selectFrom('chat_opening_hours').select(['queue', 'weekday', 'opens', 'closes']).orderBy('queue').orderBy('weekday').execute();
}

/** Replaces the weekly hours of one queue ('*': every queue without its own); none given for a queue removes its own. */
export async function setOpeningHours(tx: Tx, hours: readonly OpeningHours[], queue: string = EVERY_QUEUE): Promise<void> {
  await tx.deleteFrom('chat_opening_hours').where('queue', '=', queue).execute();
  if (hours.length) await tx.insertInto('chat_opening_hours').values(hours.map((h) => ({ queue, weekday: h.weekday, opens: h.opens, closes: h.closes }))).execute();
}

/** Exceptions from the given Swedish date on (older ones no longer matter). */
export async function hoursExceptions(db: Executor, fromDate: string): Promise<Array<HoursException & { note: string }>> {
  return db
    .selectFrom('chat_hours_exceptions')
    .select([sql<string>`to_char(on_date, 'YYYY-MM-DD')`.as('date'), 'queue', 'opens', 'closes', 'note'])
    .where('on_date', '>=', sql<string>`${fromDate}::date`)
    .orderBy('on_date')
    .orderBy('queue')
    .execute();
}

/** Replaces the exceptions from the given date on. */
export async function setHoursExceptions(tx: Tx, fromDate: string, exceptions: ReadonlyArray<HoursException & { note: string }>): Promise<void> {
  await tx.deleteFrom('chat_hours_exceptions').where('on_date', '>=', sql<string>`${fromDate}::date`).execute();
  if (exceptions.length)
    await tx
      .insertInto('chat_hours_exceptions')
      .values(exceptions.map((x) => ({ on_date: x.date, queue: x.queue, opens: x.opens, closes: x.closes, note: x.note })))
      .execute();
}

/** Every escalation query starts here: the escalations addressed to a unit in the scope. */
export function escalationsInScope(db: Executor, scope: UnitScope) {
  return db.selectFrom('chat_escalations as e').where(inScope('e.target_unit_id', scope));
}

/** A chat is escalated once, to whichever unit: the counsellor's check looks across every unit. */
export function escalationOfSession(db: Executor, sessionId: string) {
  return escalationsInScope(db, SYSTEM_SCOPE).select('e.id').where('e.session_id', '=', sessionId).executeTakeFirst();
}

export async function escalationsAwaitingIntake(db: Executor, scope: UnitScope) {
  return escalationsInScope(db, scope)
    .innerJoin('chat_sessions as s', 's.id', 'e.session_id')
    .innerJoin('chat_consents as c', 'c.id', 'e.consent_id')
    .innerJoin('units as u', 'u.id', 'e.target_unit_id')
    .select(['e.id', 'e.session_id as sessionId', 'e.target_unit_id as targetUnitId', 'u.name as targetUnitName', 'e.created_at as createdAt', 'c.given_at as consentGivenAt', 's.target_group as targetGroup', 's.language'])
    .where('e.status', '=', 'awaiting_intake')
    .orderBy('e.created_at')
    .limit(LIST_LIMIT)
    .execute();
}

/** An escalation in the scope with the words the visitor consented to; undefined outside it. */
export function escalationWithConsent(db: Executor, scope: UnitScope, id: string) {
  return escalationsInScope(db, scope)
    .innerJoin('chat_consents as c', 'c.id', 'e.consent_id')
    .select(['e.id', 'e.session_id as sessionId', 'e.status', 'c.consent_text as consentText', 'c.given_at as consentGivenAt'])
    .where('e.id', '=', id);
}

export async function chatStatistics(db: Executor, from: string, to: string) {
  return db
    .selectFrom('chat_outcomes')
    .select(['queue', 'topic', 'target_group as targetGroup', 'age_band as ageBand', 'referral_given as referralGiven', sql<number>`count(*)::int`.as('count')])
    .where('ended_on', '>=', from)
    .where('ended_on', '<=', to)
    .groupBy(['queue', 'topic', 'target_group', 'age_band', 'referral_given'])
    .orderBy('queue')
    .execute();
}

/**
 * Folds chats into their day's figures (chat_daily_figures), each once: every ended chat, every
 * answered offline message, and every chat created before `before` (the retention cut-off: what is
 * about to be deleted). Waiting time is from joining the queue to a counsellor taking the chat; a
 * live chat nobody took is unanswered. Returns the number of chats folded.
 */
export async function foldChatDays(db: Executor, before: Date): Promise<number> {
  const r = await sql<{ n: number }>`
    with folded as (
      update chat_sessions set counted = true
      where not counted and (ended_at is not null or status = 'answered' or created_at < ${before})
      returning kind, queue, status, (queued_at at time zone 'Europe/Stockholm')::date as day,
        case when assigned_at is not null then greatest(0, extract(epoch from assigned_at - queued_at))::int end as wait
    ), inserted as (
      insert into chat_daily_figures as d (day, queue, kind, chats, answered, unanswered, wait_seconds_total, wait_seconds_max,
        waited_under_1_min, waited_1_5_min, waited_5_15_min, waited_over_15_min)
      select day, queue, kind, count(*)::int,
        count(*) filter (where wait is not null or status = 'answered')::int,
        count(*) filter (where wait is null and status <> 'answered')::int,
        coalesce(sum(wait), 0), coalesce(max(wait), 0),
        count(*) filter (where wait < 60)::int, count(*) filter (where wait >= 60 and wait < 300)::int,
        count(*) filter (where wait >= 300 and wait < 900)::int, count(*) filter (where wait >= 900)::int
      from folded group by day, queue, kind
      on conflict (day, queue, kind) do update set
        chats = d.chats + excluded.chats, answered = d.answered + excluded.answered, unanswered = d.unanswered + excluded.unanswered,
        wait_seconds_total = d.wait_seconds_total + excluded.wait_seconds_total, wait_seconds_max = greatest(d.wait_seconds_max, excluded.wait_seconds_max),
        waited_under_1_min = d.waited_under_1_min + excluded.waited_under_1_min, waited_1_5_min = d.waited_1_5_min + excluded.waited_1_5_min,
        waited_5_15_min = d.waited_5_15_min + excluded.waited_5_15_min, waited_over_15_min = d.waited_over_15_min + excluded.waited_over_15_min
      returning 1
    )
    select (select count(*) from folded)::int as n`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/** The figures per day and queue between two Swedish dates (inclusive), for the statistics. */
export function chatDailyFigures(db: Executor, from: string, to: string) {
  return db
    .selectFrom('chat_daily_figures')
    .select([
      sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'),
      'queue',
      'kind',
      'chats',
      'answered',
      'unanswered',
      sql<number>`wait_seconds_total::float8`.as('waitSecondsTotal'),
      'wait_seconds_max as waitSecondsMax',
      'waited_under_1_min as waitedUnder1Min',
      'waited_1_5_min as waited1To5Min',
      'waited_5_15_min as waited5To15Min',
      'waited_over_15_min as waitedOver15Min',
    ])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
}

/**
 * Gallring of anonymous chats: the session, its transcript, consents and presence go after the
 * period; a chat escalated with consent is kept until intake has taken it into a case (its transcript
 * then lives in the case journal). Outcome statistics are separate rows.
 */
export const chatTranscriptRule: RetentionRule = {
  recordType: 'chat_transcript',
  description: { sv: 'Anonyma chattar och offlinemeddelanden med deras utskrifter', en: 'Anonymous chats and offline messages with their transcripts' },
  defaultKeepDays: 30,
  async purge(tx, { keepDays, now }) {
    const cutoff = cutoffFor(now, keepDays);
    // The day's figures first: what goes now is counted before it goes.
    await foldChatDays(tx, cutoff);
    // A chat taken into a case has its transcript in the case journal; the chat itself goes like any other.
    const expired = (eb: import('kysely').ExpressionBuilder<import('../core/db/schema.ts').Database, 'chat_sessions'>) =>
      eb(sql<Date>`coalesce(ended_at, created_at)`, '<', cutoff);
    // scope: system work across every unit (retention)
    await tx
      .deleteFrom('chat_escalations')
      .where('status', '=', 'taken_into_case')
      .where('session_id', 'in', (eb) => eb.selectFrom('chat_sessions').select('id').where(expired))
      .execute();
    // scope: system work (retention)
    const r = await tx
      .deleteFrom('chat_sessions')
      .where(expired)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('chat_escalations').select('id').whereRef('chat_escalations.session_id', '=', 'chat_sessions.id'))))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};

/**
 * An escalation nobody took into a case within N days (the rule's keep days) expires: the escalation,
 * the consent and the chat with its transcript are deleted. One taken into a case is not touched.
 */
export const chatEscalationExpiryRule: RetentionRule = {
  recordType: 'chat_escalation',
  description: { sv: 'Chattar som lämnats över med samtycke men inte tagits in i ett ärende', en: 'Chats handed over with consent but not taken into a case' },
  defaultKeepDays: ESCALATION_EXPIRY_DAYS,
  async purge(tx, { keepDays, now }) {
    const cutoff = cutoffFor(now, keepDays);
    // scope: system work across every unit (retention)
    const gone = await tx.deleteFrom('chat_escalations').where('status', '=', 'awaiting_intake').where('created_at', '<', cutoff).returning('session_id').execute();
    if (gone.length === 0) return 0;
    await foldChatDays(tx, cutoff);
    // scope: system work (retention); the chats of the expired escalations, with their messages and consents
    await tx.deleteFrom('chat_sessions').where('id', 'in', gone.map((g) => g.session_id)).execute();
    return gone.length;
  },
};

/**
 * Intake takes an escalated chat into a case: the escalation is locked so it is taken once, and must
 * be addressed to one of the caller's units. Returns the consent and the whole transcript.
 */
export async function claimEscalation(tx: Tx, id: string, scope: UnitScope) {
  const escalation = await escalationWithConsent(tx, scope, id).forUpdate('e').executeTakeFirst();
  if (!escalation) return undefined;
  const messages = await tx
    .selectFrom('chat_messages')
    .select(['sender', 'body', 'created_at as at'])
    .where('session_id', '=', escalation.sessionId)
    .where('sender', '!=', 'note')
    .orderBy('id')
    .execute();
  return {
    id: escalation.id,
    alreadyTaken: escalation.status !== 'awaiting_intake',
    consent: { text: escalation.consentText, givenAt: escalation.consentGivenAt },
    messages,
  };
}

export async function markEscalationTaken(tx: Tx, id: string, caseId: string): Promise<void> {
  // scope: by the id of an escalation the caller claimed through escalationsInScope
  await tx.updateTable('chat_escalations').set({ status: 'taken_into_case', case_id: caseId, taken_at: sql<Date>`now()` }).where('id', '=', id).execute();
}
