import { AppError } from '../core/errors.ts';
import { Id } from '../core/http/contract.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import type { App } from '../core/http/server.ts';
import type { Tx } from '../core/db/database.ts';
import { ageGroupToday, transferProblem } from './rules.ts';
import type { AgeGroup, PersonRole } from '../cases/rules.ts';
import { CaseTransfersOut, DeclineIn, IncomingTransfer, TransferDecisionOut, TransferIn, type TransferIn as TransferInT } from '../cases/schema.ts';
import { getCaseForWrite, worksInUnit } from '../cases/store.ts';
import {
  ageFactsOfCase,
  caseUnits,
  decideTransfer,
  getUnitForTransfer,
  hasPendingTransfer,
  incomingTransfers,
  insertTransfer,
  moveCaseToUnit,
  pendingTransferForDecision,
  transfersOfCase,
} from './transfer-store.ts';
import type { UnitScope } from '../core/access/scope.ts';

/**
 * Transfers of a case between units. The sending unit offers the case to a unit that fits the
 * routing rules with the person's age today; the receiving unit sees only a pending-transfer line
 * (no name or personnummer) until it accepts — then the case, with its journal, decisions, answers
 * and steps, is the receiving unit's and no longer the sender's. It may decline with a reason; the
 * sender may withdraw the offer. Every step audited.
 */
export function registerTransferRoutes(app: App) {
  app.route({
    method: 'GET',
    url: '/api/cases/transfers/incoming',
    config: { purpose: 'case work', access: 'cases.read' },
    schema: { summary: 'Transfers offered to your units, waiting for acceptance (only what is needed to decide)', response: { 200: IncomingTransfer.array() } },
    handler: (request) => listIncoming(callerOf(request)),
  });
  app.route({
    method: 'GET',
    url: '/api/cases/:id/transfers',
    config: { purpose: 'case work', access: 'cases.read' },
    schema: { summary: 'The transfers of a case, and the units it may be offered to now', params: Id, response: { 200: CaseTransfersOut } },
    handler: (request) => readTransfers(callerOf(request), request.params.id),
  });
  app.route({
    method: 'POST',
    url: '/api/cases/:id/transfers',
    config: { purpose: 'case work', access: 'cases.write' },
    schema: { summary: 'Offer the case to another unit (the routing rules hold with the age today)', params: Id, body: TransferIn, response: { 201: TransferDecisionOut } },
    handler: async (request, reply) => reply.status(201).send(await offerTransfer(callerOf(request), request.params.id, request.body)),
  });
  app.route({
    method: 'POST',
    url: '/api/cases/transfers/:id/accept',
    config: { purpose: 'case work', access: 'cases.write' },
    schema: { summary: 'Accept a case offered to your unit: it becomes your unit’s case with its whole history', params: Id, response: { 200: TransferDecisionOut } },
    handler: (request) => acceptTransfer(callerOf(request), request.params.id),
  });
  app.route({
    method: 'POST',
    url: '/api/cases/transfers/:id/decline',
    config: { purpose: 'case work', access: 'cases.write' },
    schema: { summary: 'Decline a case offered to your unit, with the reason', params: Id, body: DeclineIn, response: { 200: TransferDecisionOut } },
    handler: (request) => declineTransfer(callerOf(request), request.params.id, request.body.reason),
  });
  app.route({
    method: 'POST',
    url: '/api/cases/transfers/:id/withdraw',
    config: { purpose: 'case work', access: 'cases.write' },
    schema: { summary: 'Withdraw an offer your unit made', params: Id, response: { 200: TransferDecisionOut } },
    handler: (request) => withdrawTransfer(callerOf(request), request.params.id),
  });
}

/** The person's age group today, conservatively (the youngest plausible age). */
async function ageGroupNow(tx: Tx, scope: UnitScope, caseId: string): Promise<AgeGroup> {
  const facts = await ageFactsOfCase(tx, scope, caseId);
  if (!facts) throw new AppError(404, 'notFound');
  return ageGroupToday(facts);
}

async function listIncoming(caller: Caller) {
  return caller.transaction(async (tx, audit) => {
    const rows = await incomingTransfers(tx, caller.scope);
    await audit({ action: 'list', recordType: 'case_transfer', personIds: rows.map((r) => r.personId), fields: ['reason', 'ageGroup', 'personRole'], details: { count: rows.length, view: 'incoming' } });
    return rows.map(({ personId: _shownInAuditOnly, ...r }) => r);
  });
}

