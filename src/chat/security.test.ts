import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { makeUser, type TestApp } from '../testing/app.ts';
import { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { counsellor, openAllWeek, type, WsClient, wsUrl, type Frame } from './testing.ts';
import { hashToken } from './store.ts';

/**
 * Issue 8, items 10, 11 and 14 (socket origin): each test performs the attack as it was reported.
 * PUBLIC_URL is a name the tests never connect through, so an Origin matching the socket's Host
 * is not taken for the app's own origin.
 */
const PUBLIC_URL = 'https://utvag.example.se';
const env = { CHAT_VISITOR_GRACE_SECONDS: '1', CHAT_COUNSELLOR_GRACE_SECONDS: '0', CHAT_QUEUE_CAP: '3', SESSION_IDLE_MINUTES: '1', PUBLIC_URL };

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
