import { sql } from 'kysely';
import type { DecisionRef } from './schema.ts';

/**
 * The case's decisions as a plan sees them: the one place exit plans read the decisions table, as
 * a JSON column beside the plan row `pl` (its case_id; the decisions_case_idx index), oldest first.
 * A granted decision's end date (`ended_on`, cases migration 0115) ends the measures linked to it
 * from that day, so the dependency warning fires when the case ends the decision.
 */
export const decisionsJson = sql<DecisionRef[]>`coalesce((select json_agg(json_build_object('id', d.id, 'supportType', d.support_type, 'outcome', d.outcome,
    'reasoning', d.reasoning, 'decidedAt', to_char(d.decided_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'endedOn', d.ended_on) order by d.decided_at, d.id)
  from decisions d where d.case_id = pl.case_id), '[]')`;
