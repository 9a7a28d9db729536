import { sql } from 'kysely';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../core/config.ts';
import { makeUser, type TestApp } from '../testing/app.ts';
import { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { counsellor, openAllWeek, type, WsClient, wsUrl, type Frame } from './testing.ts';
import { hashToken, LIST_LIMIT, offlineAwaitingAnswer, waitingChats } from './store.ts';

/**
 * Issue 8, items 10, 11 and 14 (socket origin): each test performs the attack as it was reported.
 * PUBLIC_URL is a name the tests never connect through, so an Origin matching the socket's Host
 * is not taken for the app's own origin.
 */
const PUBLIC_URL = 'https://utvag.example.se';
const env = { CHAT_VISITOR_GRACE_SECONDS: '1', CHAT_COUNSELLOR_GRACE_SECONDS: '0', CHAT_QUEUE_CAP: '3', SESSION_IDLE_MINUTES: '1', PUBLIC_URL };

test('10: CHAT_QUEUE_CAP is validated at start, with a message naming it', () => {
  expect(loadConfig({}).chat.queueCap).toBe(30);
  expect(loadConfig({ CHAT_QUEUE_CAP: '5' }).chat.queueCap).toBe(5);
  expect(() => loadConfig({ CHAT_QUEUE_CAP: '0' })).toThrow('Invalid configuration: CHAT_QUEUE_CAP must be at least 1');
  expect(() => loadConfig({ CHAT_QUEUE_CAP: '1000' })).toThrow('Invalid configuration: CHAT_QUEUE_CAP must be at most 100');
  expect(() => loadConfig({ CHAT_QUEUE_CAP: 'many' })).toThrow(/CHAT_QUEUE_CAP must be a whole number/);
});

describe.each(databaseTargets())('chat security on $name', (target) => {
  const t = useTestApp(target, { env, listen: true });
  const sockets: WsClient[] = [];
  beforeAll(() => openAllWeek(t.app));
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close().catch(() => {})));
  });

  const start = (targetGroup: string, language = 'sv', acceptLanguage = 'sv') =>
    t.app.app.inject({ method: 'POST', url: '/api/chat/visitor/sessions', headers: { 'accept-language': acceptLanguage }, payload: { targetGroup, language } });
  const statusOf = async (token: string) => (await t.db.selectFrom('chat_sessions').select('status').where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow()).status;

  // ---- 10: ghost chats ----

  test('10: a chat whose visitor never opens a socket ends after the grace period', async () => {
    const res = await start('relative');
    expect(res.statusCode).toBe(201);
    const { token } = JSON.parse(res.body) as { token: string };
    expect(await statusOf(token)).toBe('queued');
    await expect.poll(() => statusOf(token), { timeout: 5000, interval: 200 }).toBe('ended');
  });

  test('10: a visitor who connects within the grace period keeps the chat', async () => {
    const res = await start('relative');
    const { token } = JSON.parse(res.body) as { token: string };
    const ws = await WsClient.open(wsUrl(t.app, '/api/chat/visitor/socket'));
    sockets.push(ws);
    ws.send({ type: 'hello', token, after: 0 });
    await ws.next(type('ready'));
    await new Promise((r) => setTimeout(r, 2500));
    expect(await statusOf(token)).toBe('queued');
  });

  test('10: a full queue answers “busy” in the visitor’s language and points to an offline message', async () => {
    const burst = await Promise.all(Array.from({ length: 6 }, () => start('professional')));
    // Started at once, still no more than the cap get in.
    expect(burst.filter((r) => r.statusCode === 201)).toHaveLength(3);
    const refused = burst.filter((r) => r.statusCode !== 201);
    expect(refused.map((r) => r.statusCode)).toEqual([409, 409, 409]);
    expect(JSON.parse(refused[0]!.body)).toMatchObject({ error: 'queueFull', message: expect.stringMatching(/meddelande/) });
    // The chat's language, not the browser's, decides.
    const en = await start('professional', 'en', 'sv');
    expect(en.statusCode).toBe(409);
    expect(JSON.parse(en.body).message).toMatch(/busy.*message/i);
    // The cap is per target group: another queue still takes a chat.
    expect((await start('young')).statusCode).toBe(201);
    // Nobody connected: the ghosts end and the queue has room again.
    await expect.poll(async () => (await start('professional')).statusCode, { timeout: 6000, interval: 500 }).toBe(201);
  });

  test('10: waiting and offline lists are bounded however many rows there are', async () => {
    const rows = (kind: 'live' | 'offline') =>
      Array.from({ length: LIST_LIMIT + 20 }, (_, i) => ({
        kind,
        token_hash: `bulk-${kind}-${i}`,
        target_group: 'selling',
        queue: 'selling',
        language: 'sv',
        status: kind === 'live' ? ('queued' as const) : ('waiting_answer' as const),
        counsellor_id: null,
        assigned_at: null,
        ended_at: null,
        end_reason: null,
        visitor_disconnected_at: null,
      }));
    await t.db.insertInto('chat_sessions').values(rows('live')).execute();
    await t.db.insertInto('chat_sessions').values(rows('offline')).execute();
    try {
      const waiting = await waitingChats(t.db, 'all');
      expect(waiting.length).toBeLessThanOrEqual(LIST_LIMIT);
      // The places in a queue are still 1, 2, 3, … in the cut list.
      const selling = waiting.filter((w) => w.queue === 'selling').map((w) => w.position);
      expect(selling).toEqual(selling.map((_, i) => i + 1));
      expect((await offlineAwaitingAnswer(t.db)).length).toBeLessThanOrEqual(LIST_LIMIT);
      const c = await counsellor(t.app);
      sockets.push(c.ws);
      const snapshot = await c.ws.seen((f) => f.type === 'queues' && f.waiting.length > 0);
      expect(snapshot.waiting.length).toBeLessThanOrEqual(LIST_LIMIT);
      expect(snapshot.offline.length).toBeLessThanOrEqual(LIST_LIMIT);
    } finally {
      await t.db.deleteFrom('chat_sessions').where('token_hash', 'like', 'bulk-%').execute();
    }
  });

  // ---- 11: revoked sessions close the console on every instance ----

  describe('with a second instance', () => {
    let a: TestApp;
    let b: TestApp;
    beforeAll(async () => {
      a = t.app;
      b = await t.startApp(env, { listen: true });
    });

    /** A counsellor signed in on instance A whose console is open on instance B. */
    async function consoleOnB() {
      const user = await makeUser(a.db, [{ role: 'chat_counsellor', unit: 'Chattrådgivning' }]);
      const client = await new TestClient(a.app).signIn(user);
      const ws = await WsClient.open(wsUrl(b, '/api/chat/console/socket'), { cookie: client.cookieHeader() });
      sockets.push(ws);
      await ws.next(type('hello'));
      await ws.seen(type('queues'));
      return { user, client, ws };
    }

    async function closedWithin(ws: WsClient, ms: number) {
      return Promise.race([ws.closed, new Promise<'still open'>((r) => setTimeout(() => r('still open'), ms))]);
    }

    /** After the close, a new chat in the counsellor's queue reaches a colleague's console but not the closed one. */
    async function noMoreQueueFrames(ws: WsClient) {
      const before = ws.frames.length;
      const colleague = await counsellor(b);
      sockets.push(colleague.ws);
      const res = await start('selling');
      expect(res.statusCode).toBe(201);
      const { token } = JSON.parse(res.body) as { token: string };
      const { id } = await a.db.selectFrom('chat_sessions').select('id').where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();
      await colleague.ws.seen((f) => f.type === 'queues' && f.waiting.some((w: Frame) => w.id === id));
      expect(ws.frames.slice(before).filter((f) => f.type === 'queues' || f.type === 'chat' || f.type === 'message')).toEqual([]);
    }

    test('11: deactivating a counsellor on instance A closes their console on instance B at once', async () => {
      const c = await consoleOnB();
      const admin = await new TestClient(a.app).signIn(await makeUser(a.db, [{ role: 'administrator' }]));
      const { body: account } = await admin.get<{ version: number }>(`/api/organisation/users/${c.user.id}`);
      const started = Date.now();
      expect((await admin.patch(`/api/organisation/users/${c.user.id}`, { version: account.version, active: false })).status).toBe(200);
      expect(await closedWithin(c.ws, 1000)).toEqual({ code: 4401, reason: 'session ended' });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(c.ws.frames.at(-1)).toMatchObject({ type: 'error', code: 'sessionExpired' });
      await noMoreQueueFrames(c.ws);
    });

    test('11: signing out everywhere on instance A closes the console on instance B at once', async () => {
      const c = await consoleOnB();
      expect((await c.client.post('/api/auth/sign-out-everywhere')).status).toBe(200);
      expect(await closedWithin(c.ws, 1000)).toEqual({ code: 4401, reason: 'session ended' });
      await noMoreQueueFrames(c.ws);
    });

    test('11: a console whose session runs out of idle time is closed then, with no frame sent', async () => {
      const c = await consoleOnB();
      // The counsellor did nothing for 57 of the 60 idle seconds (set back, which the database announces).
      await a.db.updateTable('sessions').set({ last_seen_at: sql<Date>`now() - interval '57 seconds'` }).where('user_id', '=', c.user.id).execute();
      expect(await closedWithin(c.ws, 1500)).toBe('still open');
      expect(await closedWithin(c.ws, 5000)).toEqual({ code: 4401, reason: 'session ended' });
      // Checking the session on a timer is not activity: the idle clock was not set forward.
      const left = await a.db.selectFrom('sessions').select(sql<number>`extract(epoch from now() - last_seen_at)`.as('idle')).where('user_id', '=', c.user.id).executeTakeFirstOrThrow();
      expect(Number(left.idle)).toBeGreaterThan(58);
    });

    test('11: a console whose roles no longer allow the chat is closed; one that still holds stays', async () => {
      const kept = await consoleOnB();
      const c = await consoleOnB();
      await a.db.deleteFrom('user_roles').where('user_id', '=', c.user.id).execute();
      expect(await closedWithin(c.ws, 1000)).toEqual({ code: 4401, reason: 'session ended' });
      expect(await closedWithin(kept.ws, 500)).toBe('still open');
    });
  });

  // ---- 14: the console socket's Origin ----

  test('14: a console socket from another origin is refused against PUBLIC_URL, not the Host header', async () => {
    const { client } = await counsellor(t.app).then(async (c) => (sockets.push(c.ws), c));
    const open = (headers: Record<string, string>) => WsClient.open(wsUrl(t.app, '/api/chat/console/socket'), { cookie: client.cookieHeader(), ...headers });
    // DNS rebinding or a look-alike host: the Origin matches the Host the browser sent, but not Utväg's address.
    for (const headers of [
      { origin: 'http://evil.example', host: 'evil.example' },
      { origin: 'http://utvag.example.se', host: 'utvag.example.se' },
    ]) {
      const ws = await open(headers);
      sockets.push(ws);
      expect(await ws.seen(type('error'))).toMatchObject({ code: 'badOrigin' });
      expect(await ws.closed).toEqual({ code: 4003, reason: 'origin' });
    }
    const own = await open({ origin: PUBLIC_URL });
    sockets.push(own);
    expect(await own.next(type('hello'))).toMatchObject({ type: 'hello' });
  });

  test('14: Origin null (a sandboxed frame, a file) is refused cleanly and nothing personal is logged', async () => {
    const user = await makeUser(t.db, [{ role: 'chat_counsellor', unit: 'Chattrådgivning' }], { displayName: 'Ingrid Fiktiva Rådgivare' });
    const client = await new TestClient(t.app.app).signIn(user);
    const ws = await WsClient.open(wsUrl(t.app, '/api/chat/console/socket'), { cookie: client.cookieHeader(), origin: 'null' });
    sockets.push(ws);
    expect(await ws.seen(type('error'))).toMatchObject({ code: 'badOrigin' });
    expect(await ws.closed).toEqual({ code: 4003, reason: 'origin' });
    const session = client.cookieHeader().match(/utvag_session=([^;]+)/)![1]!;
    for (const secret of [user.username, 'Ingrid Fiktiva', session]) expect(t.app.logs()).not.toContain(secret);
    // The instance is unharmed: the same counsellor opens the console from the right origin.
    const again = await WsClient.open(wsUrl(t.app, '/api/chat/console/socket'), { cookie: client.cookieHeader(), origin: PUBLIC_URL });
    sockets.push(again);
    await again.next(type('hello'));
  });
});
