import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { sql } from 'kysely';
import { AppError } from '../core/errors.ts';
import type { Caller } from '../core/http/context.ts';
import type { Language } from '../core/i18n/server.ts';
import { Body, chatMeta, errorFrame, newLimiter, newSubscription, parseFrame, sendFrame, type ChatHub, type StaffConn, type VisitorConn } from './hub.ts';
import { escalationTargetProblem, RateLimiter, MAX_MESSAGE_LENGTH, systemText, transferAllowed, type EndReason, type Queue } from './rules.ts';
import { StaffFrame, VisitorFrame, type StaffFrameIn } from './schema.ts';
import { activeChatsOf, cannedAnswers, endVisitorSession, escalationOfSession, hashToken, insertMessage, insertParticipantMessage, messagesAfter, nextInQueues, notify, recordOutcome, returnOrphanedChats, sessionById, sessionByTokenHash, takeChat } from './store.ts';

const FLOOD_STRIKES = 30;
const HELLO_WITHIN_MS = 10_000;

/** Frames of one socket are handled one after the other, in the order they arrived. */
function sequential(ws: WebSocket, handle: (raw: unknown) => Promise<void>, onError: (err: unknown) => void): void {
  let chain = Promise.resolve();
  ws.on('message', (raw) => {
    chain = chain.then(() => handle(raw)).catch(onError);
  });
}

function tooLong(body: string): boolean {
  return body.trim().length > MAX_MESSAGE_LENGTH;
}

function errCode(err: unknown): string {
  return err instanceof AppError ? err.code : 'internal';
}

/** The anonymous visitor's socket: it authenticates with the token from the first frame, never a cookie. */
export function visitorSocket(hub: ChatHub, ws: WebSocket): void {
  let conn: VisitorConn | null = null;
  let lang: Language = 'sv';
  let strikes = 0;
  const limiter = newLimiter();
  const signals = new RateLimiter(2, 1, Date.now());
  const helloTimer = setTimeout(() => {
    if (!conn) {
      sendFrame(ws, errorFrame(lang, 'helloFirst'));
      ws.close(4001, 'hello first');
    }
  }, HELLO_WITHIN_MS);

  sequential(ws, handle, (err) => {
    hub.log.warn({ err: { name: (err as Error).name, code: (err as { code?: string }).code } }, 'visitor frame failed');
    sendFrame(ws, errorFrame(lang, 'internal'));
  });

  ws.on('close', () => {
    clearTimeout(helloTimer);
    if (!conn || !hub.removeVisitor(conn)) return;
    const sessionId = conn.sessionId;
    const grace = hub.settings.visitorGraceSeconds;
    // Closing the tab ends the chat, after a grace period that lets a reconnect (or another instance) take over.
    void hub.db
      .updateTable('chat_sessions')
      .set({ visitor_disconnected_at: new Date() })
      .where('id', '=', sessionId)
      .where('status', 'in', ['queued', 'active'])
      .execute()
      .then(() => hub.later(grace * 1000 + 250, () => endVisitorSession(hub.db, sessionId, 'visitor_left', grace)))
      .catch(() => {});
  });

  async function handle(raw: unknown): Promise<void> {
    const frame = parseFrame(VisitorFrame, raw);
    if (frame?.type === 'typing' || frame?.type === 'ping') {
      // Signals, not messages: beyond one a second they are dropped without a word.
      if (!signals.take(Date.now())) return;
    } else if (!limiter.take(Date.now())) {
      strikes += 1;
      sendFrame(ws, errorFrame(lang, 'tooFast', { clientId: frame && 'clientId' in frame ? frame.clientId : undefined }));
      if (strikes >= FLOOD_STRIKES) ws.close(1008, 'flood');
      return;
    }
    if (!frame) return void sendFrame(ws, errorFrame(lang, 'malformedFrame'));
    if (frame.type === 'ping') return void sendFrame(ws, { type: 'pong' });
    // One chat per socket: a second hello is ignored rather than subscribing the socket twice.
    if (frame.type === 'hello') return conn ? undefined : hello(frame.token, frame.after);
    if (!conn) return void sendFrame(ws, errorFrame(lang, 'helloFirst'));
    if (frame.type === 'message') {
      if (tooLong(frame.body)) return void sendFrame(ws, errorFrame(lang, 'messageTooLong', { clientId: frame.clientId }, { max: MAX_MESSAGE_LENGTH }));
      const body = Body.safeParse(frame.body);
      if (!body.success) return void sendFrame(ws, errorFrame(lang, 'malformedFrame', { clientId: frame.clientId }));
      const saved = await insertParticipantMessage(hub.writePool, { sessionId: conn.sessionId, sender: 'visitor', authorId: null, body: body.data, clientId: frame.clientId });
      if (!saved) return void sendFrame(ws, errorFrame(lang, 'chatNotActive', { clientId: frame.clientId }));
      sendFrame(ws, { type: 'ack', clientId: frame.clientId, id: saved.id });
      return hub.delivered(conn.sessionId, { id: saved.id, sender: 'visitor', body: body.data, at: saved.createdAt });
    }
    if (frame.type === 'typing') return hub.notify({ kind: 't', sessionId: conn.sessionId, side: 'v' });
    if (frame.type === 'end') {
      const reason: EndReason = frame.quick ? 'quick_exit' : 'visitor_ended';
      await endVisitorSession(hub.db, conn.sessionId, reason);
      return void sendFrame(ws, { type: 'state', status: 'ended', reason });
    }
  }

  async function hello(token: string, after: number): Promise<void> {
    const session = await sessionByTokenHash(hub.db, hashToken(token));
    if (!session || session.kind !== 'live') {
      sendFrame(ws, errorFrame(lang, 'unknownChat'));
      return void ws.close(4004, 'unknown chat');
    }
    lang = session.language === 'en' ? 'en' : 'sv';
    if (session.status === 'ended') {
      sendFrame(ws, { type: 'state', status: 'ended', reason: session.endReason });
      return void ws.close(4000, 'ended');
    }
    clearTimeout(helloTimer);
    await hub.db.updateTable('chat_sessions').set({ visitor_disconnected_at: null }).where('id', '=', session.id).execute();
    conn = { kind: 'visitor', ws, sessionId: session.id, language: lang, sub: newSubscription('visitor', after, (f) => sendFrame(ws, f)) };
    sendFrame(ws, { type: 'ready', status: session.status });
    hub.addVisitor(conn);
    await hub.notify({ kind: 's', sessionId: session.id });
  }
}

