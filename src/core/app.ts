import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DestinationStream } from 'pino';
import type { Config } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedServer } from './db/embedded.ts';
import { loginUrls, migrate } from './db/migrations.ts';
import { sealAudit } from './audit-log/chain.ts';
import { CheckpointWriter, checkpointKey } from './audit-log/checkpoints.ts';
import { buildServer, clockOf, type App, type AppDeps, type RegisteredRoute } from './http/server.ts';
import type { Capability, JobDefinition } from './capability.ts';
import { addMessages } from './i18n/server.ts';
import { createLogger } from './logging.ts';
import { disabledJobs, startJobs, taskListOf, type Jobs } from './jobs/runner.ts';
import { retentionRulesOf, runRetention, type RetentionRule } from './retention-framework/framework.ts';
import { resealTotpSecrets, totpKeyring } from './auth/totp-keys.ts';

export const EMBEDDED_DATABASE_NAME = 'utvag';

export interface DatabaseConnection {
  ownerUrl: string;
  embedded: EmbeddedServer | undefined;
  stop(): Promise<void>;
}

/** Connects to the configured PostgreSQL, starting the embedded server when no DATABASE_URL is set. */
export async function connectDatabase(config: Config, options: { attachIfRunning?: boolean; log?: (l: string) => void } = {}): Promise<DatabaseConnection> {
  if (config.database.kind === 'external') return { ownerUrl: config.database.url, embedded: undefined, stop: async () => {} };
  const embedded = await startEmbeddedPostgres({ dir: config.database.dir, port: config.database.port, onLog: options.log, attachIfRunning: options.attachIfRunning });
  // A failure here (a signal stopping the server during start-up) must not leave the server or its
  // ownership marker behind.
  await ensureDatabase(embedded.adminUrl, EMBEDDED_DATABASE_NAME).catch(async (err: unknown) => {
    await embedded.stop().catch(() => {});
    throw err;
  });
  return { ownerUrl: embedded.urlFor(EMBEDDED_DATABASE_NAME), embedded, stop: () => embedded.stop() };
}

/** The secret that signs cookies and audit checkpoints: configured, or made once and kept in the data folder. */
export async function sessionSecret(config: Config): Promise<string> {
  if (config.sessionSecret) return config.sessionSecret;
  // Development and the embedded default: a secret made once and kept in the data folder.
  const file = path.join(config.dataDir, 'session-secret');
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    await fs.mkdir(config.dataDir, { recursive: true });
    await fs.writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
}

export interface RunningUtvag {
  app: App & { utvagRoutes: RegisteredRoute[] };
  url: string;
  database: DatabaseHandle;
  ownerUrl: string;
  embedded: EmbeddedServer | undefined;
  stop(): Promise<void>;
  /** The parts a stop in progress has not stopped yet (for the log when a stop misses its deadline). */
  notStopped(): string[];
}

export interface StartOptions {
  capabilities: readonly Capability[];
  logDestination?: DestinationStream;
  /** Use an already running database instead of connecting by config (tests). */
  ownerUrl?: string;
  listen?: boolean;
  /** The calendar clock (tests run at fixed instants); the system clock by default. */
  clock?: () => Date;
}

const SEAL_EVERY_MS = 5000;

