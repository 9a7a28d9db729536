import { CompiledQuery } from 'kysely';
import type { Executor, Tx } from '../db/database.ts';

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
  | 'sign_in_failed'
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
  /** The persons a list or search returned (one entry for them all), so "who looked at X?" finds it too. */
  personIds?: readonly string[];
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
        person_ids: e.personIds ? [...new Set<string>(e.personIds)] : null,
        fields: [...(e.fields ?? [])],
        purpose: e.purpose,
        details: e.details ? JSON.stringify(e.details) : null,
      })),
    )
    .execute();
}

/**
 * Reads one record and writes its audit entry in a single statement. A data-modifying CTE commits
 * both or neither — the guarantee of writeAudit in a transaction — with one round trip instead of
 * four (BEGIN, read, insert, COMMIT), which is what the hot read paths (the case page) need.
 * The entry is written only when the record was found, that is, read. The record id (and the
 * person id, when the record is about a client) are taken from the named columns of the result.
 */
export async function auditedRead<Row>(
  db: Executor,
  actor: Actor,
  query: CompiledQuery<Row>,
  entry: Omit<AuditEntry, 'recordId' | 'personId'> & { recordIdColumn: string; personIdColumn?: string },
): Promise<Row | undefined> {
  const n = query.parameters.length;
  const parameters = new Array<unknown>(n + 8);
  for (let i = 0; i < n; i++) parameters[i] = query.parameters[i];
  parameters[n] = actor.userId;
  parameters[n + 1] = actor.role;
  parameters[n + 2] = actor.unitId;
  parameters[n + 3] = entry.action;
  parameters[n + 4] = entry.recordType;
  parameters[n + 5] = entry.fields ?? [];
  parameters[n + 6] = entry.purpose;
  parameters[n + 7] = entry.details ? JSON.stringify(entry.details) : null;
  const result = await db.executeQuery<Row>(CompiledQuery.raw(auditedReadText(query.sql, n, entry.recordIdColumn, entry.personIdColumn), parameters));
  return result.rows[0];
}

/**
 * The statement's text depends only on the read's SQL and the two column names; hot reads send
 * the same few (see prepared.ts), so each is built once. Bounded: a read whose SQL varies without
 * end (none does today) would only rebuild.
 */
const texts = new Map<string, Map<string, string>>();
function auditedReadText(sql: string, n: number, recordIdColumn: string, personIdColumn: string | undefined): string {
  // Keyed by the SQL string itself first: a prepared read passes the same string every time, whose
  // hash V8 keeps, so the lookup does not read its few kilobytes again.
  let bySql = texts.get(sql);
  const key = personIdColumn ? `${recordIdColumn}|${personIdColumn}` : recordIdColumn;
  let text = bySql?.get(key);
  if (text !== undefined) return text;
  text = `with r as (${sql}),
    a as (insert into audit_log (actor_user_id, actor_role, actor_unit_id, action, record_type, record_id, person_id, fields, purpose, details)
      select $${n + 1}::uuid, $${n + 2}, $${n + 3}::uuid, $${n + 4}, $${n + 5}, ${column(recordIdColumn)}::text,
        ${personIdColumn ? `${column(personIdColumn)}::uuid` : 'null'}, $${n + 6}::text[], $${n + 7}, $${n + 8}::jsonb from r)
    select * from r`;
  if (!bySql) {
    if (texts.size >= 256) texts.clear();
    texts.set(sql, (bySql = new Map()));
  }
  bySql.set(key, text);
  return text;
}

/** A column of the read's result, named in the statement's text: only a plain identifier. */
function column(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a column name: ${name}`);
  return `r."${name}"`;
}

/**
 * A list or search and its one audit entry in a single statement, as auditedRead does for one
 * record: one round trip instead of four. The entry names every person the list showed (from
 * `personIdColumn`) and adds `count` to its details. Unlike a read, it is written even when the
 * list is empty: that someone looked, and for what kind of thing, is what the log must show.
 * The rows come back in the list's own order (a materialised CTE is read back as it was written).
 */
export async function auditedList<Row>(
  db: Executor,
  actor: Actor,
  query: CompiledQuery<Row>,
  entry: Omit<AuditEntry, 'recordId' | 'personId' | 'personIds'> & { personIdColumn: string },
): Promise<Row[]> {
  const n = query.parameters.length;
  const parameters = [...query.parameters, actor.userId, actor.role, actor.unitId, entry.action, entry.recordType, entry.fields ?? [], entry.purpose, JSON.stringify(entry.details ?? {})];
  const persons = column(entry.personIdColumn);
  const text = `with r as (${query.sql}),
    a as (insert into audit_log (actor_user_id, actor_role, actor_unit_id, action, record_type, person_ids, fields, purpose, details)
      select $${n + 1}::uuid, $${n + 2}, $${n + 3}::uuid, $${n + 4}, $${n + 5},
        (select coalesce(array_agg(distinct ${persons}::uuid), '{}') from r where ${persons} is not null),
        $${n + 6}::text[], $${n + 7}, $${n + 8}::jsonb || jsonb_build_object('count', (select count(*) from r)))
    select * from r`;
  const result = await db.executeQuery<Row>(CompiledQuery.raw(text, parameters));
  return result.rows;
}
