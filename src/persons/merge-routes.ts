import { Id } from '../core/http/contract.ts';
import { callerOf, type Caller, type CallerAuditEntry } from '../core/http/context.ts';
import type { App } from '../core/http/server.ts';
import { AppError } from '../core/errors.ts';
import type { Tx } from '../core/db/database.ts';
import { MERGE_UNDO_DAYS, PERSON_FIELDS, CONTACT_DETAIL_FIELDS, isProtected, mergedPerson, mergeProblem, mergeUndoProblem, personShown, protectionRank, undoneFields, type MergeFields } from './rules.ts';
import { MergeIn, MergeOut, MergePreviewOut, MergeQuery, MergeSummary, UndoOut } from './schema.ts';
import { countFollowingCases, countReferences, mergeFieldsOf, moveBack, moveReferences, personForMerge, writeMergeFields, type MovedRows } from './merge-store.ts';
import { personsInScope } from './store.ts';

type AuditFn = (entry: CallerAuditEntry | readonly CallerAuditEntry[]) => Promise<void>;

const undoUntil = (mergedAt: Date) => new Date(mergedAt.getTime() + MERGE_UNDO_DAYS * 86_400_000).toISOString();
/** A merged record keeps nothing but its id and pointer: its fields went to the survivor. */
const EMPTIED: MergeFields = {
  identityMode: 'anonymous', personnummer: null, idKind: null, name: null, pseudonym: null, birthDate: null, birthYear: null, gender: 'not_stated', languages: [], interpreterNeeded: false,
  citizenship: null, euCitizen: null, riskFactors: [], residenceStatus: 'unknown', districtId: null, protection: 'none', address: null, phone: null, email: null,
};

/**
 * Merging two records of the same person (issue 16): first met anonymously or under a pseudonym,
 * later identified. Both records must be of the caller's units; the preview shows what joins; the
 * cases, contacts, consents and plans follow the survivor; the stricter protection wins; audited on
 * both records; undone within MERGE_UNDO_DAYS.
 */
export function registerMergeRoutes(app: App) {
  app.route({
    method: 'GET',
    url: '/api/persons/:id/merge-preview',
    config: { access: 'cases.write' },
    schema: { summary: 'What a merge of another record into this person would give: the joined record and the rows that would follow', params: Id, querystring: MergeQuery, response: { 200: MergePreviewOut } },
    handler: (request) => preview(callerOf(request), request.params.id, request.query.other),
  });
  app.route({
    method: 'POST',
    url: '/api/persons/:id/merge',
    config: { access: 'cases.write' },
    schema: { summary: 'Merge another record of the same person into this one (send both versions you previewed); can be undone for 30 days', params: Id, body: MergeIn, response: { 200: MergeOut } },
    handler: (request) => merge(callerOf(request), request.params.id, request.body),
  });
  app.route({
    method: 'GET',
    url: '/api/persons/:id/merges',
    config: { access: 'cases.read' },
    schema: { summary: 'The merges into this person, with whether each can still be undone', params: Id, response: { 200: MergeSummary.array() } },
    handler: (request) => listMerges(callerOf(request), request.params.id),
  });
  app.route({
    method: 'POST',
    url: '/api/persons/merges/:id/undo',
    config: { access: 'cases.write' },
    schema: { summary: 'Undo a merge within its window: the rows that moved go back, both records are restored (later changes stay)', params: Id, response: { 200: UndoOut } },
    handler: (request) => undo(callerOf(request), request.params.id),
  });
}

async function both(caller: Caller, tx: Tx, id: string, otherId: string) {
  // Locked in id order, so two merges of the same pair at once cannot deadlock.
  const [first, second] = id < otherId ? [id, otherId] : [otherId, id];
  const a = await personForMerge(tx, caller.scope, first);
  const b = first === second ? a : await personForMerge(tx, caller.scope, second);
  return id === first ? { survivor: a, other: b } : { survivor: b, other: a };
}

async function preview(caller: Caller, id: string, otherId: string): Promise<MergePreviewOut> {
  return caller.transaction(async (tx, audit) => {
    const { survivor, other } = await both(caller, tx, id, otherId);
    const out = await previewOf(tx, survivor, other);
    const fields = previewFields(out);
    await audit([
      { action: 'read', recordType: 'person', recordId: survivor.id, personId: survivor.id, fields, details: { mergePreviewWith: other.id } },
      { action: 'read', recordType: 'person', recordId: other.id, personId: other.id, fields, details: { mergePreviewInto: survivor.id } },
    ]);
    return out;
  });
}

async function merge(caller: Caller, id: string, body: { other: string; version: number; otherVersion: number }): Promise<MergeOut> {
  return caller.transaction(async (tx, audit) => {
    const { survivor, other } = await both(caller, tx, id, body.other);
    return runMerge(caller, tx, audit, survivor, other, body, {});
  });
}

type Locked = Awaited<ReturnType<typeof personForMerge>>;

/**
 * The merge itself, of two records already loaded and locked: checked, both written, the rows
 * moved, recorded for the undo and audited on both records. Used by a merge in the caller's own
 * units and by the acceptance of another unit's request (`details` names the request).
 */
