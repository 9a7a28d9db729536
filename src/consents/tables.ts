import type { Generated } from 'kysely';
import type { Timestamp } from '../core/db/schema.ts';

export interface ConsentTables {
  consents: {
    id: Generated<string>;
    person_id: string;
    basis: Generated<string>;
    actor_kind: string;
    actor_name: string;
    scope: string;
    form: string | null;
    legal_basis: string | null;
    given_on: string;
    expires_on: string | null;
    recorded_by: string | null;
    recorded_at: Timestamp;
    withdrawn_at: Date | null;
    withdrawn_by: string | null;
    withdrawal_note: string | null;
  };
}

declare module '../core/db/schema.ts' {
  interface Database extends ConsentTables {}
}