async function readTransfers(caller: Caller, id: string) {
  return caller.transaction(async (tx, audit) => {
    const c = await getCaseForWrite(tx, caller.scope, id);
    const now = await ageGroupNow(tx, caller.scope, c.id);
    const pending = await hasPendingTransfer(tx, c.id);
    const units = await caseUnits(tx);
    const from = units.find((u) => u.id === c.unit_id) ?? { id: c.unit_id, kind: '', active: true };
    const targets = units.filter((u) => !transferProblem({ status: c.status, from, to: u, ageGroupNow: now, personRole: c.person_role as PersonRole, pending }));
    const transfers = await transfersOfCase(tx, c.id);
    await audit({ action: 'read', recordType: 'case', recordId: c.id, personId: c.person_id, fields: ['transfers'] });
    return { transfers, ageGroupNow: now, targets: targets.map((u) => ({ id: u.id, name: u.name, kind: u.kind, district: u.district })) };
  });
}

async function offerTransfer(caller: Caller, id: string, body: TransferInT) {
  return caller.transaction(async (tx, audit) => {
    const c = await getCaseForWrite(tx, caller.scope, id);
    const [from, to] = [await getUnitForTransfer(tx, c.unit_id), await getUnitForTransfer(tx, body.toUnitId)];
    const now = await ageGroupNow(tx, caller.scope, c.id);
    const problem = transferProblem({ status: c.status, from, to, ageGroupNow: now, personRole: c.person_role as PersonRole, pending: await hasPendingTransfer(tx, c.id) });
    if (problem) throw new AppError(problem === 'caseClosed' || problem === 'transferPending' ? 409 : 400, problem === 'unitDoesNotMatchRouting' ? 'transferDoesNotMatchRouting' : problem, { kind: to.kind });
    const t = await insertTransfer(tx, { caseId: c.id, fromUnitId: from.id, toUnitId: to.id, reason: body.reason, note: body.note, ageGroup: now, requestedBy: caller.user.id });
    await audit({ action: 'create', recordType: 'case_transfer', recordId: t.id, personId: c.person_id, fields: ['toUnit', 'reason', 'note'], details: { caseId: c.id, from: from.id, to: to.id, reason: body.reason, ageGroup: now } });
    return { caseId: c.id, status: 'pending' };
  });
}

async function acceptTransfer(caller: Caller, id: string) {
  return caller.transaction(async (tx, audit) => {
    const t = await pendingTransferForDecision(tx, caller.scope, id, 'to');
    const assignee = (await worksInUnit(tx, caller.user.id, t.toUnitId)) ? caller.user.id : null;
    await decideTransfer(tx, t.id, 'accepted', caller.user.id, null);
    await moveCaseToUnit(tx, t.caseId, t.toUnitId, t.ageGroup, assignee);
    await audit([
      { action: 'update', recordType: 'case_transfer', recordId: t.id, personId: t.personId, fields: ['status'], details: { status: 'accepted' } },
      { action: 'update', recordType: 'case', recordId: t.caseId, personId: t.personId, fields: ['unit', 'ageGroup', 'assignedTo'], details: { from: t.fromUnitId, to: t.toUnitId, transfer: t.id } },
    ]);
    return { caseId: t.caseId, status: 'accepted' };
  });
}

async function declineTransfer(caller: Caller, id: string, reason: string) {
  return caller.transaction(async (tx, audit) => {
    const t = await pendingTransferForDecision(tx, caller.scope, id, 'to');
    await decideTransfer(tx, t.id, 'declined', caller.user.id, reason);
    await audit({ action: 'update', recordType: 'case_transfer', recordId: t.id, personId: t.personId, fields: ['status', 'declineReason'], details: { status: 'declined' } });
    return { caseId: t.caseId, status: 'declined' };
  });
}

async function withdrawTransfer(caller: Caller, id: string) {
  return caller.transaction(async (tx, audit) => {
    const t = await pendingTransferForDecision(tx, caller.scope, id, 'from');
    await decideTransfer(tx, t.id, 'withdrawn', caller.user.id, null);
    await audit({ action: 'update', recordType: 'case_transfer', recordId: t.id, personId: t.personId, fields: ['status'], details: { status: 'withdrawn' } });
    return { caseId: t.caseId, status: 'withdrawn' };
  });
}
