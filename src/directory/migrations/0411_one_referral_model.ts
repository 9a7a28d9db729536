import { sql, type Kysely } from 'kysely';

/**
 * One referral model. The case's own referral route (`POST /api/cases/:id/referrals`) is gone: its
 * Barnahus and regional-coordinator referrals, kept until now only as markers on the case, become
 * rows of `referrals` to the well-known directory entries (created, internal, if a database has
 * cases to carry over and no such entry yet). Who made them was not recorded, so `referred_by` may
 * be empty for these rows; their date is the case's last activity (the best there is).
 * `referrals.consent_id` now points at the consents capability's record: a referral on consent
 * names the person's consent (a consent purged after its retention leaves the date on the row).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table referrals alter column referred_by drop not null;
    update referrals set consent_id = null where consent_id is not null and consent_id not in (select id from consents);
    alter table referrals add constraint referrals_consent_fk foreign key (consent_id) references consents(id) on delete set null;
    create index referrals_consent_idx on referrals (consent_id) where consent_id is not null;
  `.execute(db);
  await carryOverCaseReferrals(db);
}

/** The case markers' referrals as rows of referrals (only those not there yet; tested in directory.test.ts). */
export async function carryOverCaseReferrals(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into directory_entries (well_known, name, kind, offer_sv, offer_en, target_groups, age_max, visibility, owner_unit_id, search_text_sv, search_text_en)
      select 'barnahus', 'Barnahus', 'regional', 'Barnahus: samverkan kring barn som utsatts för brott.', 'Barnahus: joint centre for children exposed to crime.',
             '{children_young}', 17, 'internal', (select k.unit_id from cases k where k.barnahus in ('referred', 'accepted') order by k.opened_at limit 1), 'Barnahus barn', 'Barnahus children'
      where exists (select 1 from cases k where k.barnahus in ('referred', 'accepted')) and not exists (select 1 from directory_entries where well_known = 'barnahus');
    insert into directory_entries (well_known, name, kind, offer_sv, offer_en, target_groups, visibility, owner_unit_id, search_text_sv, search_text_en)
      select 'regional_coordinator', 'Regionkoordinator mot människohandel', 'regional', 'Stöd i ärenden om människohandel.', 'Support in trafficking cases.',
             '{professionals}', 'internal', (select k.unit_id from cases k where k.regional_referral = 'referred' order by k.opened_at limit 1), 'regionkoordinator människohandel', 'regional coordinator trafficking'
      where exists (select 1 from cases k where k.regional_referral = 'referred') and not exists (select 1 from directory_entries where well_known = 'regional_coordinator');

    insert into referrals (entry_id, source, case_id, unit_id, referred_on, referred_by, consent_id, basis, consent_given_on, legal_basis, outcome)
      select e.id, 'case', k.id, k.unit_id, k.last_activity_at::date, null, null, 'legal_basis', null,
             'Barnahus (registrerad före den gemensamma hänvisningsmodellen)', case k.barnahus when 'accepted' then 'accepted' else 'pending' end
      from cases k join directory_entries e on e.well_known = 'barnahus'
      where k.barnahus in ('referred', 'accepted') and not exists (select 1 from referrals r where r.case_id = k.id and r.entry_id = e.id);

    insert into referrals (entry_id, source, case_id, unit_id, referred_on, referred_by, consent_id, basis, consent_given_on, legal_basis)
      select e.id, 'case', k.id, k.unit_id, k.last_activity_at::date, null,
             (select c.id from consents c where c.id::text = k.regional_basis->>'consentId'),
             case when k.regional_basis->>'kind' = 'consent' then 'consent' else 'legal_basis' end,
             case when k.regional_basis->>'kind' = 'consent' then coalesce((k.regional_basis->>'consentGivenOn')::date, k.last_activity_at::date) end,
             case when k.regional_basis->>'kind' = 'consent' then null else coalesce(k.regional_basis->>'legalBasis', 'Registrerad före den gemensamma hänvisningsmodellen') end
      from cases k join directory_entries e on e.well_known = 'regional_coordinator'
      where k.regional_referral = 'referred' and not exists (select 1 from referrals r where r.case_id = k.id and r.entry_id = e.id);
  `.execute(db);
}
