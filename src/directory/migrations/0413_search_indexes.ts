import { sql, type Kysely } from 'kysely';

/**
 * Search indexes: one GIN index per language over the tsvector and the filter arrays together
 * (target groups, genders, languages), so that a search for words with a filter ("boende" for
 * transpersoner) is one bitmap scan of the matching rows instead of a scan of every entry; the
 * single-column indexes it replaces were not used for it. EXPLAIN (ANALYZE, BUFFERS) on the bench's
 * 5 000 entries, "boende" for trans, age 19: a sequential scan of 1 232 pages (8.5 ms) became a
 * bitmap scan of 343 (0.9 ms). A word most entries carry still scans them all (rank needs every match).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists directory_search_sv_idx;
    drop index if exists directory_search_en_idx;
    drop index if exists directory_genders_idx;
    drop index if exists directory_groups_idx;
    create index directory_find_sv_idx on directory_entries using gin (search_sv, target_groups, genders, languages);
    create index directory_find_en_idx on directory_entries using gin (search_en, target_groups, genders, languages);
  `.execute(db);
}
