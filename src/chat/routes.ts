import { writeAudit, type Actor } from '../core/audit-log/audit.ts';
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { grantFor } from '../core/access/policy.ts';
import { readSession, SESSION_COOKIE } from '../core/auth/sessions.ts';
import type { Db } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import { clockOf, type App, type AppDeps } from '../core/http/server.ts';
import { pickLanguage, translate } from '../core/i18n/server.ts';
import { errorFrame, sendFrame, type ChatHub } from './hub.ts';
import {
  CONSENT_TEXT,
  consentWithdrawalProblem,
  COUNSEL_QUEUES,
  EVERY_QUEUE,
  expectedWaitMinutes,
  formatCode,
  hoursOfQueue,
  isQueueOpen,
  KAST_QUEUES,
  normaliseCode,
  queueFor,
  QUEUES,
  swedishDate,
  systemText,
  type Queue,
} from './rules.ts';
import {
  Canned,
  CannedIn,
  ConsentIn,
  ConsentOut,
  Escalation,
  EscalationTranscript,
  ErrorOut,
  ExceptionsIn,
  HoursIn,
  Id,
  OfflineIn,
  OfflineOut,
  OfflineReadIn,
  OfflineReadOut,
  Overview,
  StartIn,
  StartOut,
  StatisticsQuery,
  StatisticsRow,
  Status,
  VisitorEndIn,
} from './schema.ts';
import type { ChatServices } from './services.ts';
import { staffSocket, visitorSocket, visitorTokenFrom } from './sockets.ts';
import {
  cannedAnswers,
  cannedEntryUsable,
  chatStatistics,
  counsellorsOnDuty,
  createLiveSession,
  createOfflineMessage,
  endVisitorSession,
  escalationsAwaitingIntake,
  escalationWithConsent,
  hashToken,
  hoursExceptions,
  insertMessage,
  kastUnitsInScope,
  messagesAfter,
  notify,
  openingHours,
  queuePosition,
  sessionByTokenHash,
  setHoursExceptions,
  setOpeningHours,
  waitingChats,
} from './store.ts';
import { registerPublicPages } from './visitor/page.ts';

const VisitorOnly = { access: 'public' as const, csrf: false };

/** WebSocket routes in the OpenAPI document: an upgrade, then JSON frames described in docs/chat.md. */
function socketSchema(summary: string) {
  return { summary, description: 'WebSocket upgrade (GET with Upgrade: websocket). Frames are JSON; see docs/chat.md.', response: { 101: z.null().describe('Switching Protocols') } };
}

