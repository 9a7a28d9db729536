import type { Executor } from '../core/db/database.ts';
import type { DecisionRef } from './schema.ts';

/**
 * The case's decisions as a plan sees them: the one place exit plans read the decisions table.
 * A granted decision's end date (`ended_on`, cases migration 0115) ends the measures linked to it
 * from that day, so the dependency warning fires when the case ends the decision.
 */
export async function decisionsOfCase(db: Executor, caseId: string): Promise<DecisionRef[]> {
  const rows = await db
    .selectFrom('decisions as d')
    .select(['d.id', 'd.support_type as supportType', 'd.outcome', 'd.reasoning', 'd.decided_at as decidedAt', 'd.ended_on as endedOn'])
    .where('d.case_id', '=', caseId)
    .orderBy('d.decided_at')
    .execute();
  return rows.map((r) => ({ ...r, decidedAt: new Date(r.decidedAt).toISOString() }));
}
