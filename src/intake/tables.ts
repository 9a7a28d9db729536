import type { Generated } from 'kysely';
import type { Timestamp } from '../core/db/schema.ts';

export interface IntakeTables {
  persons: {
    id: Generated<string>;
    identity_mode: string;
    personnummer: string | null;
    id_kind: string | null;
    name: string | null;
    pseudonym: string | null;
    birth_date: string | null;
    birth_year: number | null;
    gender: Generated<string>;
    languages: Generated<string[]>;
    interpreter_needed: Generated<boolean>;
    citizenship: string | null;
    eu_citizen: boolean | null;
    risk_factors: Generated<string[]>;
    protection: Generated<string>;
    address: string | null;
    phone: string | null;
    email: string | null;
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  contacts: {
    id: Generated<string>;
    channel: string;
    received_on: string;
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
