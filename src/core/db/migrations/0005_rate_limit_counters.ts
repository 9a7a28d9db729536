import { sql, type Kysely } from 'kysely';

/**
 * Request counters of the rate limits (public routes and sign-in), shared by every instance:
 * one row per route and client (a keyed hash of the address, never the address), counting the
 * requests of its window: the window starts with the client's first request and, once it has
 * ended, the next request starts a new one (as @fastify/rate-limit's own in-memory store does).
 *
 * UNLOGGED on purpose: a counter is worth a minute, it is written on every public request, and
 * an unlogged table writes no WAL for it. What is lost with that — the counters after a crash of
 * the database server (PostgreSQL empties unlogged tables on crash recovery), and their copy on a
 * streaming replica — only gives every client a fresh window once. Sign-in lock-outs are not kept
 * here: `sign_in_throttle` is an ordinary table, a crash must not lift a lock.
 *
 * Rows are removed a minute after their window ends by the instance that counts (at most once a
 * minute) and by the nightly sign-in residue retention rule.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create unlogged table rate_limit_counters (
      bucket text not null,
      client_key text not null,
      hits integer not null,
      expires_at timestamptz not null,
      primary key (bucket, client_key)
    );
    create index rate_limit_counters_expires_idx on rate_limit_counters (expires_at);
  `.execute(db);
}
