import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { SYSTEM_ACTOR, writeAudit, type Actor } from '../audit-log/audit.ts';
import { idempotencyKeysRule } from '../http/idempotency.ts';
import { DEFAULT_PRESERVATION, type Preservation } from './preservation.ts';

/**
 * Gallring: each record type that holds personal data has a rule saying how long it is kept.
 * Capabilities contribute rules; the framework runs them (on a schedule and by command),
 * each in its own transaction, audits the deletions and logs every run with its counts.
 */
export interface RetentionRule {
  recordType: string;
  description: { sv: string; en: string };
  /** Default retention period; an administrator can change it (retention_settings). */
  defaultKeepDays: number;
  /**
   * Deletes what is past its time and returns how many records went; a rule that keeps records the
   * law or the municipality preserves (`preservation`) also says how many it kept and why.
   */
  purge(tx: Tx, context: { keepDays: number; now: Date; /** Absent: the law's minimum (DEFAULT_PRESERVATION). */ preservation?: Preservation }): Promise<number | PurgeResult>;
}

/** What a rule deleted, and what it kept although past its time, per reason (the run's report says why). */
export interface PurgeResult {
  deleted: number;
  kept?: Record<string, number>;
}

export type RunTrigger = 'schedule' | 'command' | 'manual';

export interface RetentionRunResult {
  runId: string;
  counts: Record<string, number>;
  /** Per record type, what was past its time but kept, per reason (only those with any). */
  kept: Record<string, Record<string, number>>;
  error: string | null;
}

/** The date before which a record last touched is due, given a period in days. */
export function cutoffFor(now: Date, keepDays: number): Date {
  return new Date(now.getTime() - keepDays * 24 * 60 * 60 * 1000);
}

export async function effectiveKeepDays(db: Db, rules: readonly RetentionRule[]): Promise<Map<string, number>> {
  const settings = await db.selectFrom('retention_settings').select(['record_type', 'keep_days']).execute();
  const overrides = new Map(settings.map((s) => [s.record_type, s.keep_days]));
  return new Map(rules.map((r) => [r.recordType, overrides.get(r.recordType) ?? r.defaultKeepDays]));
}

export async function runRetention(
  db: Db,
  rules: readonly RetentionRule[],
  trigger: RunTrigger,
  options: { now?: Date; actor?: Actor } = {},
): Promise<RetentionRunResult> {
  const now = options.now ?? new Date();
  const actor = options.actor ?? SYSTEM_ACTOR;
  const run = await db.insertInto('retention_runs').values({ trigger, counts: {}, finished_at: null, error: null }).returning('id').executeTakeFirstOrThrow();
  const keep = await effectiveKeepDays(db, rules);
  const preservation = await preservationOf(db);
  const counts: Record<string, number> = {};
  const kept: Record<string, Record<string, number>> = {};
  let error: string | null = null;
  for (const rule of rules) {
    try {
      counts[rule.recordType] = await db.transaction().execute(async (tx) => {
        const result = await rule.purge(tx, { keepDays: keep.get(rule.recordType)!, now, preservation });
        const deleted = typeof result === 'number' ? result : result.deleted;
        if (typeof result !== 'number' && result.kept && Object.values(result.kept).some((n) => n > 0)) kept[rule.recordType] = result.kept;
        if (deleted > 0) {
          await writeAudit(tx, actor, {
            action: 'retention_delete',
            recordType: rule.recordType,
            purpose: 'retention (gallring)',
            details: { deleted, keepDays: keep.get(rule.recordType), runId: run.id, ...(kept[rule.recordType] ? { kept: kept[rule.recordType] } : {}) },
          });
        }
        return deleted;
      });
    } catch (err) {
      // One failing rule must not stop the others; the run records which one failed.
      error = `${error ? error + '; ' : ''}${rule.recordType}: ${(err as { code?: string }).code ?? (err as Error).name}`;
    }
  }
  await db
    .updateTable('retention_runs')
    .set({ counts: JSON.stringify(counts) as unknown as Record<string, number>, kept: JSON.stringify(kept) as unknown as Record<string, Record<string, number>>, error, finished_at: sql<Date>`now()` as unknown as Date })
    .where('id', '=', run.id)
    .execute();
  return { runId: run.id, counts, kept, error };
}

/** The municipality's preservation setting (retention_preservation, one row), or the law's minimum when none is stored. */
export async function preservationOf(db: Db | Tx): Promise<Preservation> {
  const row = await db.selectFrom('retention_preservation').select(['mode', 'birth_days', 'decision']).executeTakeFirst();
  return row ? { mode: row.mode, birthDays: row.birth_days, decision: row.decision } : DEFAULT_PRESERVATION;
}

/** Every retention rule: the core's own and those the capabilities' manifests declare. */
export function retentionRulesOf(capabilities: ReadonlyArray<{ retentionRules?: readonly RetentionRule[] }>): RetentionRule[] {
  return [signInResidueRule, idempotencyKeysRule, ...capabilities.flatMap((c) => c.retentionRules ?? [])];
}

/** Sign-in leftovers: sessions past their lifetime, abandoned sign-ins, old failure counters. */
export const signInResidueRule: RetentionRule = {
  recordType: 'sign_in_residue',
  description: {
    sv: 'Utgångna sessioner, avbrutna inloggningar och gamla räknare för misslyckade inloggningar',
    en: 'Expired sessions, abandoned sign-ins and old failed sign-in counters',
  },
  defaultKeepDays: 1,
  async purge(tx, { keepDays, now }) {
    const cutoff = cutoffFor(now, keepDays);
    const a = await tx.deleteFrom('sessions').where('last_seen_at', '<', cutoff).executeTakeFirst();
    const b = await tx.deleteFrom('pending_sign_ins').where('expires_at', '<', now).executeTakeFirst();
    const c = await tx.deleteFrom('sign_in_throttle').where('last_failure_at', '<', cutoff).executeTakeFirst();
    // Rate-limit windows are over within minutes; the instances remove them too (core/http/rate-limit-store.ts).
    const d = await tx.deleteFrom('rate_limit_counters').where('expires_at', '<', now).executeTakeFirst();
    return Number(a.numDeletedRows) + Number(b.numDeletedRows) + Number(c.numDeletedRows) + Number(d.numDeletedRows);
  },
};
