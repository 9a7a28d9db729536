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
  };
  intake_drafts: { user_id: string; key: string; data: unknown; updated_at: Timestamp };
}

declare module '../core/db/schema.ts' {
  interface Database extends IntakeTables {}
}