/** A console's socket: `lang` is the language the console shows, for the socket's own messages. */
function consoleSocketSchema(summary: string) {
  return { ...socketSchema(summary), querystring: z.object({ lang: z.enum(['sv', 'en']).optional() }) };
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Anonymous chat counselling: visitors without an account, counsellors in the console, supervisors. */
export function registerChatRoutes(app: App, deps: AppDeps, { hub }: ChatServices) {
  const { db } = deps;
  const clock = clockOf(deps);
  registerPublicPages(app, db);
  const status = async () => {
    const now = clock();
    const [hours, exceptions] = await Promise.all([openingHours(db), hoursExceptions(db, swedishDate(now))]);
    const queues = Object.fromEntries(QUEUES.map((q) => [q, isQueueOpen(q, hours, exceptions, now)]));
    return {
      open: Object.values(queues).some(Boolean),
      queues,
      hours: hoursOfQueue(hours, EVERY_QUEUE).map(({ weekday, opens, closes }) => ({ weekday, opens, closes })),
      queueHours: hours.filter((h) => h.queue !== EVERY_QUEUE),
      exceptions,
    };
  };

  // ---- The visitor: no account, no cookie; a token from sessionStorage in a header. ----
  app.route({
    method: 'GET',
    url: '/api/chat/visitor/status',
    config: { access: 'public' },
    schema: { summary: 'Whether the chat is open, and its opening hours', response: { 200: Status } },
    handler: status,
  });
  app.route({
    method: 'POST',
    url: '/api/chat/visitor/sessions',
    config: VisitorOnly,
    schema: {
      summary: 'Start an anonymous chat; the token is the only key to it. A full queue answers 409 queueFull (busy: try again or leave a message)',
      body: StartIn,
      response: { 201: StartOut, 409: ErrorOut },
    },
    handler: async (request, reply) => {
      const started = await startChat(hub, clock(), request.body);
      // Busy is told in the language the visitor chose for the chat, whatever the browser's.
      if (started === 'queueFull') return reply.status(409).send({ error: 'queueFull', message: translate(request.body.language, 'queueFull') });
      return reply.status(201).send(started);
    },
  });
  app.route({
    method: 'POST',
    url: '/api/chat/visitor/end',
    config: VisitorOnly,
    schema: {
      summary: 'End the chat; works after the page has gone (the quick exit sends it with keepalive and `quickExit: true`, which the counsellor sees as the end reason)',
      // No body at all (an older page, a plain request) is the visitor's ordinary end.
      body: z.preprocess((body) => body ?? {}, VisitorEndIn),
      response: { 204: z.null(), 401: ErrorOut },
    },
    handler: async (request, reply) => {
      const session = await sessionByTokenHash(db, hashToken(visitorTokenFrom(request)));
      if (!session) throw new AppError(401, 'unknownChat');
      await endVisitorSession(db, session.id, request.body?.quickExit ? 'quick_exit' : 'visitor_ended');
      return reply.status(204).send(null);
    },
  });
  app.route({
    method: 'POST',
    url: '/api/chat/visitor/consent',
    config: VisitorOnly,
    schema: {
      summary: 'The visitor consents to continue with an identified contact (recorded with the words shown)',
      body: ConsentIn,
      response: { 201: ConsentOut, 401: ErrorOut, 409: ErrorOut },
    },
    handler: async (request, reply) => {
      await recordConsent(db, visitorTokenFrom(request));
      return reply.status(201).send({ recorded: true });
    },
  });
  app.route({
    method: 'POST',
    url: '/api/chat/visitor/consent/withdraw',
    config: VisitorOnly,
    schema: {
      summary: 'The visitor withdraws the consent: the escalation, if any, is deleted unless already taken into a case (409 escalationAlreadyTaken)',
      response: { 200: z.object({ withdrawn: z.literal(true) }), 401: ErrorOut, 409: ErrorOut },
    },
    handler: async (request) => {
      await withdrawConsent(db, visitorTokenFrom(request));
      return { withdrawn: true as const };
    },
  });
  app.route({
    method: 'POST',
    url: '/api/chat/visitor/offline',
    config: VisitorOnly,
    schema: { summary: 'Leave a message while the chat is closed; the code is the only way to read the answer', body: OfflineIn, response: { 201: OfflineOut } },
    handler: async (request, reply) => {
      const code = formatCode(randomBytes(12));
      const { targetGroup, language, body } = request.body;
      await db.transaction().execute((tx) => createOfflineMessage(tx, { tokenHash: hashToken(code), targetGroup, queue: queueFor(targetGroup), language, body }));
      return reply.status(201).send({ code });
    },
  });
  app.route({
    method: 'POST',
    url: '/api/chat/visitor/offline/read',
    config: VisitorOnly,
    schema: { summary: 'Read an offline message and its answer with the code', body: OfflineReadIn, response: { 200: OfflineReadOut, 404: ErrorOut } },
    handler: async (request) => {
      const session = await sessionByTokenHash(db, hashToken(normaliseCode(request.body.code)));
      if (!session || session.kind !== 'offline') throw new AppError(404, 'unknownCode');
      return { answered: session.status === 'answered', messages: await messagesAfter(db, session.id, 0, false) };
    },
  });
  app.route({
    method: 'GET',
    url: '/api/chat/visitor/socket',
    config: { access: 'public' },
    schema: socketSchema('The visitor’s WebSocket: JSON frames; the first frame carries the session token from sessionStorage'),
    websocket: true,
    handler: (socket) => visitorSocket(hub, socket),
  });

  // ---- Counsellors: the console's socket; the route decides the queues. ----
  const consoleSocket = (queues: readonly Queue[]) => (socket: WebSocket, request: FastifyRequest) => {
    // The console says which language it shows (`?lang=`, a browser cannot set headers on a
    // WebSocket); the browser's own language only when it does not.
    const asked = (request.query as { lang?: string } | undefined)?.lang;
    const lang = asked === 'sv' || asked === 'en' ? asked : pickLanguage(request.headers['accept-language']);
    // Cross-site WebSocket hijacking: a browser always sends Origin with a WebSocket, and only a
    // page of Utväg's own address (PUBLIC_URL) may open a console with the counsellor's cookie.
    // Not the Host header, which a rebound DNS name sets to match; `null` (a sandboxed frame, a
    // file) is never ours. Without Origin the client is no browser, and carries no victim's cookie.
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== ownOrigin(app, deps.config.publicUrl)) {
      sendFrame(socket, errorFrame(lang, 'badOrigin'));
      return void socket.close(4003, 'origin');
    }
    const caller = callerOf(request);
    void (async () => {
      // The KAST queue is served by the staff of a KAST unit (the units of their chat.kast scope).
      if (queues.includes('kast') && !(await kastUnitsInScope(db, caller.scope).select('u.id').executeTakeFirst())) {
        sendFrame(socket, errorFrame(lang, 'kastUnitOnly'));
        return void socket.close(4003, 'kast only');
      }
      const token = request.cookies[SESSION_COOKIE] ?? '';
      const permission = caller.scope.permission!;
      const sessionLeft = async (activity: boolean) => {
        const now = await readSession(db, token, deps.config.sessionIdleMinutes, { background: !activity });
        if (!now || now.user.id !== caller.user.id || !grantFor(now.user.grants, permission)) return null;
        return Math.min(now.idleLeftMs, now.lifetimeLeftMs);
      };
      const stillSignedIn = async () => {
        const user = await deps.sessions.load(token, { background: true });
        return !!user && user.id === caller.user.id && !!grantFor(user.grants, permission);
      };
      await staffSocket(hub, socket, { caller, queues, language: lang, sessionLeft, stillSignedIn });
    })().catch((err) => {
      app.log.warn({ err: { name: (err as Error).name } }, 'console socket failed');
      socket.close(1011, 'error');
    });
  };
  app.route({ method: 'GET', url: '/api/chat/console/socket', config: { access: 'chat.counsel' }, schema: consoleSocketSchema('The counsellor console’s WebSocket (session cookie)'), websocket: true, handler: consoleSocket(COUNSEL_QUEUES) });
  app.route({ method: 'GET', url: '/api/chat/kast/socket', config: { access: 'chat.kast' }, schema: consoleSocketSchema('The KAST console’s WebSocket (session cookie; KAST unit staff only)'), websocket: true, handler: consoleSocket(KAST_QUEUES) });

  // ---- Supervisors ----
  app.route({
    method: 'GET',
    url: '/api/chat/supervisor/overview',
    config: { access: 'chat.supervise' },
    schema: { summary: 'Queue lengths, waiting times, active chats and counsellors on duty', response: { 200: Overview } },
    handler: () => supervisorOverview(db),
  });
  app.route({
    method: 'PUT',
    url: '/api/chat/opening-hours',
    config: { access: 'chat.supervise', purpose: 'chat administration' },
    schema: { summary: 'Set the weekly opening hours of every queue, or of one queue (Swedish time; a weekday left out is closed; no hours for a queue: it follows every queue’s)', body: HoursIn, response: { 200: Status } },
    handler: async (request) => {
      await callerOf(request).transaction(async (tx, audit) => {
        await setOpeningHours(tx, request.body.hours, request.body.queue);
        await audit({ action: 'update', recordType: 'chat_opening_hours', fields: ['hours'], details: { queue: request.body.queue } });
      });
      return status();
    },
  });
  app.route({
    method: 'PUT',
    url: '/api/chat/opening-hours/exceptions',
    config: { access: 'chat.supervise', purpose: 'chat administration' },
    schema: { summary: 'Replace the exceptions from today on (holidays: closed, or other hours; for one queue or every queue)', body: ExceptionsIn, response: { 200: Status } },
    handler: async (request) => {
      await callerOf(request).transaction(async (tx, audit) => {
        await setHoursExceptions(tx, swedishDate(clock()), request.body.exceptions);
        await audit({ action: 'update', recordType: 'chat_opening_hours', fields: ['exceptions'] });
      });
      return status();
    },
  });
  app.route({
    method: 'GET',
    url: '/api/chat/canned',
    config: { access: 'chat.supervise' },
    schema: { summary: 'Canned answers (counsellors get them in the console)', response: { 200: z.array(Canned) } },
    handler: () => cannedAnswers(db),
  });
  app.route({
    method: 'POST',
    url: '/api/chat/canned',
    config: { access: 'chat.supervise' },
    schema: { summary: 'Add a canned answer', body: CannedIn, response: { 201: Canned } },
    handler: async (request, reply) => {
      const { directoryEntryId, ...answer } = request.body;
      if (!(await cannedEntryUsable(db, directoryEntryId))) throw new AppError(400, 'cannedEntryNotPublic');
      const row = await db.insertInto('chat_canned_answers').values({ ...answer, directory_entry_id: directoryEntryId, updated_by: callerOf(request).user.id }).returning('id').executeTakeFirstOrThrow();
      return reply.status(201).send((await cannedAnswers(db, row.id))[0]!);
    },
  });
  app.route({
    method: 'PUT',
    url: '/api/chat/canned/:id',
    config: { access: 'chat.supervise' },
    schema: { summary: 'Edit a canned answer', params: Id, body: CannedIn, response: { 200: Canned } },
    handler: async (request) => {
      const { directoryEntryId, ...answer } = request.body;
      if (!(await cannedEntryUsable(db, directoryEntryId))) throw new AppError(400, 'cannedEntryNotPublic');
      const row = await db.updateTable('chat_canned_answers').set({ ...answer, directory_entry_id: directoryEntryId, updated_by: callerOf(request).user.id, updated_at: new Date() }).where('id', '=', request.params.id).returning('id').executeTakeFirst();
      if (!row) throw new AppError(404, 'notFound', { what: 'canned answer' });
      return (await cannedAnswers(db, row.id))[0]!;
    },
  });
  app.route({
    method: 'DELETE',
    url: '/api/chat/canned/:id',
    config: { access: 'chat.supervise' },
    schema: { summary: 'Remove a canned answer', params: Id, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await db.deleteFrom('chat_canned_answers').where('id', '=', request.params.id).execute();
      return reply.status(204).send(null);
    },
  });
  app.route({
    method: 'GET',
    url: '/api/chat/statistics',
    config: { access: 'chat.supervise' },
    schema: { summary: 'Outcome classifications of ended chats (no chat can be identified from them)', querystring: StatisticsQuery, response: { 200: z.array(StatisticsRow) } },
    handler: (request) => chatStatistics(db, request.query.from, request.query.to),
  });

  // ---- Escalations awaiting intake (intake takes them into a case) ----
  app.route({
    method: 'GET',
    url: '/api/chat/escalations',
    config: { access: 'chat.escalations.read' },
    schema: { summary: 'Chats handed over with consent, awaiting intake at the reader’s units', response: { 200: z.array(Escalation) } },
    handler: (request) => listEscalations(callerOf(request)),
  });
  app.route({
    method: 'GET',
    url: '/api/chat/escalations/:id/transcript',
    config: { access: 'chat.escalations.read' },
    schema: { summary: 'The transcript of an escalated chat (the link intake follows)', params: Id, response: { 200: EscalationTranscript } },
    handler: (request) => readEscalationTranscript(callerOf(request), request.params.id),
  });
}

