import type { Generated } from 'kysely';
import type { Timestamp } from '../core/db/schema.ts';

export interface ExitPlanTables {
  exit_plans: {
    id: Generated<string>;
    case_id: string;
    person_id: string;
    unit_id: string;
    coordinator_id: string | null;
    lead_actor_id: string | null;
    goals: Generated<string>;
    template: string | null;
    status: Generated<string>;
    created_by: string | null;
    created_at: Timestamp;
    updated_at: Timestamp;
    version: Generated<number>;
    /** How and when the plan ended (0318), set when it is closed. */
    end_reason: Generated<string | null>;
    ended_at: Generated<Timestamp | null>;
  };
  plan_actors: {
    id: Generated<string>;
    plan_id: string;
    kind: string;
    name: string;
    consent_id: string | null;
    partner_user_id: string | null;
    invited_by: string | null;
    invited_at: Date | null;
    created_at: Timestamp;
  };
  plan_measures: {
    id: Generated<string>;
    plan_id: string;
    actor_id: string;
    kind: string;
    title: string;
    contact_person: string | null;
    starts_on: string;
    planned_end_on: string | null;
    status: Generated<string>;
    status_reason: string | null;
    depends_on: Generated<string[]>;
    decision_id: string | null;
    template_key: string | null;
    partner_note: string | null;
    updated_at: Timestamp;
    version: Generated<number>;
  };
  plan_follow_ups: {
    id: Generated<string>;
    plan_id: string;
    due_on: string;
    held_on: string | null;
    participants: Generated<string[]>;
    notes: string | null;
    recorded_by: string | null;
    version: Generated<number>;
  };
  plan_acknowledgements: {
    id: Generated<string>;
    plan_id: string;
    warning_key: string;
    reason: string;
    by_user: string | null;
    at: Timestamp;
  };
  plan_versions: {
    id: Generated<string>;
    plan_id: string;
    version: number;
    change: string;
    changed_by: string | null;
    changed_at: Timestamp;
    snapshot: unknown;
  };
}

declare module '../core/db/schema.ts' {
  interface Database extends ExitPlanTables {}
}
