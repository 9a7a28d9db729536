import { sql, type Kysely } from 'kysely';

/**
 * Consents to share information with a named actor (or a recorded legal basis instead of one).
 * Withdrawal is a time, not a deletion: it takes effect at once and the record stays. A consent goes
 * with its person (cascade); ended consents also have their own retention rule.
 *
 * The regional-coordinator referral's consent, until now a date inside cases.regional_basis, moves
 * here: each such date becomes a consent row, and the case's basis names it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table consents (
      id uuid primary key default gen_random_uuid(),
      person_id uuid not null references persons(id) on delete cascade,
      basis text not null default 'consent' check (basis in ('consent', 'legal_basis')),
      actor_kind text not null,
      actor_name text not null,
      scope text not null,
      form text check (form in ('written', 'oral')),
      legal_basis text,
      given_on date not null,
      expires_on date,
      recorded_by uuid references users(id) on delete set null,
      recorded_at timestamptz not null default now(),
      withdrawn_at timestamptz,
      withdrawn_by uuid references users(id) on delete set null,
      withdrawal_note text,
      check (expires_on is null or expires_on >= given_on),
      check ((basis = 'consent' and form is not null) or (basis = 'legal_basis' and legal_basis is not null))
    );
    create index consents_person_idx on consents (person_id, recorded_at desc);
    create index consents_withdrawn_idx on consents (withdrawn_at) where withdrawn_at is not null;
    create index consents_expires_idx on consents (expires_on) where expires_on is not null;

    insert into consents (person_id, basis, actor_kind, actor_name, scope, form, given_on, recorded_by, recorded_at)
      select k.person_id, 'consent', 'regional_coordinator', 'Regionkoordinator mot människohandel', 'Hänvisning till regionkoordinatorn', 'oral',
             (k.regional_basis->>'consentGivenOn')::date, null, k.last_activity_at
      from cases k where k.regional_basis->>'kind' = 'consent' and k.regional_basis ? 'consentGivenOn';
    update cases k set regional_basis = jsonb_build_object('kind', 'consent', 'consentId', c.id, 'consentGivenOn', c.given_on)
      from consents c
      where k.regional_basis->>'kind' = 'consent' and k.regional_basis ? 'consentGivenOn' and not k.regional_basis ? 'consentId'
        and c.person_id = k.person_id and c.actor_kind = 'regional_coordinator' and c.given_on = (k.regional_basis->>'consentGivenOn')::date;
  `.execute(db);
}
