import { z } from 'zod';
import { sql } from 'kysely';
import { Id } from '../core/http/contract.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import type { App } from '../core/http/server.ts';
import { AppError } from '../core/errors.ts';
import { inScope, scopeIncludes, SYSTEM_SCOPE } from '../core/access/scope.ts';
import type { Tx } from '../core/db/database.ts';
import { AcceptIn, DeclineIn, MergeOut, MergePreviewOut, MergeRequestIn, MergeRequestsOut, Outgoing, PersonQuery } from './schema.ts';
import { parsePersonnummer } from './personnummer.ts';
import { mergeRequestProblem, mergeRequestWithdrawProblem } from './rules.ts';
import { personForMerge } from './merge-store.ts';
import { previewFields, previewOf, runMerge } from './merge-routes.ts';
import { personsInScope } from './store.ts';

/**
 * Asking another unit to merge (issue 16). The caseworker of unit A names a record they cannot see,
 * by personnummer (the registration already says "known in another unit") or by a case number the
 * other unit gave them; the units holding that record see the request, preview it and accept (the
 * same merge as within one's units, audited, undoable) or decline with a reason. A's answers never
 * carry the other record: not its id, not its unit, nothing of the person, until it is accepted
 * (and then the survivor, A's record, holds what joined).
 */
