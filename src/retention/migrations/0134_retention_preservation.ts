import { sql, type Kysely } from 'kysely';

/**
 * Bevarande (SoF 7 kap. 2 §): the municipality's setting of which social-services records are kept
 * instead of culled — the persons born on certain days (the law's 5th, 15th and 25th, or more), or
 * every record (Göteborg and others keep all by decision). One row; the retention run reads it.
 * Each run also records what it kept although past its time, and why.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table retention_preservation (
      id boolean primary key default true check (id),
      mode text not null check (mode in ('birth_days', 'all')),
      birth_days integer[] not null check (birth_days @> array[5, 15, 25] and birth_days <@ array[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31]),
      decision text,
      updated_by uuid references users(id),
      updated_at timestamptz not null default now(),
      check (mode <> 'all' or decision is not null)
    );
    insert into retention_preservation (mode, birth_days) values ('birth_days', array[5, 15, 25]);
    alter table retention_runs add column kept jsonb not null default '{}';
  `.execute(db);
}
