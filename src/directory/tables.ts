import type { Generated } from 'kysely';
import type { Timestamp } from '../core/db/schema.ts';

export interface DirectoryTables {
  directory_entries: {
    id: Generated<string>;
    well_known: string | null;
    name: string;
    kind: string;
    offer_sv: string;
    offer_en: string;
    target_groups: string[];
    age_min: number | null;
    age_max: number | null;
    genders: string[];
    languages: string[];
    opening_hours: string;
    phone: string | null;
    email: string | null;
    web: string | null;
    address: string | null;
    anonymous_contact: boolean;
    exclusion_criteria: string | null;
    means_tested: boolean;
    evidence_note: string | null;
    visibility: 'public' | 'internal';
    owner_unit_id: string;
    last_reviewed_on: Generated<string>;
    search_text_sv: string;
    search_text_en: string;
    updated_at: Generated<Date>;
    active: Generated<boolean>;
    deactivated_at: Timestamp | null;
  };
  referrals: {
    id: Generated<string>;
    entry_id: string;
    source: 'case' | 'chat';
    case_id: string | null;
    unit_id: string;
    referred_on: string;
    referred_by: string | null;
    consent_id: string | null;
    basis: 'consent' | 'legal_basis' | 'anonymous';
    consent_given_on: string | null;
    legal_basis: string | null;
    outcome: Generated<'pending' | 'accepted' | 'declined' | 'no_contact'>;
    outcome_at: Timestamp | null;
    created_at: Generated<Date>;
  };
}

declare module '../core/db/schema.ts' {
  interface Database extends DirectoryTables {}
}
