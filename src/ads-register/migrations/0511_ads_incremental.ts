import { sql, type Kysely } from 'kysely';

/**
 * The register groups incrementally: what the engine needs to find an ad's candidates is stored and
 * indexed, so an import reads the neighbourhood of its ads, not the register.
 * - `seq`: the placement order (the engine's order; a group is named by its first ad).
 * - `cluster_id`: the connected component of the raw links (before splits and the guard), named by
 *   its first ad's seq: a regrouping recomputes the clusters it touches and nothing else.
 * - `ads_identifiers`: per phone or e-mail HMAC, the first ad that showed it (an ad sharing it links there).
 * - `ads_text_buckets`: the LSH band keys of the MinHash signatures (at most BUCKET_CAP ads per key).
 * - `ads_image_buckets`: the four 16-bit blocks of each perceptual hash (two hashes within distance 3
 *   share one block: pigeonhole), at most BUCKET_CAP entries per key.
 * - `ads_import_files`: an uploaded file waiting for its import job, sealed (AES-GCM) under a key
 *   derived from ADS_HMAC_KEY, which is never in the database; deleted when the job ends.
 * Ads stored before this migration are placed again, in their order, by the same path (see store.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table ads_ads add column seq integer, add column cluster_id integer;
    update ads_ads set seq = r.n from (select url, row_number() over (order by first_seen_at, url) as n from ads_ads) r where r.url = ads_ads.url;
    update ads_ads set cluster_id = seq;
    create sequence ads_ads_seq owned by ads_ads.seq;
    select setval('ads_ads_seq', coalesce((select max(seq) from ads_ads), 0) + 1, false);
    alter table ads_ads alter column seq set default nextval('ads_ads_seq'), alter column seq set not null;
    create unique index ads_ads_seq_idx on ads_ads (seq);
    create index ads_ads_cluster_idx on ads_ads (cluster_id);

    create table ads_identifiers (key text primary key, seq integer not null references ads_ads(seq) on delete cascade);
    create table ads_text_buckets (
      key integer not null,
      band smallint not null,
      seq integer not null references ads_ads(seq) on delete cascade,
      primary key (key, seq, band)
    );
    create table ads_image_buckets (
      key integer not null,
      seq integer not null references ads_ads(seq) on delete cascade,
      image text not null check (image ~ '^[0-9a-f]{16}$'),
      primary key (key, seq, image)
    );
    create index ads_text_buckets_seq_idx on ads_text_buckets (seq);
    create index ads_image_buckets_seq_idx on ads_image_buckets (seq);
    create index ads_identifiers_seq_idx on ads_identifiers (seq);
    create index ads_links_b_idx on ads_links (url_b);
    create index ads_decisions_b_idx on ads_decisions (url_b);

    create table ads_import_files (
      import_id uuid primary key references ads_imports(id) on delete cascade,
      sealed bytea not null,
      allow_partial boolean not null default false
    );
  `.execute(db);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ads_ads`.execute(db);
  if (rows[0]!.n > 0) {
    const { replaceIndex } = await import('../store.ts');
    await replaceIndex(db as never);
  }
}
