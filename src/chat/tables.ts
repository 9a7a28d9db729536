import type { Generated } from 'kysely';
import type { Timestamp } from '../core/db/schema.ts';

export interface ChatTables {
  chat_sessions: {
    id: Generated<string>;
    kind: 'live' | 'offline';
    token_hash: string;
    target_group: string;
    queue: string;
    language: string;
    status: 'queued' | 'active' | 'ended' | 'waiting_answer' | 'answered';
    counsellor_id: string | null;
    blocked: Generated<boolean>;
    visitor_disconnected_at: Timestamp | null;
    created_at: Generated<Date>;
    queued_at: Generated<Date>;
    assigned_at: Timestamp | null;
    ended_at: Timestamp | null;
    end_reason: string | null;
    outcome_recorded: Generated<boolean>;
    /** Folded into chat_daily_figures (0203). */
    counted: Generated<boolean>;
  };
  chat_messages: {
    id: Generated<number>;
    session_id: string;
    sender: 'visitor' | 'counsellor' | 'system' | 'note';
    author_id: string | null;
    body: string;
    client_id?: string | null;
    created_at: Generated<Date>;
  };
  chat_consents: { id: Generated<string>; session_id: string; consent_text: string; language: string; given_at: Generated<Date> };
  chat_escalations: {
    id: Generated<string>;
    session_id: string;
    consent_id: string;
    target_unit_id: string;
    status: Generated<'awaiting_intake' | 'taken_into_case'>;
    created_by: string;
    created_at: Generated<Date>;
    case_id: string | null;
    taken_at: Date | null;
  };
  chat_outcomes: {
    id: Generated<string>;
    ended_on: string;
    queue: string;
    topic: string;
    target_group: string;
    age_band: string;
    referral_given: boolean;
  };
  /** Volumes and waiting times per day and queue, kept after the chats are deleted (0203). */
  chat_daily_figures: {
    day: string;
    queue: string;
    kind: 'live' | 'offline';
    chats: number;
    answered: number;
    unanswered: number;
    wait_seconds_total: string;
    wait_seconds_max: number;
    waited_under_1_min: number;
    waited_1_5_min: number;
    waited_5_15_min: number;
    waited_over_15_min: number;
  };
  chat_canned_answers: { id: Generated<string>; language: string; title: string; body: string; directory_entry_id: string | null; updated_by: string | null; updated_at: Generated<Date> };
  chat_opening_hours: { queue: Generated<string>; weekday: number; opens: string; closes: string };
  chat_hours_exceptions: { on_date: string; queue: Generated<string>; opens: string | null; closes: string | null; note: Generated<string> };
  chat_presence: { socket_id: string; user_id: string; queues: string[]; connected_at: Generated<Date>; seen_at: Generated<Date> };
}

declare module '../core/db/schema.ts' {
  interface Database extends ChatTables {}
}
