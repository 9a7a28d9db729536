import { sql, type Kysely } from 'kysely';

/**
 * The online ads register. Data minimisation: identifiers only as keyed HMACs, images only as 64-bit
 * perceptual hashes, the raw text only until the retention rule clears it. No table points at a
 * person or a case.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ads_imports (
      id uuid primary key default gen_random_uuid(),
      file_name text not null,
      state text not null check (state in ('running', 'done', 'failed')),
      total_rows integer not null default 0,
      done_rows integer not null default 0,
      imported integer not null default 0,
      errors jsonb not null default '[]',
      warnings jsonb not null default '[]',
      started_at timestamptz not null default now(),
      finished_at timestamptz
    );

    create table ads_ads (
      url text primary key,
      site text,
      city text,
      first_seen_at timestamptz not null,
      last_seen_at timestamptz not null,
      observations integer not null default 1,
      phone_hmacs text[] not null default '{}',
      email_hmacs text[] not null default '{}',
      image_hashes text[] not null default '{}',
      -- kept for the text similarity; emptied by the retention rule, the signature stays
      raw_text text,
      text_signature bytea,
      group_id text,
      imported_at timestamptz not null default now()
    );
    create index ads_ads_group_idx on ads_ads (group_id);
    create index ads_ads_text_kept_idx on ads_ads (imported_at) where raw_text is not null;

    create table ads_links (
      url_a text not null references ads_ads(url) on delete cascade,
      url_b text not null references ads_ads(url) on delete cascade,
      kind text not null check (kind in ('phone', 'email', 'text', 'image', 'confirmed')),
      similarity real not null,
      primary key (url_a, url_b, kind)
    );

    create table ads_decisions (
      url_a text not null,
      url_b text not null,
      decision text not null check (decision in ('confirmed', 'split')),
      decided_by uuid references users(id),
      decided_at timestamptz not null default now(),
      primary key (url_a, url_b)
    );
  `.execute(db);
}
