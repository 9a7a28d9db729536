import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { defineJob } from '../capability.ts';
import { createLogger } from '../logging.ts';
import { databaseTargets, useTestApp } from '../../testing/harness.ts';
import { queueJob } from './queue.ts';
import { startJobs, taskListOf, type Jobs } from './runner.ts';

/** A job queued by the application with a payload, in its own transaction, run by a runner. */
describe.each(databaseTargets())('queued jobs with a payload ($name)', (target) => {
  // The app's own runner makes graphile-worker's schema; it does not know the test's task.
  const t = useTestApp(target, { env: { RUN_JOBS: 'true' } });
  const received: unknown[] = [];
  const echo = defineJob({
    name: 'test-echo',
    payload: z.object({ n: z.number().int() }),
    maxAttempts: 1,
    run: async (_deps, payload) => void received.push(payload),
  });
  let jobs: Jobs | undefined;
  afterAll(async () => {
    await jobs?.stop();
  });

  test('a committed transaction queues its job with the payload; a rolled-back one queues nothing', { timeout: 60_000 }, async () => {
    await t.db.transaction().execute((tx) => queueJob(tx, echo, { n: 1 }));
    await expect(
      t.db.transaction().execute(async (tx) => {
        await queueJob(tx, echo, { n: 2 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await t.db.transaction().execute((tx) => queueJob(tx, echo, { n: 3 }));
    // A payload that is not the job's is refused before anything is queued.
    await expect(t.db.transaction().execute((tx) => queueJob(tx, echo, { n: 'x' } as never))).rejects.toThrow();
    // The application's role queues only through queue_job, never by writing graphile-worker's schema.
    await expect(sql`select graphile_worker.add_job('test-echo', '{"n": 4}'::json)`.execute(t.db)).rejects.toThrow(/permission denied/);

    jobs = await startJobs({ ownerUrl: t.app.ownerUrl, crontab: '', logger: createLogger('warn', new Writable({ write: (_c, _e, cb) => cb() })), tasks: taskListOf([echo], {} as never) });
    await expect.poll(() => received.length, { timeout: 30_000, interval: 100 }).toBe(2);
    expect(received).toEqual([{ n: 1 }, { n: 3 }]);
  });
});