/** Utväg's own origin, from PUBLIC_URL; with PORT=0 (tests, a quick local run) the port the server got. */
function ownOrigin(app: App, publicUrl: string): string {
  const url = new URL(publicUrl);
  const address = app.server.address();
  if (url.port === '0' && address && typeof address === 'object') url.port = String(address.port);
  return url.origin;
}

async function startChat(hub: ChatHub, now: Date, chat: z.infer<typeof StartIn>) {
  const { db } = hub;
  const queue = queueFor(chat.targetGroup);
  if (!isQueueOpen(queue, await openingHours(db), await hoursExceptions(db, swedishDate(now)), now)) throw new AppError(409, 'chatClosed');
  const token = newToken();
  const id = await db.transaction().execute((tx) => createLiveSession(tx, { tokenHash: hashToken(token), targetGroup: chat.targetGroup, queue, language: chat.language }, hub.settings.queueCap));
  if (!id) return 'queueFull' as const;
  // Like a closed tab: without a socket's hello within the grace period, the chat ends.
  const grace = hub.settings.visitorGraceSeconds;
  hub.later(grace * 1000 + 250, () => endVisitorSession(db, id, 'visitor_left', grace));
  const [place, duty] = await Promise.all([queuePosition(db, id), counsellorsOnDuty(db)]);
  const position = place?.position ?? 1;
  return { token, position, expectedWaitMinutes: expectedWaitMinutes(position, duty.filter((d) => d.queues.includes(queue)).length) };
}

