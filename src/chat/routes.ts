import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { grantFor, unitsWith } from '../core/access/policy.ts';
import { loadSession, SESSION_COOKIE } from '../core/auth/sessions.ts';
import { writeAudit } from '../core/audit/audit.ts';
import { AppError } from '../core/errors.ts';
import { actorOf, signedInUser } from '../core/http/access.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import { pickLanguage } from '../core/i18n/server.ts';
import { ChatHub, errorFrame, sendFrame } from './hub.ts';
import { chatMessages } from './messages.ts';
import { registerPublicPages } from './visitor/page.ts';
import { CHAT_LANGUAGES, CONSENT_TEXT, COUNSEL_QUEUES, expectedWaitMinutes, formatCode, isOpen, KAST_QUEUES, MAX_MESSAGE_LENGTH, normaliseCode, queueFor, QUEUES, systemText, TARGET_GROUPS, type Queue } from './rules.ts';
import { returnChats, staffSocket, visitorSocket, visitorTokenFrom } from './sockets.ts';
import {
  chatStatistics,
  chatTranscriptRule,
  counsellorsGone,
  counsellorsOnDuty,
  createLiveSession,
  createOfflineMessage,
  endVisitorSession,
  escalationsAwaitingIntake,
  hashToken,
  insertMessage,
  messagesAfter,
  openingHours,
  sessionByTokenHash,
  setOpeningHours,
  waitingChats,
} from './store.ts';

const TargetGroup = z.enum(TARGET_GROUPS);
const Language = z.enum(CHAT_LANGUAGES);
const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);
const Hours = z.array(z.object({ weekday: z.number().int().min(1).max(7), opens: Hhmm, closes: Hhmm }).refine((h) => h.opens < h.closes, { message: 'opens must be before closes' })).max(7);
const Status = z.object({ open: z.boolean(), hours: Hours });
const VisitorOnly = { access: 'public' as const, csrf: false };
const ErrorOut = z.object({ error: z.string(), message: z.string() });
const PURPOSE = 'chat counselling';

