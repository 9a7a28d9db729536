import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import pg from 'pg';
import { Kysely as K, PostgresDialect } from 'kysely';
import type { Capability } from '../capability.ts';
import { APP_ROLE } from './database.ts';
import * as core0001 from './migrations/0001_core.ts';
import * as core0002 from './migrations/0002_session_revocation.ts';
import * as core0003 from './migrations/0003_audit_person_ids.ts';

/**
 * Forward-only migrations: the core's, then those each capability's manifest declares. One list
 * for the embedded server and for production PostgreSQL; a name used twice stops the start.
 * Names sort in run order within a capability; a migration depends only on the core's and its own
 * capability's earlier ones, so one added later (a core migration numbered below a capability's
 * that a database has already run) still runs: the migrator allows unordered migrations.
 */
export function collectMigrations(capabilities: readonly Capability[]): Record<string, Migration> {
  const all: Record<string, Migration> = { '0001_core': core0001, '0002_session_revocation': core0002, '0003_audit_person_ids': core0003 };
  for (const capability of capabilities) {
    for (const [name, migration] of Object.entries(capability.migrations ?? {})) {
      if (all[name]) throw new Error(`Migration ${name} of ${capability.name} is declared twice`);
      all[name] = migration;
    }
  }
  return all;
}

/** Tables the application role may only read and append to. */
const APPEND_ONLY_TABLES = ['audit_log', 'audit_seal'];

/**
 * Runs pending migrations as the owner (the DATABASE_URL user), then (re)grants the application
 * role exactly what it needs. Safe to run on every start.
 */
export async function migrate(ownerUrl: string, capabilities: readonly Capability[]): Promise<string[]> {
  const migrations = collectMigrations(capabilities);
  const pool = new pg.Pool({ connectionString: ownerUrl, max: 1 });
  const db: Kysely<unknown> = new K({ dialect: new PostgresDialect({ pool }) });
  try {
    // Serialises concurrent starts of several instances on one database.
    return await db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(7400)`.execute(conn);
      try {
        const migrator = new Migrator({ db: conn, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
        const { error, results } = await migrator.migrateToLatest();
        if (error) throw error instanceof Error ? error : new Error(String(error));
        await grantApplicationRole(conn);
        return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
      } finally {
        await sql`select pg_advisory_unlock(7400)`.execute(conn);
      }
    });
  } finally {
    await db.destroy();
  }
}

async function grantApplicationRole(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    do $$ begin
      -- A role the DBA created beforehand is used as it is: an owner without CREATEROLE may not
      -- even attempt CREATE ROLE.
      if not exists (select from pg_roles where rolname = '${APP_ROLE}') then
        create role ${APP_ROLE} nologin;
      end if;
    exception when duplicate_object or unique_violation then null;
    end $$;
  `).execute(db);
  // The owner must be a member to SET ROLE (superusers always may).
  await sql.raw(`
    do $$ begin
      execute format('grant ${APP_ROLE} to %I', current_user);
    exception when others then null;
    end $$;
  `).execute(db);
  await sql.raw(`
    grant usage on schema public to ${APP_ROLE};
    grant select, insert, update, delete on all tables in schema public to ${APP_ROLE};
    grant usage, select on all sequences in schema public to ${APP_ROLE};
    revoke update, delete, truncate on ${APPEND_ONLY_TABLES.join(', ')} from ${APP_ROLE};
    revoke all on kysely_migration, kysely_migration_lock from ${APP_ROLE};
  `).execute(db);
}