export function registerMergeRequestRoutes(app: App) {
  app.route({
    method: 'POST',
    url: '/api/persons/:id/merge-requests',
    config: { access: 'cases.write' },
    schema: { summary: 'Ask the unit holding another record of this person (named by personnummer or case number) to merge it into this one', params: Id, body: MergeRequestIn, response: { 201: Outgoing } },
    handler: async (request, reply) => reply.status(201).send(await ask(callerOf(request), request.params.id, request.body)),
  });
  app.route({
    method: 'GET',
    url: '/api/persons/merge-requests',
    config: { access: 'cases.read' },
    schema: { summary: 'Merge requests to your units (pending) and from them (with their outcome); `person` narrows both to one of your records', querystring: PersonQuery, response: { 200: MergeRequestsOut } },
    handler: (request) => list(callerOf(request), request.query.person),
  });
  app.route({
    method: 'GET',
    url: '/api/persons/merge-requests/:id/preview',
    config: { access: 'cases.write' },
    schema: { summary: 'The preview of a merge another unit asks your unit for: both records, the joined one and what follows', params: Id, response: { 200: MergePreviewOut } },
    handler: (request) => previewRequest(callerOf(request), request.params.id),
  });
  app.route({
    method: 'POST',
    url: '/api/persons/merge-requests/:id/accept',
    config: { access: 'cases.write' },
    schema: { summary: 'Accept another unit’s merge request: your record is merged into theirs (send both versions you previewed); undoable for 30 days', params: Id, body: AcceptIn, response: { 200: MergeOut } },
    handler: (request) => accept(callerOf(request), request.params.id, request.body),
  });
  app.route({
    method: 'POST',
    url: '/api/persons/merge-requests/:id/decline',
    config: { access: 'cases.write' },
    schema: { summary: 'Decline another unit’s merge request, with the reason they will see', params: Id, body: DeclineIn, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await decline(callerOf(request), request.params.id, request.body.reason);
      return reply.status(204).send(null);
    },
  });
  app.route({
    method: 'POST',
    url: '/api/persons/merge-requests/:id/withdraw',
    config: { access: 'cases.write' },
    schema: { summary: 'Withdraw a request your unit sent while it is unanswered: the other unit no longer sees it and cannot accept it', params: Id, response: { 200: Outgoing } },
    handler: (request) => withdraw(callerOf(request), request.params.id),
  });
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The record named, outside the caller's units: by personnummer or by a case's number. */
async function namedRecord(tx: Tx, by: { personnummer?: string; caseNumber?: string }): Promise<string | null> {
  if (by.personnummer) {
    const p = parsePersonnummer(by.personnummer);
    if (!p.ok) throw new AppError(400, `personnummer.${p.error}`);
    // scope: a lookup by the full personnummer across units; its answer is only whether a request can be sent
    const row = await tx.selectFrom('persons').select('id').where('personnummer', '=', p.value.normalized).where('merged_into', 'is', null).executeTakeFirst();
    return row?.id ?? null;
  }
  // scope: a lookup by a case number another unit gave; its answer is only whether a request can be sent
  const row = await tx.selectFrom('cases').select('person_id').where('number', '=', by.caseNumber!).executeTakeFirst();
  return row?.person_id ?? null;
}

async function ask(caller: Caller, id: string, body: z.infer<typeof MergeRequestIn>) {
  return caller.transaction(async (tx, audit) => {
    const survivor = await personForMerge(tx, caller.scope, id);
    // The unit asking: one of the caller's units with a case of the person.
    // scope: the cases of a person loaded through personsInScope, narrowed to the caller's units
    const unit = await tx.selectFrom('cases as k').select('k.unit_id').where('k.person_id', '=', survivor.id).where(inScope('k.unit_id', caller.scope)).orderBy('k.opened_at', 'desc').executeTakeFirst();
    if (!unit) throw new AppError(404, 'notFound');
    const otherId = await namedRecord(tx, body);
    const inOwnUnits = otherId ? !!(await personsInScope(tx, caller.scope).select('p.id').where('p.id', '=', otherId).executeTakeFirst()) : false;
    // scope: whether the named record has a case at all (a unit to ask), by its id
    const held = otherId ? !!(await tx.selectFrom('cases').select('id').where('person_id', '=', otherId).executeTakeFirst()) : false;
    // scope: pending requests for this pair, by the ids just resolved
    const pending = otherId ? !!(await tx.selectFrom('person_merge_requests').select('id').where('survivor_id', '=', survivor.id).where('other_id', '=', otherId).where('status', '=', 'pending').executeTakeFirst()) : false;
    const problem = mergeRequestProblem({ survivorId: survivor.id, otherId, otherInCallersUnits: inOwnUnits, otherHeldByAUnit: held, pendingForPair: pending });
    if (problem === 'mergeRequestNoMatch') {
      await audit({ action: 'create', recordType: 'person_merge_request', personId: survivor.id, fields: [], details: { refused: problem, foundBy: body.personnummer ? 'personnummer' : 'case_number' } });
      throw new AppError(404, problem);
    }
    if (problem) throw new AppError(409, problem);
    const row = await tx
      .insertInto('person_merge_requests')
      .values({ requesting_unit_id: unit.unit_id, requested_by: caller.user.id, survivor_id: survivor.id, other_id: otherId!, found_by: body.personnummer ? 'personnummer' : 'case_number', message: body.message || null, decided_by: null, decided_at: null, decline_reason: null, merge_id: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    // Audited under both records: the named one was looked up (nothing of it was shown).
    await audit([
      { action: 'create', recordType: 'person_merge_request', recordId: row.id, personId: survivor.id, fields: ['foundBy', 'message'], details: { foundBy: row.found_by } },
      { action: 'create', recordType: 'person_merge_request', recordId: row.id, personId: otherId!, fields: [], details: { foundBy: row.found_by, askedBy: unit.unit_id } },
    ]);
    return outgoing(row);
  });
}

function outgoing(r: { id: string; survivor_id: string; found_by: 'personnummer' | 'case_number'; message: string | null; status: 'pending' | 'accepted' | 'declined' | 'withdrawn'; requested_at: Date; decided_at: Date | null; decline_reason: string | null }) {
  return { id: r.id, personId: r.survivor_id, foundBy: r.found_by, message: r.message, status: r.status, requestedAt: r.requested_at.toISOString(), decidedAt: iso(r.decided_at), declineReason: r.decline_reason };
}

async function list(caller: Caller, person?: string): Promise<MergeRequestsOut> {
  return caller.transaction(async (tx, audit) => {
    const mine = personsInScope(tx, caller.scope).select('p.id');
    let incomingQ = tx
      .selectFrom('person_merge_requests as r')
      .innerJoin('units as u', 'u.id', 'r.requesting_unit_id')
      .innerJoin('users as s', 's.id', 'r.requested_by')
      .innerJoin('persons as o', 'o.id', 'r.other_id')
      .select(['r.id', 'u.name as requestingUnit', 's.display_name as requestedBy', 'r.found_by as foundBy', 'r.message', 'r.requested_at', 'r.other_id as otherId', sql<string | null>`coalesce(o.name, o.pseudonym)`.as('otherLabel')])
      .where('r.status', '=', 'pending')
      .where('r.other_id', 'in', mine); // scope: the named record is one of the caller's (personsInScope)
    if (person) incomingQ = incomingQ.where('r.other_id', '=', person);
    const incoming = await incomingQ.orderBy('r.requested_at').execute();
    let outgoingQ = tx.selectFrom('person_merge_requests as r').selectAll('r').where('r.survivor_id', 'in', personsInScope(tx, caller.scope).select('p.id')); // scope: the requests for the caller's records (personsInScope)
    if (caller.scope.units !== 'all') outgoingQ = outgoingQ.where(inScope('r.requesting_unit_id', caller.scope));
    if (person) outgoingQ = outgoingQ.where('r.survivor_id', '=', person);
    const out = await outgoingQ.orderBy('r.requested_at', 'desc').limit(100).execute();
    await audit({ action: 'list', recordType: 'person_merge_request', ...(person ? { personId: person } : {}), details: { incoming: incoming.length, outgoing: out.length } });
    return {
      incoming: incoming.map((r) => ({ id: r.id, requestingUnit: r.requestingUnit, requestedBy: r.requestedBy, foundBy: r.foundBy, message: r.message, requestedAt: r.requested_at.toISOString(), otherId: r.otherId, otherLabel: r.otherLabel })),
      outgoing: out.map(outgoing),
    };
  });
}

/** A pending request to one of the caller's records, locked; 404 for anyone else (the requester included). */
async function requestToCaller(caller: Caller, tx: Tx, id: string) {
  // scope: checked below: the named record must be in the caller's scope (personForMerge answers 404 otherwise)
  const r = await tx.selectFrom('person_merge_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!r) throw new AppError(404, 'notFound');
  const other = await personForMerge(tx, caller.scope, r.other_id);
  if (r.status === 'withdrawn') throw new AppError(409, 'mergeRequestWithdrawn');
  if (r.status !== 'pending') throw new AppError(409, 'mergeRequestDecided');
  // The requester's record, disclosed to the units holding the named one by the request itself.
  // scope: the record a request to the caller's unit names as the one to merge into
  const survivor = await personForMerge(tx, SYSTEM_SCOPE, r.survivor_id);
  return { r, other, survivor };
}

async function previewRequest(caller: Caller, id: string): Promise<MergePreviewOut> {
  return caller.transaction(async (tx, audit) => {
    const { r, other, survivor } = await requestToCaller(caller, tx, id);
    const out = await previewOf(tx, survivor, other);
    const fields = previewFields(out);
    await audit([
      { action: 'read', recordType: 'person', recordId: survivor.id, personId: survivor.id, fields, details: { mergeRequest: r.id, mergePreviewWith: other.id } },
      { action: 'read', recordType: 'person', recordId: other.id, personId: other.id, fields, details: { mergeRequest: r.id, mergePreviewInto: survivor.id } },
    ]);
    return out;
  });
}

async function accept(caller: Caller, id: string, body: z.infer<typeof AcceptIn>): Promise<MergeOut> {
  return caller.transaction(async (tx, audit) => {
    const { r, other, survivor } = await requestToCaller(caller, tx, id);
    const done = await runMerge(caller, tx, audit, survivor, other, body, { mergeRequest: r.id });
    // scope: the request just loaded and checked
    await tx.updateTable('person_merge_requests').set({ status: 'accepted', decided_by: caller.user.id, decided_at: new Date(), merge_id: done.mergeId }).where('id', '=', r.id).execute();
    await audit({ action: 'update', recordType: 'person_merge_request', recordId: r.id, personId: survivor.id, fields: ['status'], details: { status: 'accepted', mergeId: done.mergeId } });
    return done;
  });
}

async function decline(caller: Caller, id: string, reason: string): Promise<void> {
  await caller.transaction(async (tx, audit) => {
    // scope: checked below: the named record must be in the caller's scope
    const r = await tx.selectFrom('person_merge_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r) throw new AppError(404, 'notFound');
    await personForMerge(tx, caller.scope, r.other_id);
    if (r.status === 'withdrawn') throw new AppError(409, 'mergeRequestWithdrawn');
    if (r.status !== 'pending') throw new AppError(409, 'mergeRequestDecided');
    // scope: the request just loaded and checked
    await tx.updateTable('person_merge_requests').set({ status: 'declined', decided_by: caller.user.id, decided_at: new Date(), decline_reason: reason }).where('id', '=', r.id).execute();
    await audit({ action: 'update', recordType: 'person_merge_request', recordId: r.id, personId: r.other_id, fields: ['status', 'declineReason'], details: { status: 'declined' } });
  });
}

/**
 * The asking unit takes its request back while it is unanswered. Only a unit that asked may (the
 * same right as asking, cases.write, in the requesting unit); to anyone else, the other unit
 * included, the request does not exist here (they decline instead). Audited under both records,
 * as the request was: the other unit's log of its record shows that the request was closed.
 */
async function withdraw(caller: Caller, id: string) {
  return caller.transaction(async (tx, audit) => {
    // scope: checked below: the requesting unit must be one of the caller's units for cases.write
    const r = await tx.selectFrom('person_merge_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    const problem = r ? mergeRequestWithdrawProblem({ callerInRequestingUnit: scopeIncludes(caller.scope, r.requesting_unit_id), status: r.status }) : 'notFound';
    if (problem === 'notFound' || !r) throw new AppError(404, 'notFound');
    if (problem) throw new AppError(409, problem);
    // scope: the request just loaded and checked
    const row = await tx
      .updateTable('person_merge_requests')
      .set({ status: 'withdrawn', decided_by: caller.user.id, decided_at: new Date() })
      .where('id', '=', r.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit([
      { action: 'update', recordType: 'person_merge_request', recordId: r.id, personId: r.survivor_id, fields: ['status'], details: { status: 'withdrawn' } },
      { action: 'update', recordType: 'person_merge_request', recordId: r.id, personId: r.other_id, fields: ['status'], details: { status: 'withdrawn' } },
    ]);
    return outgoing(row);
  });
}
