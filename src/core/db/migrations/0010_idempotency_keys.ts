import { sql, type Kysely } from 'kysely';

/**
 * The first result of each create request sent with an `Idempotency-Key` (see core/http/idempotency.ts):
 * the same key from the same user on the same route within 24 hours returns it and writes nothing new.
 * A row goes with its user, and after a day by the retention rule `idempotency_key`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table idempotency_keys (
      user_id uuid not null references users(id) on delete cascade,
      key text not null,
      route text not null,
      result jsonb,
      created_at timestamptz not null default now(),
      primary key (user_id, key, route)
    );
    create index idempotency_keys_created_at on idempotency_keys (created_at);
  `.execute(db);
}
