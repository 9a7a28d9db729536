import { randomBytes } from 'node:crypto';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import pg from 'pg';
import { Kysely as K, PostgresDialect } from 'kysely';
import type { Capability } from '../capability.ts';
import { APP_ROLE } from './database.ts';
import * as core0001 from './migrations/0001_core.ts';
import * as core0002 from './migrations/0002_session_revocation.ts';
import * as core0003 from './migrations/0003_audit_person_ids.ts';
import * as core0004 from './migrations/0004_oidc_identity.ts';
import * as core0005 from './migrations/0005_rate_limit_counters.ts';
import * as core0010 from './migrations/0010_idempotency_keys.ts';
import * as core0020 from './migrations/0020_job_queue.ts';

/**
 * Forward-only migrations: the core's, then those each capability's manifest declares. One list
 * for the embedded server and for production PostgreSQL; a name used twice stops the start.
 * Names sort in run order within a capability; a migration depends only on the core's and its own
 * capability's earlier ones, so one added later (a core migration numbered below a capability's
 * that a database has already run) still runs: the migrator allows unordered migrations.
 */
export function collectMigrations(capabilities: readonly Capability[]): Record<string, Migration> {
  const all: Record<string, Migration> = { '0001_core': core0001, '0002_session_revocation': core0002, '0003_audit_person_ids': core0003, '0004_oidc_identity': core0004, '0005_rate_limit_counters': core0005, '0010_idempotency_keys': core0010, '0020_job_queue': core0020 };
  for (const capability of capabilities) {
    for (const [name, migration] of Object.entries(capability.migrations ?? {})) {
      if (all[name]) throw new Error(`Migration ${name} of ${capability.name} is declared twice`);
      all[name] = migration;
    }
  }
  return all;
}

/** Tables the application may only read and append to. */
const APPEND_ONLY_TABLES = ['audit_log', 'audit_reviews'];

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

/**
 * The application logs in as a role of its own, not as the owner: a login role that is a member of
 * `utvag_app` and nothing else, so no SQL it runs can become the owner (`SET ROLE NONE` returns to
 * the login role itself). The sealer, which links audit entries into the hash chain, logs in as a
 * second role that may read the log and append seals, nothing more; the application may read the
 * seals but not write them. Each database has login roles of its own (a random name), so several
 * databases on one server never change each other's passwords; the names and passwords are kept
 * in a table only the owner can read. The owner needs CREATEROLE (or to be a superuser).
 */
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
  await sql.raw(`
    grant usage on schema public to ${APP_ROLE};
    grant select, insert, update, delete on all tables in schema public to ${APP_ROLE};
    grant usage, select on all sequences in schema public to ${APP_ROLE};
    revoke update, delete, truncate on ${APPEND_ONLY_TABLES.join(', ')} from ${APP_ROLE};
    revoke insert, update, delete, truncate on audit_seal from ${APP_ROLE};
    revoke all on kysely_migration, kysely_migration_lock from ${APP_ROLE};
    grant execute on function queue_job(text, json, integer) to ${APP_ROLE};
    create table if not exists login_credentials (purpose text primary key, role text not null, password text not null);
    revoke all on login_credentials from public;
    revoke all on login_credentials from ${APP_ROLE};
  `).execute(db);
  const app = await ensureLoginRole(db, 'app');
  const sealer = await ensureLoginRole(db, 'sealer');
  await sql.raw(`
    grant ${APP_ROLE} to ${app};
    grant usage on schema public to ${sealer};
    grant select on audit_log to ${sealer};
    grant select, insert on audit_seal to ${sealer};
  `).execute(db);
}

type LoginPurpose = 'app' | 'sealer';

/** The login role for a purpose: made (with a random name and password) the first time. */
async function ensureLoginRole(db: Kysely<unknown>, purpose: LoginPurpose): Promise<string> {
  const { rows } = await sql<{ role: string; exists: boolean }>`
    select c.role, exists (select from pg_roles r where r.rolname = c.role) as exists
    from login_credentials c where c.purpose = ${purpose}`.execute(db);
  if (rows[0]?.exists) return rows[0].role;
  const role = rows[0]?.role ?? `utvag_${purpose}_${randomBytes(6).toString('hex')}`;
  const password = randomBytes(24).toString('base64url');
  const { rows: names } = await sql<{ db: string }>`select current_database() as db`.execute(db);
  try {
    await sql.raw(`create role ${role} login nosuperuser nocreatedb nocreaterole noinherit password '${password}'`).execute(db);
  } catch (err) {
    if ((err as { code?: string }).code === '42501') {
      throw new Error(`The database owner may not create the application's login roles: grant it CREATEROLE (${(err as Error).message})`);
    }
    throw err;
  }
  // Tells which database a role belongs to, so that dropping a database can drop its roles too.
  await sql.raw(`comment on role ${role} is 'utvag ${purpose} login of database ${names[0]!.db.replace(/'/g, "''")}'`).execute(db);
  await sql`insert into login_credentials (purpose, role, password) values (${purpose}, ${role}, ${password})
    on conflict (purpose) do update set role = excluded.role, password = excluded.password`.execute(db);
  return role;
}

/**
 * The URLs the application and the sealer connect with: the owner's URL with the login role and its
 * password in place of the owner's. Read as the owner, after migrate().
 */
export async function loginUrls(ownerUrl: string): Promise<Record<LoginPurpose, string>> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ purpose: LoginPurpose; role: string; password: string }>('select purpose, role, password from login_credentials');
    const urlFor = (purpose: LoginPurpose) => {
      const row = rows.find((r) => r.purpose === purpose);
      if (!row) throw new Error(`No ${purpose} login role: run the migrations first`);
      const url = new URL(ownerUrl);
      url.username = row.role;
      url.password = row.password;
      return url.href;
    };
    return { app: urlFor('app'), sealer: urlFor('sealer') };
  } finally {
    await client.end();
  }
}
