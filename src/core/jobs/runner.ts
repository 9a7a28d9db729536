import { Logger as WorkerLogger, run, type Runner, type TaskList } from 'graphile-worker';
import pg from 'pg';
import type { Logger } from 'pino';
import type { JobDefinition } from '../capability.ts';
import type { AppDeps, JobsStatus } from '../http/server.ts';

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
  // A pool of our own: a connection the server ends (a restart, a dropped database) is an event
  // we log, not an unhandled error that takes the process down.
  // Small and quick to let go: the jobs are a few scheduled runs a day, and every idle connection
  // is a PostgreSQL backend (10–15 MB resident) — the job runner's were a fifth of the memory after
  // start. The LISTEN connection stays; a worker's connection closes a second after its poll.
  const pgPool = new pg.Pool({ connectionString: options.ownerUrl, max: 2, idleTimeoutMillis: 1000 });
  const lost = (err: Error) => options.logger.warn({ component: 'jobs', err: { code: (err as { code?: string }).code } }, 'job runner lost a database connection');
  pgPool.on('error', lost);
  pgPool.on('connect', (client) => client.on('error', lost));
  const runner: Runner = await run({
    pgPool,
    concurrency: 1,
    noHandleSignals: true,
    pollInterval: 2000,
    taskList: options.tasks,
    crontab: options.crontab,
    // graphile-worker's messages go to the application log (job names and ids, no personal data).
    // A failure's message quotes the error's own message (which may hold a value from a record), so
    // failures are logged by task and job id with the error through the redacting serializer instead.
    logger: new WorkerLogger(() => (level, message, meta) => {
      const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'info' ? 'info' : 'debug';
      const failure = meta as { error?: unknown; job?: { id: string; task_identifier: string; attempts: number } } | undefined;
      if (failure?.error !== undefined) {
        options.logger[method]({ component: 'jobs', task: failure.job?.task_identifier, jobId: failure.job?.id, attempt: failure.job?.attempts, err: failure.error }, 'job failed');
      } else {
        options.logger[method]({ component: 'jobs' }, message);
      }
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
      await pgPool.end().catch(() => {});
    },
  };
}

export const disabledJobs: Jobs = { state: () => 'disabled', stop: async () => {} };

/**
 * The runner's tasks for job definitions: a queued job's payload is checked against the job's
 * schema before the job sees it (a bad payload fails the run, logged without its content).
 */
export function taskListOf(jobs: ReadonlyArray<JobDefinition<unknown>>, deps: Omit<AppDeps, 'sessions'>): TaskList {
  return Object.fromEntries(jobs.map((j) => [j.name, (payload: unknown) => j.run(deps, j.payload ? j.payload.parse(payload) : undefined)]));
}