export async function runMerge(
  caller: Caller,
  tx: Tx,
  audit: AuditFn,
  survivor: Locked,
  other: Locked,
  versions: { version: number; otherVersion: number },
  details: Record<string, unknown>,
): Promise<MergeOut> {
  const problem = mergeProblem(survivor, other);
  if (problem) throw new AppError(409, problem);
  if (survivor.version !== versions.version || other.version !== versions.otherVersion) throw new AppError(409, 'conflict');
  const before = mergeFieldsOf(survivor);
  const otherBefore = mergeFieldsOf(other);
  const result = mergedPerson(before, otherBefore);
  // The merged record is emptied first: its personnummer (unique) goes to the survivor.
  await writeMergeFields(tx, other.id, EMPTIED, survivor.id);
  await writeMergeFields(tx, survivor.id, result, null);
  const moved = await moveReferences(tx, other.id, survivor.id);
  const row = await tx
    .insertInto('person_merges')
    .values({ survivor_id: survivor.id, merged_id: other.id, merged_by: caller.user.id, survivor_before: JSON.stringify(before), merged_before: JSON.stringify(otherBefore), moved: JSON.stringify(moved) })
    .returning(['id', 'merged_at'])
    .executeTakeFirstOrThrow();
  const moves = moved.map((m) => ({ table: m.table, count: m.ids.length }));
  const changed = (Object.keys(before) as (keyof MergeFields)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(result[k]));
  const protection = result.protection !== before.protection ? { protection: { from: before.protection, to: result.protection } } : {};
  await audit([
    { action: 'update', recordType: 'person', recordId: survivor.id, personId: survivor.id, fields: ['merge', ...changed], details: { mergeId: row.id, mergedFrom: other.id, moves, ...protection, ...details } },
    { action: 'update', recordType: 'person', recordId: other.id, personId: other.id, fields: ['mergedInto', ...PERSON_FIELDS, ...CONTACT_DETAIL_FIELDS], details: { mergeId: row.id, mergedInto: survivor.id, ...details } },
  ]);
  return { mergeId: row.id, survivorId: survivor.id, moves, undoUntil: undoUntil(row.merged_at) };
}

/** The preview of a merge of two loaded records: what staff see, without the audit (the caller writes it). */
export async function previewOf(tx: Tx, survivor: Locked, other: Locked): Promise<MergePreviewOut> {
  const result = mergedPerson(mergeFieldsOf(survivor), mergeFieldsOf(other));
  const moves = await countReferences(tx, other.id);
  const follows = await countFollowingCases(tx, other.id);
  const hide = isProtected(survivor.protection) || isProtected(other.protection);
  const { mergedInto: _s, ...s } = survivor;
  const { mergedInto: _o, ...o } = other;
  return {
    survivor: personShown(s, { hideContactDetails: hide }),
    other: personShown(o, { hideContactDetails: hide }),
    result: personShown({ ...result, id: survivor.id, version: survivor.version }, { hideContactDetails: hide }),
    moves,
    follows,
    protectionRaised: protectionRank(result.protection) > protectionRank(survivor.protection),
    problem: mergeProblem(survivor, other),
  };
}

/** The fields a merge preview discloses of each record. */
export function previewFields(p: MergePreviewOut): string[] {
  return p.survivor.contactDetailsHidden ? PERSON_FIELDS : PERSON_FIELDS.concat(CONTACT_DETAIL_FIELDS);
}

async function listMerges(caller: Caller, id: string) {
  return caller.transaction(async (tx, audit) => {
    const person = await personsInScope(tx, caller.scope).select('p.id').where('p.id', '=', id).executeTakeFirst();
    if (!person) throw new AppError(404, 'notFound');
    // scope: the merges into a person the caller loaded through personsInScope
    const rows = await tx.selectFrom('person_merges').select(['id', 'merged_id', 'merged_at', 'undone_at']).where('survivor_id', '=', person.id).orderBy('merged_at', 'desc').execute();
    await audit({ action: 'list', recordType: 'person_merge', personId: person.id, details: { count: rows.length } });
    const now = new Date();
    return rows.map((r) => ({ id: r.id, mergedId: r.merged_id, mergedAt: r.merged_at.toISOString(), undoneAt: r.undone_at?.toISOString() ?? null, undoUntil: undoUntil(r.merged_at), canUndo: mergeUndoProblem({ mergedAt: r.merged_at, undoneAt: r.undone_at }, now) === null }));
  });
}

async function undo(caller: Caller, mergeId: string) {
  return caller.transaction(async (tx, audit) => {
    // scope: checked below: the survivor must be in the caller's scope (personForMerge answers 404 otherwise)
    const m = await tx.selectFrom('person_merges').selectAll().where('id', '=', mergeId).forUpdate().executeTakeFirst();
    if (!m) throw new AppError(404, 'notFound');
    const survivor = await personForMerge(tx, caller.scope, m.survivor_id);
    const problem = mergeUndoProblem({ mergedAt: m.merged_at, undoneAt: m.undone_at }, new Date());
    if (problem) throw new AppError(409, problem);
    const before = m.survivor_before as MergeFields;
    const mergedBefore = m.merged_before as MergeFields;
    const restored = undoneFields(before, mergedPerson(before, mergedBefore), mergeFieldsOf(survivor));
    await writeMergeFields(tx, survivor.id, restored, null);
    // scope: the merged record of this merge, emptied and pointing at the survivor
    await writeMergeFields(tx, m.merged_id, mergedBefore, null);
    const rowsMovedBack = await moveBack(tx, m.moved as MovedRows[], survivor.id, m.merged_id);
    // scope: the merge just loaded and checked
    await tx.updateTable('person_merges').set({ undone_at: new Date(), undone_by: caller.user.id }).where('id', '=', m.id).execute();
    await audit([
      { action: 'update', recordType: 'person', recordId: survivor.id, personId: survivor.id, fields: ['mergeUndone'], details: { mergeId: m.id, restored: m.merged_id, rowsMovedBack } },
      { action: 'update', recordType: 'person', recordId: m.merged_id, personId: m.merged_id, fields: ['mergeUndone', ...PERSON_FIELDS, ...CONTACT_DETAIL_FIELDS], details: { mergeId: m.id, from: survivor.id } },
    ]);
    return { undone: true as const, rowsMovedBack };
  });
}
