import type { Timestamp } from '../core/db/schema.ts';

export interface QuestionTables {
  question_sets: { key: string; version: number; definition: unknown; published_at: Timestamp; published_by: string | null };
  question_answers: { id: import('kysely').Generated<string>; case_id: string; set_key: string; set_version: number; answers: unknown; asked_at: Timestamp; asked_by: string; counts_as_asked: boolean; follow_ups: unknown };
}

declare module '../core/db/schema.ts' {
  interface Database extends QuestionTables {}
}
