import type { Tx } from '../db/database.ts';

/** Who acted: the user and the role and unit under which the action was allowed. */
export interface Actor {
  userId: string | null;
  role: string | null;
  unitId: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, role: 'system', unitId: null };

export type AuditAction =
  | 'read'
  | 'list'
  | 'search'
  | 'create'
  | 'update'
  | 'delete'
  | 'sign_in'
  | 'sign_out'
  | 'open_protected'
  | 'export'
  | 'retention_delete';

export interface AuditEntry {
  action: AuditAction;
  recordType: string;
  recordId?: string | null;
  /** The person the data is about (a client), so the reviewer can ask "who read about X?". */
  personId?: string | null;
  /** Names of the fields read or written — never their values. */
  fields?: readonly string[];
  purpose: string;
  /** Extra facts without personal data (counts, outcome, reason code). */
  details?: Record<string, unknown>;
}

/**
 * The one way to write the audit log. It takes a transaction, not the pool: the entry commits
 * with the action it describes, and if it cannot be written the action fails with it.
 */
export async function writeAudit(tx: Tx, actor: Actor, entries: AuditEntry | readonly AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries as AuditEntry];
  if (list.length === 0) return;
  await tx
    .insertInto('audit_log')
    .values(
      list.map((e) => ({
        actor_user_id: actor.userId,
        actor_role: actor.role,
        actor_unit_id: actor.unitId,
        action: e.action,
        record_type: e.recordType,
        record_id: e.recordId ?? null,
        person_id: e.personId ?? null,
        fields: [...(e.fields ?? [])],
        purpose: e.purpose,
        details: e.details ? JSON.stringify(e.details) : null,
      })),
    )
    .execute();
}