export interface StaffContext {
  /** The counsellor who opened the console: who, for the audit log, with the chat's audit purpose. */
  caller: Caller;
  queues: readonly Queue[];
  language: Language;
  /**
   * Reads the session behind the socket again: the milliseconds until it ends by itself (idle or
   * age), or null when it no longer holds (expired, signed out, account deactivated, permission
   * gone). `activity`: the counsellor is working, so the read counts as activity (keeps the session
   * alive); a check on a timer or on a revocation notice does not.
   */
  sessionLeft(activity: boolean): Promise<number | null>;
  /**
   * Whether the session still holds, from this instance's session cache (no database read while it
   * is cached): asked before every frame, so nothing is done after a sign-out or a revocation, even
   * in the moment before the revocation notice arrives.
   */
  stillSignedIn(): Promise<boolean>;
}

const SESSION_CHECK_EVERY_MS = 30_000;
/** setTimeout's longest delay; a session lives at most 12 hours anyway. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A counsellor's console socket: the session cookie was checked on upgrade, the queues follow the route. */
export async function staffSocket(hub: ChatHub, ws: WebSocket, ctx: StaffContext): Promise<void> {
  const userId = ctx.caller.user.id;
  const lang = ctx.language;
  const limiter = newLimiter();
  const signals = new RateLimiter(2, 1, Date.now());
  let strikes = 0;
  let open = true;
  let revoked = false;
  let lastSessionCheck = Date.now();
  let expiry: NodeJS.Timeout | undefined;

  /**
   * The socket outlives the request that opened it. Its session is read again when the core
   * announces a revocation for the user (ChatHub), when the session would run out of idle time or
   * age (a timer), and as the counsellor works; when it no longer holds, the console closes at once.
   */
  async function checkSession(activity: boolean): Promise<boolean> {
    if (revoked || !open) return false;
    const left = await ctx.sessionLeft(activity);
    if (revoked || !open) return false;
    if (left === null) {
      revoked = true;
      clearTimeout(expiry);
      hub.removeStaff(conn);
      sendFrame(ws, errorFrame(lang, 'sessionExpired'));
      ws.close(4401, 'session ended');
      return false;
    }
    clearTimeout(expiry);
    expiry = setTimeout(() => void recheck().catch(() => ws.close(1011, 'error')), Math.min(left + 500, MAX_TIMER_MS));
    return true;
  }
  const recheck = async () => void (await checkSession(false));
  const conn: StaffConn = { kind: 'staff', ws, socketId: hub.newSocketId(), userId, queues: ctx.queues, subs: new Map(), recheck };
  // Registered before the first await, so that no frame is lost while the console starts.
  sequential(ws, handle, (err) => {
    hub.log.warn({ err: { name: (err as Error).name, code: (err as { code?: string }).code } }, 'staff frame failed');
    sendFrame(ws, errorFrame(lang, 'internal'));
  });
  ws.on('close', () => {
    open = false;
    clearTimeout(expiry);
    hub.removeStaff(conn);
    void hub.db
      .deleteFrom('chat_presence')
      .where('socket_id', '=', conn.socketId)
      .execute()
      .then(() => hub.notify({ kind: 'q' }))
      .then(() => hub.later(hub.settings.counsellorGraceSeconds * 1000, () => returnChats(hub, userId)))
      .catch(() => {});
  });
  await hub.db.insertInto('chat_presence').values({ socket_id: conn.socketId, user_id: userId, queues: [...ctx.queues] }).execute();
  if (!open) {
    await hub.db.deleteFrom('chat_presence').where('socket_id', '=', conn.socketId).execute();
    return;
  }
  hub.addStaff(conn);
  // Arms the timer for the session's own end, and closes at once if it was revoked while the console opened.
  if (!(await checkSession(false))) return;
  const canned = await cannedAnswers(hub.db);
  // Where a chat can be escalated: the units that take cases (the console needs no organisation permission).
  const units = await hub.db.selectFrom('units').select(['id', 'name', 'kind']).where('active', '=', true).where('kind', 'in', ['adult', 'children', 'kast']).orderBy('name').execute();
  sendFrame(ws, { type: 'hello', userId, queues: ctx.queues, canned, units });
  for (const s of await activeChatsOf(hub.db, userId)) {
    sendFrame(ws, { type: 'chat', chat: chatMeta(s) });
    hub.openForStaff(conn, s.id);
  }
  await hub.notify({ kind: 'q' });

  async function handle(raw: unknown): Promise<void> {
    if (revoked) return;
    if (!(await ctx.stillSignedIn())) return void (await checkSession(false));
    const frame = parseFrame(StaffFrame, raw);
    // The counsellor's work keeps the session alive (read as activity at most every 30 s).
    if (Date.now() - lastSessionCheck > SESSION_CHECK_EVERY_MS) {
      lastSessionCheck = Date.now();
      if (!(await checkSession(true))) return;
    }
    if (frame?.type === 'typing' || frame?.type === 'ping') {
      if (!signals.take(Date.now())) return;
    } else if (!limiter.take(Date.now())) {
      strikes += 1;
      sendFrame(ws, errorFrame(lang, 'tooFast', { clientId: frame && 'clientId' in frame ? frame.clientId : undefined, requestId: frame && 'requestId' in frame ? frame.requestId : undefined }));
      if (strikes >= FLOOD_STRIKES) ws.close(1008, 'flood');
      return;
    }
    if (!frame) return void sendFrame(ws, errorFrame(lang, 'malformedFrame'));
    if (frame.type === 'ping') return void sendFrame(ws, { type: 'pong' });
    if (frame.type === 'typing') {
      if (conn.subs.has(frame.sessionId)) await hub.notify({ kind: 't', sessionId: frame.sessionId, side: 'c' });
      return;
    }
    if (frame.type === 'resume') {
      const sub = conn.subs.get(frame.sessionId);
      if (sub) hub.resume(sub, frame.sessionId, frame.after);
      return;
    }
    if (frame.type === 'message' || frame.type === 'note') {
      if (tooLong(frame.body)) return void sendFrame(ws, errorFrame(lang, 'messageTooLong', { clientId: frame.clientId }, { max: MAX_MESSAGE_LENGTH }));
      const body = Body.safeParse(frame.body);
      if (!body.success) return void sendFrame(ws, errorFrame(lang, 'malformedFrame', { clientId: frame.clientId }));
      const saved = await insertParticipantMessage(hub.writePool, { sessionId: frame.sessionId, sender: frame.type === 'note' ? 'note' : 'counsellor', authorId: userId, body: body.data, clientId: frame.clientId });
      if (!saved) return void sendFrame(ws, errorFrame(lang, 'chatNotActive', { clientId: frame.clientId }));
      sendFrame(ws, { type: 'ack', clientId: frame.clientId, id: saved.id, sessionId: frame.sessionId });
      return hub.delivered(frame.sessionId, { id: saved.id, sender: frame.type === 'note' ? 'note' : 'counsellor', body: body.data, at: saved.createdAt });
    }
    try {
      const result = await action(hub, ctx, frame);
      // This console sees the change before the answer, not when the NOTIFY comes back (see ChatHub.sessionChanged).
      const changed = frame.type === 'take' ? (result.sessionId as string) : frame.type === 'readOffline' || frame.type === 'answerOffline' || frame.type === 'escalate' ? null : frame.sessionId;
      if (changed) await hub.sessionChanged(changed);
      sendFrame(ws, { type: 'result', requestId: frame.requestId, ok: true, ...result });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      sendFrame(ws, errorFrame(lang, errCode(err), { requestId: frame.requestId }, err.params));
    }
  }
}

