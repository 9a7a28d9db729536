import { Writable } from 'node:stream';
import { quickAddJob } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../logging.ts';
import { databaseTargets, useTestDatabase } from '../../testing/databases.ts';
import { startJobs, type Jobs } from './runner.ts';

/** A failing background job is logged by task and place, never by its error message. */
describe.each(databaseTargets())('job runner log ($name)', (target) => {
  const database = useTestDatabase(target);
  let jobs: Jobs;
  let logged = '';

  beforeAll(async () => {
    const logger = createLogger('debug', new Writable({ write: (chunk, _enc, cb) => ((logged += String(chunk)), cb()) }));
    jobs = await startJobs({
      ownerUrl: database.url,
      crontab: '',
      logger,
      tasks: {
        failing: async () => {
          throw new Error('could not notify Signe Jobbtestsdotter, 19121212-1212');
        },
      },
    });
  });
  afterAll(async () => {
    await jobs?.stop();
  });

  test('the failure is logged without the message', async () => {
    expect(jobs.state()).toBe('running');
    await quickAddJob({ connectionString: database.url }, 'failing', {}, { maxAttempts: 1 });
    await expect.poll(() => logged.includes('"msg":"job failed"'), { timeout: 20_000, interval: 200 }).toBe(true);
    const line = JSON.parse(logged.split('\n').find((l) => l.includes('"msg":"job failed"'))!) as { task: string; err: { type: string; at: string[] } };
    expect(line.task).toBe('failing');
    expect(line.err.type).toBe('Error');
    expect(line.err.at[0]).toMatch(/runner\.test\.ts:\d+/);
    expect(logged).not.toMatch(/Signe|Jobbtestsdotter|19121212|1212-1212/);
  });
});
