import { sql, type Kysely } from 'kysely';

/**
 * Districts (stadsdelar, nämnder; seed 003: a coordinator in each committee). A unit may belong to
 * one; a unit without a district serves the whole municipality (KAST, the chat).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table districts (
      id uuid primary key default gen_random_uuid(),
      name text not null unique,
      active boolean not null default true,
      created_at timestamptz not null default now()
    );
    alter table units add column district_id uuid references districts(id);
  `.execute(db);
}
