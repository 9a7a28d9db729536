import type { Migration } from 'kysely';
import type { ZodType } from 'zod';
import type { Permission } from './access/policy.ts';
import type { Db } from './db/database.ts';
import type { App, AppDeps } from './http/server.ts';
import type { MessageBundle } from './i18n/server.ts';
import type { RetentionRule } from './retention-framework/framework.ts';

/** A label in both languages of the staff interface. */
export interface Label {
  sv: string;
  en: string;
}

/**
 * What a capability runs beside its routes (listeners, timers): made when the server is built,
 * started when it is ready to listen, stopped before the database closes. One per app instance,
 * so several apps in one process (tests) never share one.
 */
export interface Services {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A job run by the shared job runner (graphile-worker), at most once per cron tick across instances,
 * or queued by code with a payload (`queueJob` in core/jobs/queue.ts) and run by whichever
 * instance's runner is free.
 */
export interface JobDefinition<P = undefined> {
  name: string;
  /** Crontab time fields, e.g. `15 2 * * *`; omitted for jobs only queued by code. */
  cron?: string;
  /** What a queued run carries (small: ids, not data), validated when queued and before it runs. */
  payload?: ZodType<P>;
  /** Attempts before the runner gives up on a queued run (graphile-worker's default otherwise). */
  maxAttempts?: number;
  run(deps: Omit<AppDeps, 'sessions'>, payload: P): Promise<void>;
}

/** Declares a job with a typed payload. */
export function defineJob<P>(job: JobDefinition<P>): JobDefinition<unknown> {
  return job as JobDefinition<unknown>;
}

/**
 * A capability is one folder and this one object: everything the core needs to know about it.
 * The core imports no capability; `src/capabilities.ts` lists them and the core reads this.
 */
export interface Capability {
  name: string;
  /** Forward-only migrations; names sort in run order across all capabilities (e.g. `0110_cases`). */
  migrations?: Record<string, Migration>;
  /** The permissions this capability introduces (who holds them is the role table in policy.ts). */
  permissions?: readonly Permission[];
  /**
   * Its tables whose rows belong to a unit: every query on them starts from the capability's
   * scoped base (see scope.ts), or says on the line why it need not (`// scope: …`); a test checks.
   */
  scopedTables?: readonly string[];
  /** Every audit record type it writes, with the label the log review shows. */
  auditRecordTypes?: Record<string, Label>;
  /** The purpose recorded in the audit log for its routes unless a route says otherwise. */
  auditPurpose?: string;
  /**
   * Every purpose its routes and jobs record in the audit log (its `auditPurpose` and any a route
   * or a call names), with the label the log review shows. Each purpose is labelled by one capability.
   */
  auditPurposes?: Record<string, Label>;
  /** Every field name its audit entries list, with the label the log review shows. */
  auditFields?: Record<string, Label>;
  /** Error messages its routes may answer with (i18n keys under `errors.`). */
  messages?: MessageBundle;
  retentionRules?: readonly RetentionRule[];
  jobs?: ReadonlyArray<JobDefinition<unknown>>;
  /** Fictional demo content, loaded after the demo organisation (in registry order). */
  demo?(db: Db): Promise<void>;
  /**
   * Demo content that points at another capability's demo content (a canned chat answer at a
   * directory entry): run after every capability's `demo`, so the order of the registry does not matter.
   */
  demoLinks?(db: Db): Promise<void>;
  /** Registers the HTTP routes; `services` is what `services()` made for this app. */
  routes?(app: App, deps: AppDeps, services: unknown): void | Promise<void>;
  services?(app: App, deps: AppDeps): Services;
}

/**
 * Declares a capability with typed services: the routes receive exactly what `services` made.
 * A capability without services can be written as a plain `Capability` object.
 */
export function defineCapability<S extends Services | undefined = undefined>(
  capability: Omit<Capability, 'routes' | 'services'> & {
    services?: (app: App, deps: AppDeps) => S & Services;
    routes?: (app: App, deps: AppDeps, services: S) => void | Promise<void>;
  },
): Capability {
  return capability as Capability;
}
