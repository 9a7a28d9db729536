import { beforeAll, describe, expect, test } from 'vitest';
import { makeUser, startTestApp, type TestApp } from '../testing/app.ts';
import { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { setOpeningHours } from './store.ts';
import { act, counsellor, openAllWeek, startVisitor } from './testing.ts';

/**
 * The running chat at fixed instants (issue 17): the app's clock is set, so these run the same at
 * any hour. An outcome counts on the Swedish date the chat ended, which at night is not the UTC date.
 */
describe.each(databaseTargets())('the chat’s calendar on $name', (target) => {
  let app: TestApp;
  let now = new Date();
  const t = useTestApp(target, { listen: true, clock: () => now });

  beforeAll(async () => {
    app = t.app;
  });

  test.each([
    ['23:30 in Stockholm (winter)', '2026-01-15T22:30:00Z', '2026-01-15', 'health'],
    ['just after midnight in Stockholm (summer)', '2026-06-15T22:05:00Z', '2026-06-16', 'housing'],
    ['the night summer time starts', '2026-03-28T23:30:00Z', '2026-03-29', 'economy'],
    ['the second 02:30 of the night summer time ends', '2026-10-25T01:30:00Z', '2026-10-25', 'violence'],
    ['23:30 the evening before summer time ends', '2026-10-24T21:30:00Z', '2026-10-24', 'trafficking'],
  ] as const)('a chat ended at %s counts on the Swedish date', async (_label, instant, date, topic) => {
    now = new Date(instant);
    await openAllWeek(app);
    const visitor = await startVisitor(app, 'selling');
    const c = await counsellor(app);
    const { sessionId } = await act(c.ws, { type: 'take', sessionId: visitor.sessionId });
    const ended = await act(c.ws, { type: 'end', sessionId, outcome: { topic, targetGroup: 'selling', ageBand: 'unknown', referralGiven: false } });
    expect(ended.ok).toBe(true);
    const rows = await app.db.selectFrom('chat_outcomes').select('ended_on').where('topic', '=', topic).execute();
    expect(rows.map((r) => r.ended_on)).toEqual([date]);

    const sup = await new TestClient(app.app).signIn(await makeUser(app.db, [{ role: 'unit_manager', unit: 'Chattrådgivning' }]));
    const stats = await sup.get(`/api/chat/statistics?from=${date}&to=${date}`);
    expect(stats.body).toEqual(expect.arrayContaining([expect.objectContaining({ topic, count: 1 })]));
    await Promise.all([visitor.ws.close(), c.ws.close()]);
  });

  test.each([
    ['23:30 on a Thursday in winter, open', '2026-01-15T22:30:00Z', true],
    ['00:05 on the Friday after, closed', '2026-01-15T23:05:00Z', false],
    ['00:30 on a Tuesday in summer (22:30 UTC), closed', '2026-06-15T22:30:00Z', false],
    ['01:59 on the Sunday summer time starts, open', '2026-03-29T00:59:00Z', true],
    ['03:00 a minute later, closed', '2026-03-29T01:00:00Z', false],
  ] as const)('open evenings (Monday–Saturday 18–24, Sunday 00–02): at %s', async (_label, instant, open) => {
    await app.db.transaction().execute((tx) =>
      setOpeningHours(tx, [...[1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '18:00', closes: '24:00' })), { weekday: 7, opens: '00:00', closes: '02:00' }]),
    );
    now = new Date(instant);
    const status = await app.app.inject({ method: 'GET', url: '/api/chat/visitor/status' });
    expect(JSON.parse(status.body).open).toBe(open);
    const start = await app.app.inject({ method: 'POST', url: '/api/chat/visitor/sessions', payload: { targetGroup: 'young', language: 'sv' } });
    expect(start.statusCode).toBe(open ? 201 : 409);
  });
});
