import type { Generated } from 'kysely';
import type { Timestamp } from '../core/db/schema.ts';

export interface CaseTables {
  cases: {
    id: Generated<string>;
    contact_id: string;
    person_id: string;
    unit_id: string;
    status: Generated<string>;
    person_role: string;
    age_group: string;
    victim: boolean;
    exploitation_types: Generated<string[]>;
    trafficking_indicators: Generated<string[]>;
    barnahus: Generated<string>;
    regional_referral: Generated<string>;
    regional_basis: unknown;
    assessment_due: string | null;
    assigned_to: string | null;
    opened_at: Timestamp;
    opened_by: string;
    closed_at: Date | null;
    last_activity_at: Timestamp;
    version: Generated<number>;
    /** A report of concern about a child (0112): the protection assessment the same day, who and when. */
    concern_report: Generated<boolean>;
    protection_assessed_at: Date | null;
    protection_assessed_by: string | null;
    protection_outcome: string | null;
    protection_note: string | null;
    police_reported_on: string | null;
    police_report_ref: string | null;
    /** As it was when the case opened, for the statistics (0116); the person's record may change later. */
    opening_age_band: Generated<string>;
    opening_gender: Generated<string>;
    opening_risk_factors: Generated<string[]>;
    opening_citizenship: Generated<string | null>;
    opening_channel: Generated<string | null>;
    /** The day of the referral to Barnahus / the regional coordinator (0116). */
    barnahus_referred_on: Generated<string | null>;
    regional_referred_on: Generated<string | null>;
    /** "2026-0123": the year opened and a running number, given by the database on insert (0117). */
    number: Generated<string>;
    /** The caseworker's comment on a referral to Barnahus (0118): what was agreed, with whom. */
    barnahus_referral_note: Generated<string | null>;
  };
  /** The last case number given per year (0117); the trigger on cases counts on. */
  case_number_counters: {
    year: number;
    last: number;
  };
  case_transfers: {
    id: Generated<string>;
    case_id: string;
    from_unit_id: string;
    to_unit_id: string;
    reason: string;
    note: string | null;
    age_group: string;
    status: Generated<string>;
    requested_by: string;
    requested_at: Generated<Date>;
    decided_by: string | null;
    decided_at: Date | null;
    decline_reason: string | null;
  };
  case_steps: { id: Generated<string>; case_id: string; status: string; at: Timestamp; by_user: string | null; note: string | null };
  journal_entries: {
    id: Generated<string>;
    case_id: string;
    entry_date: string;
    text: string;
    author_id: string;
    written_at: Timestamp;
    signed_at: Date | null;
    corrects_id: string | null;
  };
  decisions: {
    id: Generated<string>;
    case_id: string;
    support_type: string;
    outcome: string;
    refusal_ground: string | null;
    reasoning: string;
    decided_by: string;
    decided_at: Timestamp;
    starts_on: string | null;
    ends_on: string | null;
    ended_on: string | null;
    end_reason: string | null;
    end_note: string | null;
    ended_by: string | null;
    conditions: Generated<string[]>;
    income_sources: Generated<string[]>;
    warnings_acknowledged: Generated<string[]>;
  };
}

declare module '../core/db/schema.ts' {
  interface Database extends CaseTables {}
}
