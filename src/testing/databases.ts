import { afterAll, beforeAll, inject } from 'vitest';
import { createDatabase, dropDatabase, newDatabaseName } from './postgres.ts';
import { openDatabase, type DatabaseHandle } from '../core/db/database.ts';
import { loginUrls } from '../core/db/migrations.ts';

export interface TestDatabaseTarget {
  name: 'embedded' | 'postgres-server';
  /** A user that may create databases (and drop those it created), on the server's `postgres` database. */
  adminUrl: string;
  /** The database migrated once for this run, copied for every test database. */
  template: string;
}

/** Both database targets, as the global setup prepared them: `describe.each(databaseTargets())`. */
export function databaseTargets(): TestDatabaseTarget[] {
  return inject('databaseTargets');
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own: a copy of the migrated template (fast), or empty with `migrated: false`
 * (for tests of what starts or migrates a new database).
 */
export async function createTestDatabase(target: TestDatabaseTarget, options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = newDatabaseName();
  const url = await createDatabase(target.adminUrl, name, options.migrated === false ? undefined : target.template);
  return { url, drop: () => dropDatabase(target.adminUrl, name) };
}

export interface TestDatabaseHandle {
  /** Connection URL as the owner (set once the file's beforeAll has run). */
  readonly url: string;
  readonly target: TestDatabaseTarget;
}

/** A database for the tests of this describe block: created before them, dropped after them. */
export function useTestDatabase(target: TestDatabaseTarget, options: { migrated?: boolean } = {}): TestDatabaseHandle {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(target, options);
  });
  afterAll(async () => {
    await database?.drop();
  });
  return {
    target,
    get url() {
      if (!database) throw new Error(`no test database on ${target.name}: its beforeAll did not run or failed`);
      return database.url;
    },
  };
}

/**
 * The database as a running Utväg uses it: the application's login role (taking the restricted
 * application role) and the sealer's. For tests of the audit log's guarantees.
 */
export async function openAsUtvag(ownerUrl: string, poolSize = 4): Promise<{ app: DatabaseHandle; sealer: DatabaseHandle; close(): Promise<void> }> {
  const urls = await loginUrls(ownerUrl);
  const app = openDatabase(urls.app, poolSize);
  const sealer = openDatabase(urls.sealer, 2, { asAppRole: false });
  return { app, sealer, close: async () => void (await Promise.all([app.close(), sealer.close()])) };
}
