import { sql, type Kysely } from 'kysely';

/**
 * Indexes the case page, the journal pages and the case lists ask for (plans on 100 000 cases and
 * 1 000 000 journal entries: bench/explain.ts).
 *
 * - The journal in the order every reader walks it, newest first with the id as tie-break, so the
 *   case page's latest 20 and each "older entries" page (keyset: (written_at, id) < cursor) are an
 *   index range in order that stops at the page, and the entry count is an index-only scan.
 * - A unit's list and "mine", newest first: the index order of the answer (opened_at desc, id), and
 *   the columns the list shows and filters on carried in the index, so that filtered rows (awaiting
 *   assessment, an age group, buyers apart) are skipped in the index and the page is read
 *   index-only where the visibility map allows.
 * - Search by name or pseudonym (`ilike '%…%'`): trigram indexes, so a search is a bitmap of the
 *   matching persons rather than a scan of every person. (The persons table is the persons
 *   capability's; the index is here because only the case search needs it.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index journal_case_written_idx on journal_entries (case_id, written_at desc, id desc);
    drop index journal_case_idx;

    create index cases_unit_list_idx on cases (unit_id, opened_at desc, id)
      include (status, person_role, age_group, victim, assessment_due, assigned_to, person_id, exploitation_types);
    drop index cases_unit_opened_idx;
    create index cases_assigned_list_idx on cases (assigned_to, opened_at desc, id)
      include (unit_id, status, person_role, age_group, victim, assessment_due, person_id, exploitation_types);
    drop index cases_assigned_idx;

    create extension if not exists pg_trgm;
    create index persons_name_trgm_idx on persons using gin (name gin_trgm_ops);
    create index persons_pseudonym_trgm_idx on persons using gin (pseudonym gin_trgm_ops);
  `.execute(db);
}