type ActionFrame = Exclude<StaffFrameIn, { type: 'message' | 'note' | 'typing' | 'resume' | 'ping' }>;

/** A console's action on a chat: one transaction of the caller, with its audit entry. */
async function action(hub: ChatHub, { caller, queues }: StaffContext, frame: ActionFrame): Promise<Record<string, unknown>> {
  const userId = caller.user.id;
  switch (frame.type) {
    case 'take':
      return caller.transaction(async (tx, audit) => {
        const id = frame.sessionId ?? (await nextInQueues(tx, queues))?.id;
        if (!id) throw new AppError(409, 'queueEmpty');
        const taken = await takeChat(tx, id, userId, queues);
        if (!taken) throw new AppError(409, 'notYourQueue');
        await audit({ action: 'read', recordType: 'chat_session', recordId: id, fields: ['transcript'] });
        await insertMessage(tx, { sessionId: id, sender: 'system', authorId: null, body: systemText(taken.language, 'joined') });
        return { sessionId: id };
      });
    case 'transfer':
      return caller.transaction(async (tx, audit) => {
        const s = await mine(tx, frame.sessionId, userId);
        if (frame.toUserId) {
          const colleague = await tx.selectFrom('chat_presence').select('user_id').where('user_id', '=', frame.toUserId).where(sql<boolean>`${s.queue} = any(queues)`).executeTakeFirst();
          if (!colleague || frame.toUserId === userId) throw new AppError(409, 'colleagueNotOnDuty');
          await tx.updateTable('chat_sessions').set({ counsellor_id: frame.toUserId, assigned_at: new Date() }).where('id', '=', s.id).execute();
          await insertMessage(tx, { sessionId: s.id, sender: 'system', authorId: null, body: systemText(s.language, 'transferredColleague') });
        } else {
          const to = frame.toQueue ?? (s.queue as Queue);
          if (!transferAllowed(s.queue as Queue, to)) throw new AppError(409, 'transferNotAllowed');
          await tx.updateTable('chat_sessions').set({ status: 'queued', counsellor_id: null, assigned_at: null, queue: to }).where('id', '=', s.id).execute();
          await insertMessage(tx, { sessionId: s.id, sender: 'system', authorId: null, body: systemText(s.language, 'transferredQueue') });
        }
        await audit({ action: 'update', recordType: 'chat_session', recordId: s.id, fields: frame.toUserId ? ['counsellor'] : ['queue'] });
        await notify(tx, { kind: 's', sessionId: s.id }, { kind: 'q' });
        return {};
      });
    case 'end':
      return caller.transaction(async (tx, audit) => {
        const s = await sessionById(tx, frame.sessionId);
        if (!s || s.counsellorId !== userId || s.kind !== 'live' || s.outcomeRecorded || (s.status !== 'active' && s.status !== 'ended')) throw new AppError(409, 'chatNotActive');
        if (s.status === 'active') {
          await insertMessage(tx, { sessionId: s.id, sender: 'system', authorId: null, body: systemText(s.language, 'ended') });
          await tx.updateTable('chat_sessions').set({ status: 'ended', ended_at: new Date(), end_reason: 'counsellor' }).where('id', '=', s.id).execute();
        }
        await tx.updateTable('chat_sessions').set({ outcome_recorded: true }).where('id', '=', s.id).execute();
        await recordOutcome(tx, s.queue, frame.outcome, hub.now());
        await audit({ action: 'update', recordType: 'chat_session', recordId: s.id, fields: ['status', 'outcome'] });
        await notify(tx, { kind: 's', sessionId: s.id }, { kind: 'q' });
        return {};
      });
    case 'block':
      return caller.transaction(async (tx, audit) => {
        const s = await sessionById(tx, frame.sessionId);
        const allowed = s && ((s.counsellorId === userId && s.status === 'active') || (s.status === 'queued' && queues.includes(s.queue as Queue)));
        if (!s || !allowed) throw new AppError(409, 'chatNotActive');
        await tx.updateTable('chat_sessions').set({ status: 'ended', blocked: true, ended_at: new Date(), end_reason: 'blocked', outcome_recorded: true }).where('id', '=', s.id).execute();
        await audit({ action: 'update', recordType: 'chat_session', recordId: s.id, fields: ['blocked'] });
        await notify(tx, { kind: 's', sessionId: s.id }, { kind: 'q' });
        return {};
      });
    case 'escalate':
      return caller.transaction(async (tx, audit) => {
        const s = await mine(tx, frame.sessionId, userId);
        const consent = await tx.selectFrom('chat_consents').select('id').where('session_id', '=', s.id).orderBy('given_at', 'desc').executeTakeFirst();
        if (!consent) throw new AppError(409, 'noConsent');
        const unit = await tx.selectFrom('units').select(['id', 'kind']).where('id', '=', frame.targetUnitId).where('active', '=', true).executeTakeFirst();
        if (!unit) throw new AppError(404, 'notFound', { what: 'unit' });
        // The unit must fit the visitor: a child goes to the children's unit, a buyer to KAST.
        const misfit = escalationTargetProblem({ targetGroup: s.targetGroup, ageBand: frame.ageBand }, unit.kind);
        if (misfit) throw new AppError(409, misfit);
        if (await escalationOfSession(tx, s.id)) throw new AppError(409, 'alreadyEscalated');
        const e = await tx.insertInto('chat_escalations').values({ session_id: s.id, consent_id: consent.id, target_unit_id: unit.id, created_by: userId }).returning('id').executeTakeFirstOrThrow();
        await insertMessage(tx, { sessionId: s.id, sender: 'system', authorId: null, body: systemText(s.language, 'escalated') });
        await audit({ action: 'create', recordType: 'chat_escalation', recordId: e.id, fields: ['session', 'consent', 'target_unit'], details: { ageBand: frame.ageBand } });
        return { escalationId: e.id };
      });
    case 'readOffline':
      return caller.transaction(async (tx, audit) => {
        const s = await offlineInMyQueues(tx, frame.sessionId, queues);
        const messages = await messagesAfter(tx, s.id, 0, true);
        await audit({ action: 'read', recordType: 'chat_offline_message', recordId: s.id, fields: ['body'] });
        return { sessionId: s.id, status: s.status, messages };
      });
    case 'answerOffline':
      return caller.transaction(async (tx, audit) => {
        const s = await offlineInMyQueues(tx, frame.sessionId, queues);
        if (s.status !== 'waiting_answer') throw new AppError(409, 'chatNotActive');
        if (tooLong(frame.body)) throw new AppError(400, 'messageTooLong', { max: MAX_MESSAGE_LENGTH });
        const body = Body.safeParse(frame.body);
        if (!body.success) throw new AppError(400, 'malformedFrame');
        await insertMessage(tx, { sessionId: s.id, sender: 'counsellor', authorId: userId, body: body.data });
        await tx.updateTable('chat_sessions').set({ status: 'answered', counsellor_id: userId, ended_at: new Date() }).where('id', '=', s.id).execute();
        await audit({ action: 'create', recordType: 'chat_offline_message', recordId: s.id, fields: ['answer'] });
        await notify(tx, { kind: 'q' });
        return {};
      });
  }
}

