import { sql, type Kysely } from 'kysely';

/**
 * The help portal's texts: one row per version of a page in a language. A version is written as a
 * draft and published by an editor; the page shows its latest published version, and every
 * version stays (the history).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table portal_page_versions (
      id uuid primary key default gen_random_uuid(),
      slug text not null check (slug ~ '^[a-z][a-z-]{1,40}$'),
      lang text not null check (lang ~ '^[a-z]{2}$'),
      version integer not null check (version > 0),
      title text not null check (length(title) between 1 and 200),
      body text not null check (length(body) <= 20000),
      status text not null default 'draft' check (status in ('draft', 'published')),
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      published_by uuid references users(id),
      published_at timestamptz,
      check ((status = 'published') = (published_at is not null)),
      unique (slug, lang, version)
    );
    create index portal_page_versions_published_idx on portal_page_versions (slug, lang, published_at desc) where status = 'published';
  `.execute(db);
}