/** Starts Utväg: database, migrations, jobs, audit sealer and HTTP server. */
export async function startUtvag(config: Config, options: StartOptions): Promise<RunningUtvag> {
  const logger = createLogger(config.logLevel, options.logDestination);
  for (const c of options.capabilities) if (c.messages) addMessages(c.messages);
  const retentionRules = retentionRulesOf(options.capabilities);
  const connection: DatabaseConnection = options.ownerUrl
    ? { ownerUrl: options.ownerUrl, embedded: undefined, stop: async () => {} }
    : await connectDatabase(config, { log: (l) => logger.debug({ embeddedPostgres: l }) });
  // What a failed start-up (a port in use, a signal) must close again before the database stops:
  // otherwise an open pool or the sealer's timer keeps the process alive with the server under it.
  const started: Array<() => Promise<unknown>> = [];
  try {
    await migrate(connection.ownerUrl, options.capabilities);
    // The app and the sealer log in as roles of their own; the owner's URL is used only for the
    // migrations and the job runner's schema.
    const urls = await loginUrls(connection.ownerUrl);
    const database = openDatabase(urls.app, config.poolSize);
    // The sealer works a moment every 5 s: its connection (a PostgreSQL backend, 10–15 MB resident)
    // is let go in between instead of idling for good.
    const sealerDb = openDatabase(urls.sealer, 1, { asAppRole: false, idleTimeoutMillis: 1000 });
    started.push(() => database.close(), () => sealerDb.close());
    // The jobs' deps are the server's; the job runner starts first, so they are filled in below.
    const deps = {} as Omit<AppDeps, 'sessions'>;
    const jobDefinitions = [
      {
        name: 'retention',
        cron: config.retentionCron,
        run: async () => {
          const result = await runRetention(database.db, retentionRules, 'schedule', { now: clockOf(deps)() });
          logger.info({ retention: result.counts, error: result.error }, 'retention run');
        },
      },
      ...options.capabilities.flatMap((c) => c.jobs ?? []),
    ];
    const jobs: Jobs = config.runJobs
      ? await startJobs({
          ownerUrl: connection.ownerUrl,
          crontab: jobDefinitions.filter((j) => j.cron).map((j) => `${j.cron} ${j.name}`).join('\n'),
          tasks: taskListOf(jobDefinitions as Array<JobDefinition<unknown>>, deps),
          logger,
        }).catch((err) => {
          logger.error({ err }, 'job runner failed to start');
          return { state: () => 'stopped' as const, stop: async () => {} };
        })
      : disabledJobs;
    started.unshift(() => jobs.stop());
    const secret = await sessionSecret(config);
    const totpKeys = await totpKeyring(config);
    // The migration path for secrets stored before encryption (and after a key change): every
    // start encrypts what is not yet under the current key.
    const resealed = await resealTotpSecrets(database.db, totpKeys);
    if (resealed.resealed > 0) logger.info({ totpSecretsEncrypted: resealed.resealed }, 'TOTP secrets encrypted under the current key');
    if (resealed.unreadable > 0) logger.warn({ totpSecretsUnreadable: resealed.unreadable }, 'TOTP secrets under an unknown key: set TOTP_ENCRYPTION_KEY_PREVIOUS to the old key');
    const checkpoints = new CheckpointWriter(config.dataDir, checkpointKey(secret), config.auditCheckpointMinutes * 60_000);
    const sealAndCheckpoint = async (force = false) => {
      await sealAudit(sealerDb.db);
      const line = await checkpoints.maybeWrite(database.db, force);
      // The application log is a second place outside the database where the head is kept.
      if (line) logger.info({ auditCheckpoint: line }, 'audit chain checkpoint');
    };
    // One tick at a time; stopping waits for the one in flight before the last seal and the pools close.
    let tick: Promise<void> | undefined;
    const sealer = setInterval(() => {
      if (tick) return;
      tick = sealAndCheckpoint()
        .catch((err) => logger.warn({ err }, 'audit sealing failed; will retry'))
        .finally(() => (tick = undefined));
    }, SEAL_EVERY_MS);
    sealer.unref();
    started.unshift(async () => {
      clearInterval(sealer);
      await tick;
    });

    Object.assign(deps, {
      config,
      capabilities: options.capabilities,
      db: database.db,
      databaseUrl: urls.app,
      sealAudit: () => sealAudit(sealerDb.db),
      jobs,
      sessionSecret: secret,
      totpKeys,
      retentionRules,
      logDestination: options.logDestination,
      clock: options.clock,
    } satisfies Omit<AppDeps, 'sessions'>);
    const app = await buildServer(deps);
    started.unshift(() => app.close());
    let url = '';
    if (options.listen !== false) url = await app.listen({ host: config.host, port: config.port });
    let stopped = false;
    // The parts in the order they stop; each is struck off when it has.
    const parts = [
      'HTTP server and services (sockets, chat consoles, LISTEN connections)',
      'audit sealer tick',
      'job runner',
      'final audit seal',
      'application database pool',
      'sealer database pool',
      ...(connection.embedded ? ['embedded PostgreSQL'] : []),
    ];
    const done = new Set<string>();
    const part = async (name: string, fn: () => Promise<unknown>) => {
      await fn();
      done.add(name);
    };
    return {
      app,
      url,
      database,
      ownerUrl: connection.ownerUrl,
      embedded: connection.embedded,
      notStopped() {
        if (!stopped) return [];
        const services = [...app.stoppingServices].map((name) => `services of ${name}`);
        return [...services, ...parts.filter((p) => !done.has(p))];
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        clearInterval(sealer);
        await part(parts[0]!, () => app.close());
        await part(parts[1]!, async () => tick);
        await part(parts[2]!, () => jobs.stop().catch((err) => logger.warn({ err }, 'job runner did not stop cleanly')));
        await part(parts[3]!, () => sealAndCheckpoint(true).catch(() => {}));
        await part(parts[4]!, () => database.close());
        await part(parts[5]!, () => sealerDb.close());
        if (connection.embedded) await part(parts[6]!, () => connection.stop());
        else await connection.stop();
      },
    };
  } catch (err) {
    for (const close of started) await close().catch(() => {});
    await connection.stop().catch(() => {});
    throw err;
  }
}
