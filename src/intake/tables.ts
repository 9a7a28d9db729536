import type { Generated } from 'kysely';
import type { Timestamp } from '../core/db/schema.ts';

/** Intake's tables. (The persons table, created by the same migration, is declared by persons/tables.ts.) */
export interface IntakeTables {
  contacts: {
    id: Generated<string>;
    channel: string;
    received_on: string;
    /** Why it is dated more than a year back, or why the age on that date routed it (0101). */
    received_on_reason: Generated<string | null>;
    registered_at: Generated<Date>;
    registered_by: string;
    registered_unit_id: string | null;
    person_id: string;
    person_role: string;
    age_group: string;
    summary: Generated<string>;
    stated_consent: boolean | null;
    exploitation_types: Generated<string[]>;
    trafficking_indicators: Generated<string[]>;
    /** The age stated at the contact, and whether the facts about the age disagreed (0102). */
    stated_age: number | null;
    age_conflict: Generated<boolean>;
  };
  /** The reporter of a contact about someone else (0102); goes with its contact. */
  contact_reporters: {
    contact_id: string;
    kind: string;
    name: string | null;
    organisation: string | null;
    reach: string | null;
    wants_feedback: boolean;
    feedback_given_on: string | null;
    feedback_given_by: string | null;
    feedback_note: string | null;
  };
  /** Anonymous advice given without a case (0102). */
  consultations: {
    id: Generated<string>;
    unit_id: string;
    given_by: string;
    given_on: string;
    asker_kind: string;
    topic: string;
    advice: string;
    referral: string | null;
    created_at: Generated<Date>;
  };
  intake_drafts: { user_id: string; key: string; data: unknown; updated_at: Timestamp };
}

declare module '../core/db/schema.ts' {
  interface Database extends IntakeTables {}
}
