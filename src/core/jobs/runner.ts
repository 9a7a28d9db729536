import { Logger as WorkerLogger, run, type Runner, type TaskList } from 'graphile-worker';
import type { Logger } from 'pino';
import type { JobsStatus } from '../http/server.ts';

/**
 * Scheduled and background jobs on graphile-worker: jobs live in PostgreSQL (its own schema),
 * so several app instances share one queue and a cron entry runs once, not once per instance.
 */
export interface Jobs extends JobsStatus {
  stop(): Promise<void>;
}

export async function startJobs(options: {
  ownerUrl: string;
  tasks: TaskList;
  crontab: string;
  logger: Logger;
}): Promise<Jobs> {
  let state: 'running' | 'stopped' = 'running';
  const runner: Runner = await run({
    connectionString: options.ownerUrl,
    concurrency: 2,
    noHandleSignals: true,
    pollInterval: 2000,
    taskList: options.tasks,
    crontab: options.crontab,
    // graphile-worker's messages go to the application log (job names and ids, no personal data).
    logger: new WorkerLogger(() => (level, message) => {
      const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'info' ? 'info' : 'debug';
      options.logger[method]({ component: 'jobs' }, message);
    }),
  });
  runner.promise.then(
    () => (state = 'stopped'),
    (err: unknown) => {
      state = 'stopped';
      options.logger.error({ err }, 'job runner stopped');
    },
  );
  return {
    state: () => state,
    async stop() {
      if (state === 'running') await runner.stop();
      state = 'stopped';
    },
  };
}

export const disabledJobs: Jobs = { state: () => 'disabled', stop: async () => {} };