/** WebSocket routes in the OpenAPI document: an upgrade, then JSON frames described in docs/chat.md. */
function socketSchema(summary: string) {
  return { summary, description: 'WebSocket upgrade (GET with Upgrade: websocket). Frames are JSON; see docs/chat.md.', response: { 101: z.null().describe('Switching Protocols') } };
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The chat's running parts on this instance: the hub (LISTEN/NOTIFY fan-out) and the sweep that
 * returns the chats of consoles on instances that died.
 */
export function chatServices(app: App, deps: AppDeps) {
  const { db } = deps;
  const hub = new ChatHub(db, deps.databaseUrl, app.log, deps.config.chat);
  app.decorate('chatHub', hub);
  let sweep: NodeJS.Timeout | undefined;
  return {
    hub,
    // Listening starts when the server is ready; a database that is down then shows in
    // /api/health and the hub connects once it is back.
    async start() {
      await hub.startOrRetry();
      // Consoles on an instance that died leave presence rows nobody refreshes: after a while
      // their chats go back to the queue as if the counsellor had disconnected.
      sweep = setInterval(() => {
        void hub
          .refreshPresence()
          .then(() => counsellorsGone(db))
          .then((gone) => Promise.all(gone.map((userId) => returnChats(hub, userId))))
          .catch((err) => app.log.warn({ err: { code: (err as { code?: string }).code } }, 'chat presence sweep failed'));
      }, 30_000);
      sweep.unref();
    },
    async stop() {
      clearInterval(sweep);
      await hub.stop();
    },
  };
}
export type ChatServices = ReturnType<typeof chatServices>;

/** Anonymous chat counselling: visitors without an account, counsellors in the console, supervisors. */
export function registerChatRoutes(app: App, deps: AppDeps, { hub }: ChatServices) {
  const { db } = deps;
  registerPublicPages(app, db);

  // ---- The visitor: no account, no cookie; a token from sessionStorage in a header. ----
  app.route({
    method: 'GET',
    url: '/api/chat/visitor/status',
    config: { access: 'public' },
    schema: { summary: 'Whether the chat is open, and its opening hours', response: { 200: Status } },
    handler: async () => {
      const hours = await openingHours(db);
      return { open: isOpen(hours, new Date()), hours };
    },
  });
  app.route({
    method: 'POST',
    url: '/api/chat/visitor/sessions',
    config: VisitorOnly,
    schema: {
      summary: 'Start an anonymous chat; the token is the only key to it',
      body: z.object({ targetGroup: TargetGroup, language: Language }),
      response: { 201: z.object({ token: z.string(), position: z.number(), expectedWaitMinutes: z.number().nullable() }), 409: ErrorOut },
    },
    handler: async (request, reply) => {
      if (!isOpen(await openingHours(db), new Date())) throw new AppError(409, 'chatClosed');
      const token = newToken();
      const queue = queueFor(request.body.targetGroup);
      const id = await db.transaction().execute((tx) => createLiveSession(tx, { tokenHash: hashToken(token), targetGroup: request.body.targetGroup, queue, language: request.body.language }));
      const [waiting, duty] = await Promise.all([waitingChats(db, [queue]), counsellorsOnDuty(db)]);
      const position = waiting.find((w) => w.id === id)?.position ?? 1;
      return reply.status(201).send({ token, position, expectedWaitMinutes: expectedWaitMinutes(position, duty.filter((d) => d.queues.includes(queue)).length) });
    },
  });
  app.route({
    method: 'POST',
    url: '/api/chat/visitor/end',
    config: VisitorOnly,
    schema: { summary: 'End the chat (quick exit); works after the page has gone', response: { 204: z.null(), 401: ErrorOut } },
    handler: async (request, reply) => {
      const session = await sessionByTokenHash(db, hashToken(visitorTokenFrom(request)));
      if (!session) throw new AppError(401, 'unknownChat');
      await endVisitorSession(db, session.id, 'visitor_ended');
      return reply.status(204).send(null);
    },
  });
  app.route({
    method: 'POST',
    url: '/api/chat/visitor/consent',
    config: VisitorOnly,
    schema: {
      summary: 'The visitor consents to continue with an identified contact (recorded with the words shown)',
      body: z.object({ consent: z.literal(true) }),
      response: { 201: z.object({ recorded: z.literal(true) }), 401: ErrorOut, 409: ErrorOut },
    },
    handler: async (request, reply) => {
      const session = await sessionByTokenHash(db, hashToken(visitorTokenFrom(request)));
      if (!session || session.kind !== 'live') throw new AppError(401, 'unknownChat');
      if (session.status !== 'active' && session.status !== 'queued') throw new AppError(409, 'chatNotActive');
      const lang = session.language === 'en' ? 'en' : 'sv';
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('chat_consents').values({ session_id: session.id, consent_text: CONSENT_TEXT[lang], language: lang }).execute();
        await insertMessage(tx, { sessionId: session.id, sender: 'system', authorId: null, body: systemText(lang, 'consent') });
      });
      return reply.status(201).send({ recorded: true });
    },
  });
  app.route({
    method: 'POST',
    url: '/api/chat/visitor/offline',
    config: VisitorOnly,
    schema: {
      summary: 'Leave a message while the chat is closed; the code is the only way to read the answer',
      body: z.object({ targetGroup: TargetGroup, language: Language, body: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH) }),
      response: { 201: z.object({ code: z.string() }) },
    },
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
    schema: {
      summary: 'Read an offline message and its answer with the code',
      body: z.object({ code: z.string().min(4).max(40) }),
      response: { 200: z.object({ answered: z.boolean(), messages: z.array(z.object({ sender: z.string(), body: z.string(), at: z.date() })) }), 404: ErrorOut },
    },
    handler: async (request, reply) => {
      const session = await sessionByTokenHash(db, hashToken(normaliseCode(request.body.code)));
      if (!session || session.kind !== 'offline') throw new AppError(404, 'unknownCode');
      const messages = await messagesAfter(db, session.id, 0, false);
      return { answered: session.status === 'answered', messages: messages.map((m) => ({ sender: m.sender, body: m.body, at: m.created_at })) };
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
  const consoleSocket = (queues: readonly Queue[]) => (socket: import('ws').WebSocket, request: import('fastify').FastifyRequest) => {
    const lang = pickLanguage(request.headers['accept-language']);
    const origin = request.headers.origin;
    // Cross-site WebSocket hijacking: a socket opened by another site's page is refused.
    if (origin && new URL(origin).host !== request.headers.host) {
      sendFrame(socket, errorFrame(lang, 'badOrigin'));
      return void socket.close(4003, 'origin');
    }
    const user = signedInUser(request);
    void (async () => {
      if (queues.includes('kast')) {
        const units = unitsWith(user.grants, 'chat.kast');
        const kast = units === 'all' || (units.length > 0 && (await db.selectFrom('units').select('id').where('id', 'in', units).where('kind', '=', 'kast').executeTakeFirst()));
        if (!kast) {
          sendFrame(socket, errorFrame(lang, 'kastUnitOnly'));
          return void socket.close(4003, 'kast only');
        }
      }
      const token = request.cookies[SESSION_COOKIE] ?? '';
      const permission = queues.includes('kast') ? 'chat.kast' : 'chat.counsel';
      const stillSignedIn = async () => {
        const now = await loadSession(db, token, deps.config.sessionIdleMinutes);
        return !!now && now.id === user.id && !!grantFor(now.grants, permission);
      };
      await staffSocket(hub, socket, { userId: user.id, actor: actorOf(request), queues, language: lang, stillSignedIn });
    })().catch((err) => {
      app.log.warn({ err: { name: (err as Error).name } }, 'console socket failed');
      socket.close(1011, 'error');
    });
  };
  app.route({ method: 'GET', url: '/api/chat/console/socket', config: { access: 'chat.counsel' }, schema: socketSchema('The counsellor console’s WebSocket (session cookie)'), websocket: true, handler: consoleSocket(COUNSEL_QUEUES) });
  app.route({ method: 'GET', url: '/api/chat/kast/socket', config: { access: 'chat.kast' }, schema: socketSchema('The KAST console’s WebSocket (session cookie; KAST unit staff only)'), websocket: true, handler: consoleSocket(KAST_QUEUES) });

  // ---- Supervisors ----
  app.route({
    method: 'GET',
    url: '/api/chat/supervisor/overview',
    config: { access: 'chat.supervise' },
    schema: {
      summary: 'Queue lengths, waiting times, active chats and counsellors on duty',
      response: {
        200: z.object({
          queues: z.array(z.object({ queue: z.string(), waiting: z.number(), longestWaitSeconds: z.number(), active: z.number() })),
          counsellorsOnDuty: z.array(z.object({ userId: z.string(), displayName: z.string(), queues: z.array(z.string()), activeChats: z.number() })),
          offlineWaiting: z.number(),
        }),
      },
    },
    handler: async () => {
      const now = Date.now();
      const [waiting, duty, active, offline] = await Promise.all([
        waitingChats(db, 'all'),
        counsellorsOnDuty(db),
        db.selectFrom('chat_sessions').select(['queue', 'counsellor_id']).where('status', '=', 'active').execute(),
        db.selectFrom('chat_sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'offline').where('status', '=', 'waiting_answer').executeTakeFirstOrThrow(),
      ]);
      const names = duty.length ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', duty.map((d) => d.userId)).execute() : [];
      return {
        queues: QUEUES.map((q) => {
          const w = waiting.filter((x) => x.queue === q);
          return { queue: q, waiting: w.length, longestWaitSeconds: w.length ? Math.round((now - Math.min(...w.map((x) => x.queuedAt.getTime()))) / 1000) : 0, active: active.filter((a) => a.queue === q).length };
        }),
        counsellorsOnDuty: duty.map((d) => ({ userId: d.userId, displayName: names.find((n) => n.id === d.userId)?.display_name ?? '', queues: d.queues, activeChats: active.filter((a) => a.counsellor_id === d.userId).length })),
        offlineWaiting: Number(offline.n),
      };
    },
  });
  app.route({
    method: 'PUT',
    url: '/api/chat/opening-hours',
    config: { access: 'chat.supervise' },
    schema: { summary: 'Set the opening hours (Swedish time; a weekday left out is closed)', body: z.object({ hours: Hours }), response: { 200: Status } },
    handler: async (request) => {
      await db.transaction().execute(async (tx) => {
        await setOpeningHours(tx, request.body.hours);
        await writeAudit(tx, actorOf(request), { action: 'update', recordType: 'chat_opening_hours', fields: ['hours'], purpose: 'chat administration' });
      });
      const hours = await openingHours(db);
      return { open: isOpen(hours, new Date()), hours };
    },
  });
  const Canned = z.object({ id: z.string(), language: z.string(), title: z.string(), body: z.string() });
  const CannedIn = z.object({ language: Language, title: z.string().trim().min(1).max(120), body: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH) });
  app.route({
    method: 'GET',
    url: '/api/chat/canned',
    config: { access: 'chat.supervise' },
    schema: { summary: 'Canned answers (counsellors get them in the console)', response: { 200: z.array(Canned) } },
    handler: async () => db.selectFrom('chat_canned_answers').select(['id', 'language', 'title', 'body']).orderBy('title').execute(),
  });
  app.route({
    method: 'POST',
    url: '/api/chat/canned',
    config: { access: 'chat.supervise' },
    schema: { summary: 'Add a canned answer', body: CannedIn, response: { 201: Canned } },
    handler: async (request, reply) => {
      const row = await db.insertInto('chat_canned_answers').values({ ...request.body, updated_by: signedInUser(request).id }).returning(['id', 'language', 'title', 'body']).executeTakeFirstOrThrow();
      return reply.status(201).send(row);
    },
  });
  app.route({
    method: 'PUT',
    url: '/api/chat/canned/:id',
    config: { access: 'chat.supervise' },
    schema: { summary: 'Edit a canned answer', params: z.object({ id: z.uuid() }), body: CannedIn, response: { 200: Canned } },
    handler: async (request) => {
      const row = await db.updateTable('chat_canned_answers').set({ ...request.body, updated_by: signedInUser(request).id, updated_at: new Date() }).where('id', '=', request.params.id).returning(['id', 'language', 'title', 'body']).executeTakeFirst();
      if (!row) throw new AppError(404, 'notFound', { what: 'canned answer' });
      return row;
    },
  });
  app.route({
    method: 'DELETE',
    url: '/api/chat/canned/:id',
    config: { access: 'chat.supervise' },
    schema: { summary: 'Remove a canned answer', params: z.object({ id: z.uuid() }), response: { 204: z.null() } },
    handler: async (request, reply) => {
      await db.deleteFrom('chat_canned_answers').where('id', '=', request.params.id).execute();
      return reply.status(204).send(null);
    },
  });
  app.route({
    method: 'GET',
    url: '/api/chat/statistics',
    config: { access: 'chat.supervise' },
    schema: {
      summary: 'Outcome classifications of ended chats (no chat can be identified from them)',
      querystring: z.object({ from: z.iso.date(), to: z.iso.date() }),
      response: { 200: z.array(z.object({ queue: z.string(), topic: z.string(), targetGroup: z.string(), ageBand: z.string(), referralGiven: z.boolean(), count: z.number() })) },
    },
    handler: async (request) => {
      const rows = await chatStatistics(db, request.query.from, request.query.to);
      return rows.map((r) => ({ queue: r.queue, topic: r.topic, targetGroup: r.target_group, ageBand: r.age_band, referralGiven: r.referral_given, count: r.count }));
    },
  });

  // ---- Escalations awaiting intake (linked to case creation when intake is merged) ----
  app.route({
    method: 'GET',
    url: '/api/chat/escalations',
    config: { access: 'chat.escalations.read' },
    schema: {
      summary: 'Chats handed over with consent, awaiting intake at the reader’s units',
      response: { 200: z.array(z.object({ id: z.string(), sessionId: z.string(), targetUnitId: z.string(), targetUnitName: z.string(), createdAt: z.date(), consentGivenAt: z.date(), targetGroup: z.string(), language: z.string() })) },
    },
    handler: async (request) => {
      const user = signedInUser(request);
      return db.transaction().execute(async (tx) => {
        const rows = await escalationsAwaitingIntake(tx, unitsWith(user.grants, 'chat.escalations.read'));
        await writeAudit(tx, actorOf(request), { action: 'list', recordType: 'chat_escalation', fields: ['target_unit', 'consent_given_at'], purpose: PURPOSE, details: { count: rows.length } });
        return rows.map((r) => ({ id: r.id, sessionId: r.session_id, targetUnitId: r.target_unit_id, targetUnitName: r.target_unit_name, createdAt: r.created_at, consentGivenAt: r.consent_given_at, targetGroup: r.target_group, language: r.language }));
      });
    },
  });
  app.route({
    method: 'GET',
    url: '/api/chat/escalations/:id/transcript',
    config: { access: 'chat.escalations.read' },
    schema: {
      summary: 'The transcript of an escalated chat (the link intake follows)',
      params: z.object({ id: z.uuid() }),
      response: { 200: z.object({ consentText: z.string(), messages: z.array(z.object({ sender: z.string(), body: z.string(), at: z.date() })) }) },
    },
    handler: async (request) => {
      const user = signedInUser(request);
      return db.transaction().execute(async (tx) => {
        const units = unitsWith(user.grants, 'chat.escalations.read');
        let q = tx.selectFrom('chat_escalations as e').innerJoin('chat_consents as c', 'c.id', 'e.consent_id').select(['e.id', 'e.session_id', 'c.consent_text']).where('e.id', '=', request.params.id);
        if (units !== 'all') q = q.where('e.target_unit_id', 'in', units.length ? units : ['00000000-0000-0000-0000-000000000000']);
        const e = await q.executeTakeFirst();
        if (!e) throw new AppError(404, 'notFound', { what: 'escalation' });
        const messages = await messagesAfter(tx, e.session_id, 0, false);
        await writeAudit(tx, actorOf(request), { action: 'read', recordType: 'chat_escalation', recordId: e.id, fields: ['transcript'], purpose: PURPOSE });
        return { consentText: e.consent_text, messages: messages.map((m) => ({ sender: m.sender, body: m.body, at: m.created_at })) };
      });
    },
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    chatHub?: ChatHub;
  }
}

export { escalationsAwaitingIntake };
