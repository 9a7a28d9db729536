import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/**
 * A store for @fastify/rate-limit that counts in PostgreSQL, so that several instances behind a
 * balancer share one budget per client instead of each granting its own.
 *
 * A client's window starts with its first request and ends a time window later on the database's
 * clock (every instance agrees on it); the first request after its end starts a new one. One upsert
 * per counted request (`insert … on conflict do update … returning`), one row per route and client.
 * Only the routes that declare a rate limit count — the public routes and sign-in; signed-in
 * staff routes have none, so an authenticated read makes no extra round trip.
 *
 * Once a client is over its budget on this instance, the rest of its window is refused from memory
 * without asking the database: a flood costs the database one write per client and window, not
 * one per request. The address is kept only as a keyed hash (HMAC with the session secret), like
 * the sign-in throttle's.
 */
export interface RateLimitResult {
  current: number;
  ttl: number;
}

type Callback = (err: Error | null, result?: RateLimitResult) => void;

/** The options @fastify/rate-limit passes to `child` (the merged route options). */
interface RouteOptions {
  routeInfo?: { method?: string | string[]; url?: string };
}

const CLEANUP_EVERY_MS = 60_000;
const MAX_BLOCKED_KEYS = 10_000;

export interface SharedCounters {
  /** Counts one request in the current window; returns the window's count and the milliseconds left in it. */
  hit(bucket: string, clientKey: string, windowMs: number): Promise<RateLimitResult>;
  /** The count of the current window without counting. */
  peek(bucket: string, clientKey: string): Promise<RateLimitResult>;
  /** Removes counters whose window ended more than a minute ago. */
  cleanup(): Promise<number>;
}

export function sharedCounters(db: Db): SharedCounters {
  return {
    async hit(bucket, clientKey, windowMs) {
      const { rows } = await sql<{ hits: number; ttl: number }>`
        insert into rate_limit_counters as c (bucket, client_key, hits, expires_at)
        values (${bucket}, ${clientKey}, 1, now() + make_interval(secs => ${windowMs}::float8 / 1000))
        on conflict (bucket, client_key) do update
          set hits = case when c.expires_at <= now() then 1 else c.hits + 1 end,
              expires_at = case when c.expires_at <= now() then excluded.expires_at else c.expires_at end
        returning c.hits, greatest(0, ceil(extract(epoch from (c.expires_at - now())) * 1000))::int as ttl`.execute(db);
      return { current: rows[0]!.hits, ttl: rows[0]!.ttl };
    },
    async peek(bucket, clientKey) {
      const { rows } = await sql<{ hits: number; ttl: number }>`
        select hits, greatest(0, ceil(extract(epoch from (expires_at - now())) * 1000))::int as ttl
          from rate_limit_counters
         where bucket = ${bucket} and client_key = ${clientKey} and expires_at > now()`.execute(db);
      return rows[0] ? { current: rows[0].hits, ttl: rows[0].ttl } : { current: 0, ttl: 0 };
    },
    async cleanup() {
      const r = await db.deleteFrom('rate_limit_counters').where('expires_at', '<', sql<Date>`now() - interval '1 minute'`).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

/** The store class @fastify/rate-limit instantiates (`store:` option), bound to the database and the key secret. */
export function postgresRateLimitStore(db: Db, secret: string, onError: (err: unknown) => void) {
  const counters = sharedCounters(db);
  const keyOf = (key: string) => createHmac('sha256', secret).update(`rate limit\0${key}`).digest('base64url').slice(0, 32);
  let lastCleanup = 0;
  const cleanupNow = () => {
    const now = Date.now();
    if (now - lastCleanup < CLEANUP_EVERY_MS) return;
    lastCleanup = now;
    counters.cleanup().catch(onError);
  };

  class PostgresRateLimitStore {
    readonly bucket: string;
    /** Clients over their budget on this instance, until their window ends (epoch ms). */
    readonly blocked = new Map<string, number>();

    constructor(_globalOptions?: unknown, bucket = 'global') {
      this.bucket = bucket;
    }

    incr(key: string, cb: Callback, timeWindow: number, max: number): void {
      const clientKey = keyOf(key);
      const until = this.blocked.get(clientKey);
      const now = Date.now();
      if (until !== undefined && until > now) {
        cb(null, { current: max + 1, ttl: until - now });
        return;
      }
      if (until !== undefined) this.blocked.delete(clientKey);
      cleanupNow();
      counters.hit(this.bucket, clientKey, timeWindow).then(
        (result) => {
          if (result.current > max && result.ttl > 0) this.block(clientKey, now + result.ttl);
          cb(null, result);
        },
        (err: unknown) => cb(err as Error),
      );
    }

    read(key: string, cb: Callback): void {
      counters.peek(this.bucket, keyOf(key)).then(
        (result) => cb(null, result),
        (err: unknown) => cb(err as Error),
      );
    }

    child(routeOptions: object): PostgresRateLimitStore {
      // The merged options of a route; routeInfo is the route being registered.
      const info = (routeOptions as RouteOptions).routeInfo ?? {};
      const method = Array.isArray(info.method) ? info.method.join(',') : (info.method ?? '');
      return new PostgresRateLimitStore(undefined, info.url ? `${method} ${info.url}` : this.bucket);
    }

    private block(clientKey: string, until: number) {
      if (this.blocked.size >= MAX_BLOCKED_KEYS) {
        const now = Date.now();
        for (const [k, u] of this.blocked) if (u <= now) this.blocked.delete(k);
        if (this.blocked.size >= MAX_BLOCKED_KEYS) return; // the database still answers for them
      }
      this.blocked.set(clientKey, until);
    }
  }
  return PostgresRateLimitStore;
}
