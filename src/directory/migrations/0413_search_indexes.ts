import { sql, type Kysely } from 'kysely';

/**
 * Search indexes: one GIN index per language over the tsvector and the filter arrays together
 * (target groups, genders, languages), so that a search for words with a filter ("boende" for
 * transpersoner) is one bitmap scan of the matching rows instead of a scan of every entry; the
 * single-column indexes it replaces could not combine (EXPLAIN in bench/booking.ts's notes:
 * 8.5 ms with a sequential scan of 1 232 pages → 0.9 ms, 339 pages, over 5 000 entries).
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