async function mine(tx: Parameters<typeof sessionById>[0], sessionId: string, userId: string) {
  const s = await sessionById(tx, sessionId);
  if (!s || s.counsellorId !== userId || s.status !== 'active') throw new AppError(409, 'chatNotActive');
  return s;
}

async function offlineInMyQueues(tx: Parameters<typeof sessionById>[0], sessionId: string, queues: readonly Queue[]) {
  const s = await sessionById(tx, sessionId);
  if (!s || s.kind !== 'offline') throw new AppError(404, 'notFound', { what: 'message' });
  if (!queues.includes(s.queue as Queue)) throw new AppError(403, 'notYourQueue');
  return s;
}

/** A counsellor gone from every console (all instances) gives their open chats back to the queue. */
export async function returnChats(hub: ChatHub, userId: string): Promise<void> {
  const returned = await hub.db.transaction().execute(async (tx) => {
    const rows = await returnOrphanedChats(tx, userId);
    for (const id of rows) {
      const s = await sessionById(tx, id);
      await insertMessage(tx, { sessionId: id, sender: 'system', authorId: null, body: systemText(s?.language ?? 'sv', 'counsellorLost') });
    }
    return rows;
  });
  for (const id of returned) await hub.notify({ kind: 's', sessionId: id });
  if (returned.length) await hub.notify({ kind: 'q' });
}

export function visitorTokenFrom(request: FastifyRequest): string {
  const token = request.headers['x-chat-token'];
  if (typeof token !== 'string' || token.length < 20 || token.length > 100) throw new AppError(401, 'unknownChat');
  return token;
}
