import { hash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { ChainHead } from './checkpoints.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** One link of the chain: the hash of the previous link and the entry's canonical text. */
export function linkHash(previousHash: string, canonicalEntry: string): string {
  // One-shot hash: a Hash object per link cost twice the time (sealing, and verifying millions of links).
  return hash('sha256', `${previousHash}\n${canonicalEntry}`);
}

// The entry as text, built by the database so that the sealer and the verifier read the same bytes
// (timestamps to the microsecond, jsonb in its normalised form). person_ids (0003) comes last and
// without coalesce: concat_ws skips a null, so an entry without it reads as it did before the column.
const canonicalSql = sql<string>`concat_ws(chr(31), id::text,
  to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  coalesce(actor_user_id::text, ''), coalesce(actor_role, ''), coalesce(actor_unit_id::text, ''),
  action, record_type, coalesce(record_id, ''), coalesce(person_id::text, ''),
  array_to_string(fields, ','), purpose, coalesce(details::text, ''),
  case when person_ids is not null then 'persons:' || array_to_string(person_ids, ',') end)`;

const SEALER_LOCK = 7402;
const AUDIT_WRITERS_LOCK = 7401;

/**
 * Links every new audit entry into the hash chain. Writers take a shared lock for the life of their
 * transaction (see the audit_log trigger); taking it exclusively for an instant tells us that every
 * id up to the current maximum is committed or will never exist, so entries are chained in id order
 * without holes. Only one sealer runs at a time across all instances.
 */
export async function sealAudit(db: Db, batchSize = 500): Promise<number> {
  return db.connection().execute(async (conn) => {
    const { rows: gotLock } = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${SEALER_LOCK}) as ok`.execute(conn);
    if (!gotLock[0]?.ok) return 0;
    try {
      // One statement, its own transaction: the writers wait only while it runs, not for the round
      // trips of a BEGIN … COMMIT (every audited request stalled behind them at each tick). Its
      // snapshot may be older than the lock, and that is enough: an id below the newest one it sees
      // was taken before it, by a writer that held the shared lock from then to its end — so once
      // the lock is granted, every id up to `high` is committed or will never exist.
      const { rows: highRows } = await sql<{ high: number | string | null }>`
        select (select max(id) from audit_log) as high, pg_advisory_xact_lock(${AUDIT_WRITERS_LOCK})`.execute(conn);
      const high = Number(highRows[0]?.high ?? 0);
      // Only the holder of the sealer lock writes seals: after the first read, the chain's end is ours to keep.
      const last = await conn.selectFrom('audit_seal').select(['audit_id', 'hash']).orderBy('audit_id', 'desc').limit(1).executeTakeFirst();
      let lastId = Number(last?.audit_id ?? 0);
      let previous = last?.hash ?? GENESIS_HASH;
      let sealed = 0;
      for (;;) {
        const { rows } = await sql<{ id: number; canonical: string }>`
          select id, ${canonicalSql} as canonical from audit_log where id > ${lastId} and id <= ${high} order by id limit ${batchSize}`.execute(conn);
        if (rows.length === 0) return sealed;
        const ids = new Array<number>(rows.length);
        const hashes = new Array<string>(rows.length);
        for (let i = 0; i < rows.length; i++) {
          previous = linkHash(previous, rows[i]!.canonical);
          ids[i] = rows[i]!.id;
          hashes[i] = previous;
        }
        // Two array parameters, not a row of values per entry: building and sending a statement
        // of thousands of parameters held the event loop (the requests in the same process) for
        // a quarter of a second after a busy minute.
        await sql`insert into audit_seal (audit_id, hash) select * from unnest(${ids}::bigint[], ${hashes}::text[])`.execute(conn);
        sealed += rows.length;
        lastId = ids[ids.length - 1]!;
        // The sealer shares the process with the requests: a batch at a time, and they go between.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      await sql`select pg_advisory_unlock(${SEALER_LOCK})`.execute(conn);
    }
  });
}

export type ChainProblem = 'modified' | 'deleted' | 'unsealed-between-sealed' | 'truncated' | 'rewritten';

export interface ChainReport {
  ok: boolean;
  checked: number;
  unsealed: number;
  head: { id: number; hash: string } | null;
  firstBroken: { auditId: number; problem: ChainProblem; source?: string } | null;
}

/**
 * Walks the whole chain in id windows and reports the first broken link: an entry whose text no
 * longer gives its seal (modified, or a link before it removed), a seal whose entry is gone
 * (deleted), or an unsealed entry with sealed ones after it (inserted afterwards). Then each head
 * recorded outside the chain (checkpoints, log reviews — see checkpoints.ts) must still be in it
 * with the same hash: a head past the end means the newest entries were removed with their seals
 * (truncated); a different hash means the chain was recomputed after a change (rewritten).
 * Ids are drawn from a sequence, so a gap alone (a rolled-back write) is no evidence.
 */
export async function verifyAuditChain(db: Db, options: { windowSize?: number; heads?: readonly ChainHead[] } = {}): Promise<ChainReport> {
  const windowSize = options.windowSize ?? 20_000;
  const wanted = new Set((options.heads ?? []).map((h) => h.auditId));
  const recomputed = new Map<number, string>();
  const { rows } = await sql<{ max_entry: string | null; max_seal: string | null }>`
    select (select max(id) from audit_log) as max_entry, (select max(audit_id) from audit_seal) as max_seal`.execute(db);
  const maxes = rows[0]!;
  const maxSeal = Number(maxes.max_seal ?? 0);
  const maxId = Math.max(Number(maxes.max_entry ?? 0), maxSeal);
  let previous = GENESIS_HASH;
  let checked = 0;
  let unsealed = 0;
  let head: ChainReport['head'] = null;
  const broken = (auditId: number, problem: ChainProblem): ChainReport => ({
    ok: false,
    checked,
    unsealed,
    head,
    firstBroken: { auditId, problem },
  });

  for (let low = 1; low <= maxId; low += windowSize) {
    const high = low + windowSize;
    const [entries, seals] = await Promise.all([
      db.selectFrom('audit_log').select(['id', canonicalSql.as('canonical')]).where('id', '>=', low).where('id', '<', high).orderBy('id').execute(),
      db.selectFrom('audit_seal').select(['audit_id', 'hash']).where('audit_id', '>=', low).where('audit_id', '<', high).orderBy('audit_id').execute(),
    ]);
    const sealById = new Map(seals.map((s) => [Number(s.audit_id), s.hash]));
    const entryIds = new Set(entries.map((e) => Number(e.id)));
    const deleted = seals.find((s) => !entryIds.has(Number(s.audit_id)));
    for (const entry of entries) {
      const id = Number(entry.id);
      if (deleted && Number(deleted.audit_id) < id) return broken(Number(deleted.audit_id), 'deleted');
      const seal = sealById.get(id);
      if (seal === undefined) {
        if (id < maxSeal) return broken(id, 'unsealed-between-sealed');
        unsealed++;
        continue;
      }
      if (linkHash(previous, entry.canonical) !== seal) return broken(id, 'modified');
      if (wanted.has(id)) recomputed.set(id, seal);
      previous = seal;
      head = { id, hash: seal };
      checked++;
    }
    if (deleted) return broken(Number(deleted.audit_id), 'deleted');
  }
  const recordedProblems = [...(options.heads ?? [])]
    .sort((a, b) => a.auditId - b.auditId)
    .flatMap((h) => {
      const hash = recomputed.get(h.auditId);
      if (hash === h.hash) return [];
      const problem: ChainProblem = hash === undefined && h.auditId > (head?.id ?? 0) ? 'truncated' : hash === undefined ? 'deleted' : 'rewritten';
      return [{ auditId: h.auditId, problem, source: h.source }];
    });
  if (recordedProblems.length > 0) return { ok: false, checked, unsealed, head, firstBroken: recordedProblems[0]! };
  return { ok: true, checked, unsealed, head, firstBroken: null };
}