async function recordConsent(db: Db, token: string): Promise<void> {
  const session = await sessionByTokenHash(db, hashToken(token));
  if (!session || session.kind !== 'live') throw new AppError(401, 'unknownChat');
  if (session.status !== 'active' && session.status !== 'queued') throw new AppError(409, 'chatNotActive');
  const lang = session.language === 'en' ? 'en' : 'sv';
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('chat_consents').values({ session_id: session.id, consent_text: CONSENT_TEXT[lang], language: lang }).execute();
    await insertMessage(tx, { sessionId: session.id, sender: 'system', authorId: null, body: systemText(lang, 'consent') });
  });
}

/**
 * The visitor takes the consent back before intake has taken the chat into a case: the escalation
 * (if the counsellor made one) and the consents go, and both sides are told. After intake it stays.
 */
async function withdrawConsent(db: Db, token: string): Promise<void> {
  const session = await sessionByTokenHash(db, hashToken(token));
  if (!session || session.kind !== 'live') throw new AppError(401, 'unknownChat');
  const lang = session.language === 'en' ? 'en' : 'sv';
  await db.transaction().execute(async (tx) => {
    // scope: the visitor's own chat, found by the hash of its token
    const escalation = await tx.selectFrom('chat_escalations').select(['id', 'status', 'target_unit_id']).where('session_id', '=', session.id).forUpdate().executeTakeFirst();
    const problem = consentWithdrawalProblem(escalation);
    if (problem) throw new AppError(409, problem);
    const consents = await tx.selectFrom('chat_consents').select('id').where('session_id', '=', session.id).execute();
    if (consents.length === 0 && !escalation) throw new AppError(409, 'noConsent');
    // scope: the visitor's own chat
    if (escalation) await tx.deleteFrom('chat_escalations').where('id', '=', escalation.id).execute();
    await tx.deleteFrom('chat_consents').where('session_id', '=', session.id).execute();
    await insertMessage(tx, { sessionId: session.id, sender: 'system', authorId: null, body: systemText(lang, 'consentWithdrawn') });
    await notify(tx, { kind: 's', sessionId: session.id });
    // The withdrawal is the visitor's own act (no user): the log shows that the consent and the
    // escalation went and why, so an escalation that disappeared is never a mystery to the unit.
    await writeAudit(tx, VISITOR_ACTOR, {
      action: 'delete',
      recordType: escalation ? 'chat_escalation' : 'chat_consent',
      recordId: escalation?.id ?? session.id,
      fields: escalation ? ['consent', 'escalation'] : ['consent'],
      purpose: 'chat counselling',
      details: { reason: 'consent_withdrawn', sessionId: session.id, consents: consents.length, ...(escalation ? { targetUnitId: escalation.target_unit_id } : {}) },
    });
  });
}

