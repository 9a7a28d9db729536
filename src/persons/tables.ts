import type { Generated } from 'kysely';

/**
 * The persons table. It was created by the intake migration (0100_intake), before persons were a
 * capability of their own; migrations are forward-only and already applied, so it stays there.
 */
export interface PersonTables {
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
    /** Residence status and district (0131). */
    residence_status: Generated<string>;
    district_id: Generated<string | null>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    /** Set when this record was merged into another (0132); emptied, kept for the undo. */
    merged_into: Generated<string | null>;
  };
  /** A merge of two records of one person (0132): both as they were, and the rows that moved. */
  person_merges: {
    id: Generated<string>;
    survivor_id: string;
    merged_id: string;
    merged_by: string;
    merged_at: Generated<Date>;
    survivor_before: unknown;
    merged_before: unknown;
    moved: unknown;
    undone_at: Date | null;
    undone_by: string | null;
  };
  /** A request to another unit to merge its record of the person into the requester's (0133). */
  person_merge_requests: {
    id: Generated<string>;
    requesting_unit_id: string;
    requested_by: string;
    requested_at: Generated<Date>;
    survivor_id: string;
    other_id: string;
    found_by: 'personnummer' | 'case_number';
    message: string | null;
    status: Generated<'pending' | 'accepted' | 'declined' | 'withdrawn'>;
    decided_by: string | null;
    decided_at: Date | null;
    decline_reason: string | null;
    merge_id: string | null;
  };
}

declare module '../core/db/schema.ts' {
  interface Database extends PersonTables {}
}
