import { beforeAll, describe, expect, test } from 'vitest';
import type { TestApp } from '../testing/app.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { act, counsellor, openAllWeek, startVisitor, type, WsClient, wsUrl, type Frame } from './testing.ts';


/** Two app instances on one database: delivery goes through PostgreSQL LISTEN/NOTIFY, not memory. */
describe.each(databaseTargets())('chat across two instances on $name', (target) => {
  const env = { CHAT_COUNSELLOR_GRACE_SECONDS: '0' };
  const t = useTestApp(target, { env, listen: true });
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    [a, b] = [t.app, await t.startApp(env, { listen: true })];
    await openAllWeek(a);
  });

  test('a visitor on one instance chats with a counsellor on the other, and resumes on the other', async () => {
    const visitor = await startVisitor(a, 'selling');
    const c = await counsellor(b);
    await c.ws.seen((f) => f.type === 'queues' && f.waiting.some((w: Frame) => w.id === visitor.sessionId));
    const taken = await act(c.ws, { type: 'take', sessionId: visitor.sessionId });
    expect(taken.ok).toBe(true);
    await visitor.ws.seen((f) => f.type === 'state' && f.status === 'active');

    visitor.ws.send({ type: 'message', clientId: 'v1', body: 'Hej från instans A' });
    await c.ws.seen((f) => f.type === 'message' && f.body === 'Hej från instans A');
    c.ws.send({ type: 'message', sessionId: visitor.sessionId, clientId: 'c1', body: 'Hej från instans B' });
    const seen = await visitor.ws.seen((f) => f.type === 'message' && f.body === 'Hej från instans B');
    c.ws.send({ type: 'typing', sessionId: visitor.sessionId });
    await visitor.ws.seen(type('typing'));

    // The visitor's phone switches network and lands on instance B; nothing is lost meanwhile.
    await visitor.ws.close();
    c.ws.send({ type: 'message', sessionId: visitor.sessionId, clientId: 'c2', body: 'Medan du var borta' });
    await c.ws.seen((f) => f.type === 'ack' && f.clientId === 'c2');
    const onB = await WsClient.open(wsUrl(b, '/api/chat/visitor/socket'));
    onB.send({ type: 'hello', token: visitor.token, after: seen.id });
    await onB.seen((f) => f.type === 'message' && f.body === 'Medan du var borta');
    onB.send({ type: 'message', clientId: 'v2', body: 'Tillbaka' });
    await c.ws.seen((f) => f.type === 'message' && f.body === 'Tillbaka');

    // The counsellor's console on B goes away: the visitor (now also on B) is told; a counsellor on A takes over.
    c.ws.ws.terminate();
    await onB.seen((f) => f.type === 'state' && f.status === 'queued');
    const other = await counsellor(a);
    expect((await act(other.ws, { type: 'take', sessionId: visitor.sessionId })).ok).toBe(true);
    const history = await other.ws.seen((f) => f.type === 'message' && f.body === 'Tillbaka');
    expect(history.sessionId).toBe(visitor.sessionId);
    const bodies = other.ws.frames.filter((f) => f.type === 'message' && f.sender !== 'system').map((f) => f.body);
    expect(bodies).toEqual(['Hej från instans A', 'Hej från instans B', 'Medan du var borta', 'Tillbaka']);
    await Promise.all([onB.close(), other.ws.close()]);
  });
});
