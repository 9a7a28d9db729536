import type { Executor } from '../core/db/database.ts';
import type { DecisionRef } from './schema.ts';

/**
 * The case's decisions as a plan sees them: the one place exit plans read the decisions table, so
 * that the decisions' end date (`ended_on`, added by the decisions work) is picked up in one line.
 * Until that column exists in this branch, a decision has no end date here.
 */
export async function decisionsOfCase(db: Executor, caseId: string): Promise<DecisionRef[]> {
  const rows = await db
    .selectFrom('decisions as d')
    .select(['d.id', 'd.support_type as supportType', 'd.outcome', 'd.reasoning', 'd.decided_at as decidedAt'])
    .where('d.case_id', '=', caseId)
    .orderBy('d.decided_at')
    .execute();
  return rows.map((r) => ({ ...r, decidedAt: new Date(r.decidedAt).toISOString(), endedOn: null }));
}
