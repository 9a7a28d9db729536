import type { Generated } from 'kysely';

export const TRAINING_FORMATS = ['web', 'classroom', 'seminar'] as const;
export type TrainingFormat = (typeof TRAINING_FORMATS)[number];
export const COMPLETION_SOURCES = ['self', 'manager', 'import', 'seminar'] as const;
export type CompletionSource = (typeof COMPLETION_SOURCES)[number];

/** Competence's tables (0700). Dates of completion and seminars are Stockholm calendar dates. */
export interface CompetenceTables {
  trainings: {
    id: Generated<string>;
    title: string;
    provider: string;
    format: TrainingFormat;
    length_minutes: number;
    description: Generated<string>;
    target_roles: Generated<string[]>;
    required_for_roles: Generated<string[]>;
    renewal_months: number | null;
    before_questioning: Generated<boolean>;
    active: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  seminars: {
    id: Generated<string>;
    training_id: string;
    held_on: string;
    starts_at: Generated<string>;
    place: string;
    planned_by: string | null;
    created_at: Generated<Date>;
  };
  seminar_invitations: { seminar_id: string; unit_id: string };
  /** Who held which role in which unit when (0701, kept by triggers on user_roles and users). */
  competence_role_periods: { id: Generated<string>; user_id: string; role: string; unit_id: string | null; valid_from: Date; valid_to: Date | null };
  training_completions: {
    id: Generated<string>;
    user_id: string;
    training_id: string;
    completed_on: string;
    source: CompletionSource;
    seminar_id: string | null;
    recorded_by: string | null;
    created_at: Generated<Date>;
  };
}

declare module '../core/db/schema.ts' {
  interface Database extends CompetenceTables {}
}
