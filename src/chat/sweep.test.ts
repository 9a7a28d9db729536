import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { makeUser, type TestApp } from '../testing/app.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { act, counsellor, openAllWeek, startVisitor } from './testing.ts';

/** The presence sweep as the app runs it: its own timer, every CHAT_PRESENCE_SWEEP_SECONDS. */
describe.each(databaseTargets())('the chat presence sweep on $name', (target) => {
  const t = useTestApp(target, { listen: true, env: { CHAT_PRESENCE_SWEEP_SECONDS: '1' } });
  let app: TestApp;

  beforeAll(async () => {
    app = t.app;
    await openAllWeek(app);
  });

  test('the chat of a counsellor on a dead instance goes back to the queue; a live console keeps its chat', async () => {
    // A counsellor on another instance that died: its presence was last refreshed ten minutes ago.
    const orphan = await startVisitor(app, 'selling');
    const ghost = await makeUser(app.db, [{ role: 'chat_counsellor', unit: 'Chattrådgivning' }]);
    // The presence first: a sweep between the two writes would otherwise return the chat before the
    // stale presence exists, and the presence would outlive the return this test waits for.
    await app.db.insertInto('chat_presence').values({ socket_id: randomUUID(), user_id: ghost.id, queues: ['selling'], seen_at: new Date(Date.now() - 10 * 60_000) }).execute();
    await app.db.updateTable('chat_sessions').set({ status: 'active', counsellor_id: ghost.id }).where('id', '=', orphan.sessionId).execute();
    // A counsellor on this instance, whose console the sweep keeps fresh.
    const kept = await startVisitor(app, 'young');
    const c = await counsellor(app);
    expect((await act(c.ws, { type: 'take', sessionId: kept.sessionId })).ok).toBe(true);
    const before = await app.db.selectFrom('chat_presence').select('seen_at').where('user_id', '=', c.user.id).executeTakeFirstOrThrow();

    await orphan.ws.seen((f) => f.type === 'message' && f.sender === 'system' && /tappade anslutningen/.test(f.body), 5000);
    await orphan.ws.seen((f) => f.type === 'state' && f.status === 'queued', 5000);
    expect(await app.db.selectFrom('chat_presence').select('socket_id').where('user_id', '=', ghost.id).execute()).toEqual([]);
    await expect
      .poll(async () => (await app.db.selectFrom('chat_presence').select('seen_at').where('user_id', '=', c.user.id).executeTakeFirstOrThrow()).seen_at.getTime(), { timeout: 5000 })
      .toBeGreaterThan(before.seen_at.getTime());
    const live = await app.db.selectFrom('chat_sessions').select(['status', 'counsellor_id']).where('id', '=', kept.sessionId).executeTakeFirstOrThrow();
    expect(live).toEqual({ status: 'active', counsellor_id: c.user.id });
    await Promise.all([orphan.ws.close(), kept.ws.close(), c.ws.close()]);
  });
});
