import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../core/db/migrations.ts';

export interface TestDatabaseTarget {
  name: 'embedded' | 'postgres-server';
  adminUrl: string;
}

/** Both database targets; database tests run `describe.each(databaseTargets())`. */
export function databaseTargets(): TestDatabaseTarget[] {
  return [
    { name: 'embedded', adminUrl: inject('embeddedAdminUrl') },
    { name: 'postgres-server', adminUrl: inject('serverAdminUrl') },
  ];
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty, migrated database of its own for one test file. */
export async function createTestDatabase(target: TestDatabaseTarget, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `utvag_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: target.adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(target.adminUrl);
  url.pathname = `/${name}`;
  if (options.migrate !== false) await migrate(url.href);
  return {
    url: url.href,
    async drop() {
      const c = new pg.Client({ connectionString: target.adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