/** The anonymous chat visitor, as the audit log names them when they act themselves. */
const VISITOR_ACTOR: Actor = { userId: null, role: 'chat_visitor', unitId: null };

async function supervisorOverview(db: Db): Promise<z.infer<typeof Overview>> {
  const now = Date.now();
  const [waiting, duty, active, offline] = await Promise.all([
    waitingChats(db, 'all'),
    counsellorsOnDuty(db),
    db.selectFrom('chat_sessions').select(['queue', 'counsellor_id as counsellorId']).where('status', '=', 'active').execute(),
    db.selectFrom('chat_sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'offline').where('status', '=', 'waiting_answer').executeTakeFirstOrThrow(),
  ]);
  const names = duty.length ? await db.selectFrom('users').select(['id', 'display_name as displayName']).where('id', 'in', duty.map((d) => d.userId)).execute() : [];
  return {
    queues: QUEUES.map((q) => {
      const w = waiting.filter((x) => x.queue === q);
      return { queue: q, waiting: w.length, longestWaitSeconds: w.length ? Math.round((now - Math.min(...w.map((x) => x.queuedAt.getTime()))) / 1000) : 0, active: active.filter((a) => a.queue === q).length };
    }),
    counsellorsOnDuty: duty.map((d) => ({ userId: d.userId, displayName: names.find((n) => n.id === d.userId)?.displayName ?? '', queues: d.queues, activeChats: active.filter((a) => a.counsellorId === d.userId).length })),
    offlineWaiting: Number(offline.n),
  };
}

function listEscalations(caller: Caller) {
  return caller.transaction(async (tx, audit) => {
    const rows = await escalationsAwaitingIntake(tx, caller.scope);
    await audit({ action: 'list', recordType: 'chat_escalation', fields: ['target_unit', 'consent_given_at'], details: { count: rows.length } });
    return rows;
  });
}

function readEscalationTranscript(caller: Caller, id: string) {
  return caller.transaction(async (tx, audit) => {
    const e = await escalationWithConsent(tx, caller.scope, id).executeTakeFirst();
    if (!e) throw new AppError(404, 'notFound', { what: 'escalation' });
    const messages = await messagesAfter(tx, e.sessionId, 0, false);
    await audit({ action: 'read', recordType: 'chat_escalation', recordId: e.id, fields: ['transcript'] });
    return { consentText: e.consentText, messages };
  });
}
