import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the pool or a transaction: store functions take this so callers decide the boundary. */
export type Executor = Db | Tx;

/** The restricted role the application runs as: it may not UPDATE or DELETE the audit log. */
export const APP_ROLE = 'utvag_app';

// bigint ids (audit log) arrive as strings; counts are small enough for numbers.
pg.types.setTypeParser(20, (v) => (v.length < 16 ? Number(v) : v));
// Dates (without time) stay ISO strings: no time zone can shift them.
pg.types.setTypeParser(1082, (v) => v);

export interface DatabaseHandle {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * Opens a pool. The application's connections log in as its own login role (see loginUrls in
 * migrations.ts) and take the restricted application role at start-up, so that even a bug in
 * Utväg cannot rewrite history in the audit log; `asAppRole: false` for the owner and the sealer.
 */
export function openDatabase(url: string, poolSize = 20, options: { asAppRole?: boolean; idleTimeoutMillis?: number } = {}): DatabaseHandle {
  const asAppRole = options.asAppRole ?? true;
  // Startup options, not a SET after connecting: a connection that cannot take the role fails
  // instead of silently running as the owner.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    options: `-c TimeZone=UTC${asAppRole ? ` -c role=${APP_ROLE}` : ''}`,
  });
  // An idle client losing its server (restart, crash) must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, close: () => db.destroy() };
}
