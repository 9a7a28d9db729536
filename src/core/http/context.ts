import type { CompiledQuery } from 'kysely';
import type { FastifyRequest } from 'fastify';
import type { Permission } from '../access/policy.ts';
import { NO_UNITS, scopeFor, type UnitScope } from '../access/scope.ts';
import { auditedList, auditedRead, writeAudit, type Actor, type AuditEntry } from '../audit-log/audit.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Db, Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { once, type IdempotencyClaim } from './idempotency.ts';

/** An audit entry as a handler writes it: the actor and (unless given) the purpose come from the request. */
export type CallerAuditEntry = Omit<AuditEntry, 'purpose'> & { purpose?: string };

/**
 * Who is asking, resolved once by the access hook from the session and the route's declared
 * permission: the user, the role and unit the audit log records, the units the route may see,
 * and the audit purpose. Handlers take it instead of re-deriving any of it.
 */
export interface Caller {
  readonly user: SessionUser;
  readonly actor: Actor;
  /** The units of the route's declared permission. */
  readonly scope: UnitScope;
  readonly purpose: string;
  /** The scope of another permission (a route that writes to one record type and checks another). */
  scopeFor(permission: Permission): UnitScope;
  /**
   * The one skeleton of a change: a transaction in which the handler loads (scoped, usually FOR
   * UPDATE), changes, and records its audit entries with `audit` — all commit, or none does.
   */
  transaction<T>(work: (tx: Tx, audit: (entry: CallerAuditEntry | readonly CallerAuditEntry[]) => Promise<void>) => Promise<T>): Promise<T>;
  /** Writes audit entries inside a transaction the handler already holds. */
  audit(tx: Tx, entry: CallerAuditEntry | readonly CallerAuditEntry[]): Promise<void>;
  /** A hot single-record read and its audit entry in one statement (see auditedRead). */
  auditedRead<Row>(query: CompiledQuery<Row>, entry: Omit<CallerAuditEntry, 'recordId' | 'personId'> & { recordIdColumn: string; personIdColumn?: string }): Promise<Row | undefined>;
  /** A hot list or search and its one audit entry (naming the persons shown, with the count) in one statement (see auditedList). */
  auditedList<Row>(query: CompiledQuery<Row>, entry: Omit<CallerAuditEntry, 'recordId' | 'personId' | 'personIds'> & { personIdColumn: string }): Promise<Row[]>;
}

export function makeCaller(db: Db, user: SessionUser, actor: Actor, permission: Permission | null, purpose: string, idempotency: IdempotencyClaim | null = null): Caller {
  // The request's Idempotency-Key applies to its first transaction (see idempotency.ts).
  let claim = idempotency;
  const complete = (entry: CallerAuditEntry | readonly CallerAuditEntry[]): AuditEntry[] =>
    (Array.isArray(entry) ? entry : [entry as CallerAuditEntry]).map((e) => ({ ...e, purpose: e.purpose ?? purpose }));
  const audit = (tx: Tx, entry: CallerAuditEntry | readonly CallerAuditEntry[]) => writeAudit(tx, actor, complete(entry));
  return {
    user,
    actor,
    scope: permission ? scopeFor(user.grants, permission) : NO_UNITS,
    purpose,
    scopeFor: (p) => scopeFor(user.grants, p),
    transaction: (work) =>
      db.transaction().execute((tx) => {
        const mine = claim;
        claim = null;
        if (!mine) return work(tx, (entry) => audit(tx, entry));
        let created = false;
        const auditNoting = (entry: CallerAuditEntry | readonly CallerAuditEntry[]) => {
          if ((Array.isArray(entry) ? entry : [entry as CallerAuditEntry]).some((e) => e.action === 'create')) created = true;
          return audit(tx, entry);
        };
        return once(tx, mine, () => work(tx, auditNoting), () => created);
      }),
    audit,
    auditedRead: (query, entry) => auditedRead(db, actor, query, { ...entry, purpose: entry.purpose ?? purpose }),
    auditedList: (query, entry) => auditedList(db, actor, query, { ...entry, purpose: entry.purpose ?? purpose }),
  };
}

/** The signed-in caller of a route that requires a permission or a session; 401 otherwise. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new AppError(401, 'unauthenticated');
  return request.caller;
}
