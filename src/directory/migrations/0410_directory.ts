import { sql, type Kysely } from 'kysely';

/**
 * The resource directory, searched in Swedish and English (full-text, one stored tsvector per
 * language made from the search text the rules compose), and referrals to its entries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table directory_entries (
      id uuid primary key default gen_random_uuid(),
      well_known text unique,
      name text not null,
      kind text not null check (kind in ('municipal', 'regional', 'national', 'civil_society', 'authority', 'healthcare')),
      offer_sv text not null,
      offer_en text not null,
      target_groups text[] not null default '{}',
      age_min integer check (age_min between 0 and 120),
      age_max integer check (age_max between 0 and 120),
      genders text[] not null default '{}',
      languages text[] not null default '{}',
      opening_hours text not null default '',
      phone text,
      email text,
      web text,
      address text,
      anonymous_contact boolean not null default false,
      exclusion_criteria text,
      means_tested boolean not null default false,
      evidence_note text,
      visibility text not null default 'public' check (visibility in ('public', 'internal')),
      owner_unit_id uuid not null references units(id),
      last_reviewed_on date not null default current_date,
      search_text_sv text not null default '',
      search_text_en text not null default '',
      search_sv tsvector generated always as (to_tsvector('swedish'::regconfig, search_text_sv)) stored,
      search_en tsvector generated always as (to_tsvector('english'::regconfig, search_text_en)) stored,
      updated_at timestamptz not null default now(),
      check (age_min is null or age_max is null or age_min <= age_max)
    );
    create index directory_search_sv_idx on directory_entries using gin (search_sv);
    create index directory_search_en_idx on directory_entries using gin (search_en);
    create index directory_genders_idx on directory_entries using gin (genders);
    create index directory_groups_idx on directory_entries using gin (target_groups);
    create index directory_review_idx on directory_entries (owner_unit_id, last_reviewed_on);

    -- One referral model: from a case (Barnahus, the regional coordinator, civil society, …) or an
    -- anonymous chat, always to a directory entry. consent_id will point at the consents
    -- capability's record once it exists (no foreign key yet); until then the basis is recorded here.
    create table referrals (
      id uuid primary key default gen_random_uuid(),
      entry_id uuid not null references directory_entries(id),
      source text not null check (source in ('case', 'chat')),
      case_id uuid references cases(id) on delete cascade,
      unit_id uuid not null references units(id),
      referred_on date not null,
      referred_by uuid not null references users(id),
      consent_id uuid,
      basis text not null check (basis in ('consent', 'legal_basis', 'anonymous')),
      consent_given_on date,
      legal_basis text,
      outcome text not null default 'pending' check (outcome in ('pending', 'accepted', 'declined', 'no_contact')),
      outcome_at timestamptz,
      created_at timestamptz not null default now(),
      check ((source = 'case') = (case_id is not null)),
      check (source = 'case' or basis = 'anonymous')
    );
    create index referrals_case_idx on referrals (case_id);
    create index referrals_unit_idx on referrals (unit_id, referred_on);
  `.execute(db);
}
