import { beforeAll, describe, expect, test } from 'vitest';
import type { TestApp } from '../testing/app.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import type { Notice } from './store.ts';
import { act, counsellor, openAllWeek, startVisitor } from './testing.ts';

/**
 * A NOTIFY reaches this instance's listener on its own connection, whenever the database and the
 * machine get to it; under load it can arrive after the client has already acted on the answer.
 * These tests hold the session notices back, as a loaded server database does, and check that a
 * console never depends on its own change coming back through the database.
 */
describe.each(databaseTargets())('chat delivery with late notices on $name', (target) => {
  const t = useTestApp(target, { listen: true, env: { CHAT_COUNSELLOR_GRACE_SECONDS: '0' } });
  let app: TestApp;

  beforeAll(async () => {
    app = t.app;
    await openAllWeek(app);
    // The listener's notices of session changes arrive 500 ms late (in order).
    const hub = app.app.chatHub! as unknown as { onNotice(n: Notice): void };
    const onNotice = hub.onNotice.bind(hub);
    hub.onNotice = (n) => (n.kind === 's' ? void setTimeout(() => onNotice(n), 500) : onNotice(n));
  });

  test('a counsellor who transfers a chat straight after taking it is told it left their console', async () => {
    const visitor = await startVisitor(app, 'professional');
    const a = await counsellor(app);
    const b = await counsellor(app);
    const { sessionId } = await act(a.ws, { type: 'take', sessionId: visitor.sessionId });
    // The taken chat is in the console when the answer comes, not when the notice does.
    expect(a.ws.frames.some((f) => f.type === 'chat' && f.chat.id === sessionId)).toBe(true);
    expect((await act(a.ws, { type: 'transfer', sessionId, toUserId: b.user.id })).ok).toBe(true);
    expect(a.ws.frames.some((f) => f.type === 'chatClosed' && f.sessionId === sessionId)).toBe(true);
    await b.ws.seen((f) => f.type === 'chat' && f.chat.id === sessionId);
    // After the late notices have come, the chat is still only in b's console.
    await new Promise((r) => setTimeout(r, 1200));
    const lastOnA = a.ws.frames.filter((f) => (f.type === 'chat' && f.chat.id === sessionId) || (f.type === 'chatClosed' && f.sessionId === sessionId)).at(-1);
    expect(lastOnA?.type).toBe('chatClosed');
    await Promise.all([visitor.ws.close(), a.ws.close(), b.ws.close()]);
  });

  test('ending and blocking close the chat in the console before the answer', async () => {
    const visitor = await startVisitor(app, 'selling');
    const c = await counsellor(app);
    const { sessionId } = await act(c.ws, { type: 'take', sessionId: visitor.sessionId });
    expect((await act(c.ws, { type: 'block', sessionId })).ok).toBe(true);
    expect(c.ws.frames.some((f) => f.type === 'chatClosed' && f.sessionId === sessionId)).toBe(true);
    await Promise.all([visitor.ws.close(), c.ws.close()]);
  });
});
