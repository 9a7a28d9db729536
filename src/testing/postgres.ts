import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { capabilities } from '../capabilities.ts';
import { migrate } from '../core/db/migrations.ts';

/**
 * Databases for tests, on any PostgreSQL the suite runs against (no vitest here: the global setup
 * uses it too). Every migrated test database is a copy of one template migrated once per run.
 */

/** The URL of another database on the same server, as the same user. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.href;
}

/** A URL fit to print: the password left out. */
export function printableUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.href;
}

/** One connection for the length of fn. */
export async function withClient<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function newDatabaseName(prefix = 'utvag_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** Creates a database, empty or as a copy of a template. */
export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  await withClient(adminUrl, (c) => c.query(`create database ${c.escapeIdentifier(name)}${template ? ` template ${c.escapeIdentifier(template)}` : ''}`));
  return databaseUrl(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (c) => {
    await c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`);
    // The login roles Utväg made for this database (migrate() names the database in their comment);
    // copies of a template share the template's, which go with the template.
    const { rows } = await c.query<{ rolname: string }>(
      `select r.rolname from pg_roles r join pg_shdescription d on d.objoid = r.oid and d.classoid = 'pg_authid'::regclass
       where d.description in ($1, $2)`,
      [`utvag app login of database ${name}`, `utvag sealer login of database ${name}`],
    );
    for (const r of rows) await c.query(`drop role if exists ${c.escapeIdentifier(r.rolname)}`);
  });
}

/**
 * The template every migrated test database is copied from: created and migrated once per run.
 * The only place the test suite runs the migrations on a test database.
 */
export async function createMigratedTemplate(adminUrl: string): Promise<string> {
  const name = newDatabaseName('utvag_template');
  const url = await createDatabase(adminUrl, name);
  await migrate(url, capabilities);
  // migrate() has closed its connections. A template cannot be copied while anyone is connected
  // to it, so nobody may connect from now on (CREATE DATABASE ... TEMPLATE needs no connection).
  await withClient(adminUrl, (c) => c.query(`alter database ${c.escapeIdentifier(name)} with allow_connections false`));
  return name;
}

/** Whether a PostgreSQL server answers at the URL (and lets this user in). */
export async function answers(url: string): Promise<boolean> {
  try {
    await withClient(url, async () => {});
    return true;
  } catch {
    return false;
  }
}

/**
 * Sets up a server as an operator sets up an external production PostgreSQL for Utväg: a login
 * role of its own that owns the databases it creates, with a password, and no superuser rights.
 * Returns that role's URL of the maintenance database.
 */
export async function createOwnerRole(superuserUrl: string, role = 'utvag_owner'): Promise<string> {
  const password = randomBytes(18).toString('base64url');
  await withClient(superuserUrl, (c) =>
    c.query(`create role ${c.escapeIdentifier(role)} login nosuperuser createdb createrole password ${c.escapeLiteral(password)}`),
  );
  const url = new URL(superuserUrl);
  url.username = role;
  url.password = password;
  url.pathname = '/postgres';
  return url.href;
}
