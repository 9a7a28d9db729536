import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import { z } from 'zod';
import { casesInScope } from '../cases/store.ts';
import { regionalReferralProblem } from '../cases/rules.ts';
import type { UnitScope } from '../core/access/scope.ts';
import { AppError } from '../core/errors.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import { clockOf, type App, type AppDeps } from '../core/http/server.ts';
import { pickLanguage, translate } from '../core/i18n/server.ts';
import { swedishDate } from '../core/time/stockholm.ts';
import { consentActorKind, CSV_COLUMNS, entryFromCsv, namedConsentProblem, referralProblem } from './rules.ts';
import { consentState, insertConsent } from '../consents/store.ts';
import { registerDirectoryPage } from './visitor/page.ts';
import { ActiveIn, CaseReferralIn, ChatReferralIn, Created, EntryIn, EntryOut, EntryWrite, ManagedEntryOut, Id, ImportIn, ImportOut, OutcomeIn, ReferralOut, ReferralStat, SearchQuery } from './schema.ts';
import { allEntries, entriesDueForReview, entryRow, insertEntries, managedEntries, ownedEntryForWrite, searchEntries } from './store.ts';

const inUnits = (scope: UnitScope, unitId: string) => scope.units === 'all' || scope.units.includes(unitId);
const Range = z.object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

/** The resource directory: search for the public and staff, entries and their review, CSV, referrals. */
export function registerDirectoryRoutes(app: App, deps: AppDeps) {
  const { db } = deps;
  const clock = clockOf(deps);
  const today = () => swedishDate(clock());
  registerDirectoryPage(app, db, today);

  app.route({
    method: 'GET',
    url: '/api/directory/public/search',
    config: { access: 'public' },
    schema: { summary: 'Search the public entries (full text in Swedish or English, and filters)', querystring: SearchQuery, response: { 200: z.array(EntryOut) } },
    handler: async (request) => searchEntries(db, request.query, 'public', today()),
  });
  app.route({
    method: 'GET',
    url: '/api/directory/search',
    config: { access: 'directory.read' },
    schema: { summary: 'Search every entry, internal ones (direct lines for professionals) included', querystring: SearchQuery, response: { 200: z.array(EntryOut) } },
    handler: async (request) => searchEntries(db, request.query, 'staff', today()),
  });
  app.route({
    method: 'GET',
    url: '/api/directory/review-due',
    config: { access: 'directory.manage' },
    schema: { summary: 'Entries of the caller’s units not reviewed for twelve months', response: { 200: z.array(EntryOut) } },
    handler: async (request) => entriesDueForReview(db, callerOf(request).scope, today()),
  });
  app.route({
    method: 'POST',
    url: '/api/directory/entries',
    config: { access: 'directory.manage' },
    schema: { summary: 'Add an entry owned by one of the caller’s units', body: z.object({ entry: EntryIn, ownerUnitId: z.string().uuid() }), response: { 201: Created } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      if (!inUnits(caller.scope, request.body.ownerUnitId)) throw new AppError(403, 'notOwnUnit');
      const id = await caller.transaction(async (tx, audit) => {
        const [id] = await insertEntries(tx, [entryRow(request.body.entry, request.body.ownerUnitId)]);
        await audit({ action: 'create', recordType: 'directory_entry', recordId: id, fields: Object.keys(request.body.entry) });
        return id!;
      });
      return reply.status(201).send({ id });
    },
  });
  app.route({
    method: 'GET',
    url: '/api/directory/entries',
    config: { access: 'directory.manage' },
    schema: { summary: 'The entries the caller’s units own, deactivated ones too (to edit)', response: { 200: z.array(ManagedEntryOut) } },
    handler: async (request) => managedEntries(db, callerOf(request).scope, today()),
  });
  app.route({
    method: 'GET',
    url: '/api/directory/entries/:id',
    config: { access: 'directory.manage' },
    schema: { summary: 'One entry the caller’s units own, to edit', params: Id, response: { 200: ManagedEntryOut, 404: z.object({ error: z.string(), message: z.string() }) } },
    handler: async (request) => {
      const [e] = await managedEntries(db, callerOf(request).scope, today(), request.params.id);
      if (!e) throw new AppError(404, 'notFound');
      return e;
    },
  });
  app.route({
    method: 'PUT',
    url: '/api/directory/entries/:id',
    config: { access: 'directory.manage' },
    schema: { summary: 'Change an entry (its owner unit only; it may be handed to another of the caller’s units)', params: Id, body: EntryWrite, response: { 204: z.null(), 404: z.object({ error: z.string(), message: z.string() }) } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      await caller.transaction(async (tx, audit) => {
        const e = await ownedEntryForWrite(tx, caller.scope, request.params.id);
        if (!e) throw new AppError(404, 'notFound');
        if (!inUnits(caller.scope, request.body.ownerUnitId)) throw new AppError(403, 'notOwnUnit');
        await tx.updateTable('directory_entries').set({ ...entryRow(request.body.entry, request.body.ownerUnitId), updated_at: clock() }).where('id', '=', e.id).execute();
        await audit({ action: 'update', recordType: 'directory_entry', recordId: e.id, fields: [...Object.keys(request.body.entry), ...(e.owner_unit_id !== request.body.ownerUnitId ? ['owner'] : [])] });
      });
      return reply.status(204).send(null);
    },
  });
  app.route({
    method: 'POST',
    url: '/api/directory/entries/:id/active',
    config: { access: 'directory.manage' },
    schema: { summary: 'Deactivate an entry (found by no search, its referrals kept) or bring it back', params: Id, body: ActiveIn, response: { 204: z.null(), 404: z.object({ error: z.string(), message: z.string() }) } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      await caller.transaction(async (tx, audit) => {
        const e = await ownedEntryForWrite(tx, caller.scope, request.params.id);
        if (!e) throw new AppError(404, 'notFound');
        const active = request.body.active;
        await tx.updateTable('directory_entries').set({ active, deactivated_at: active ? null : clock(), updated_at: clock() }).where('id', '=', e.id).execute();
        await audit({ action: 'update', recordType: 'directory_entry', recordId: e.id, fields: ['active'], details: { active } });
      });
      return reply.status(204).send(null);
    },
  });
  app.route({
    method: 'POST',
    url: '/api/directory/entries/:id/reviewed',
    config: { access: 'directory.manage' },
    schema: { summary: 'Mark an entry reviewed today (its owner unit only)', params: Id, response: { 204: z.null(), 404: z.object({ error: z.string(), message: z.string() }) } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      await caller.transaction(async (tx, audit) => {
        const e = await ownedEntryForWrite(tx, caller.scope, request.params.id);
        if (!e) throw new AppError(404, 'notFound');
        await tx.updateTable('directory_entries').set({ last_reviewed_on: today(), updated_at: clock() }).where('id', '=', e.id).execute();
        await audit({ action: 'update', recordType: 'directory_entry', recordId: e.id, fields: ['lastReviewedOn'] });
      });
      return reply.status(204).send(null);
    },
  });
  app.route({
    method: 'POST',
    url: '/api/directory/import',
    config: { access: 'directory.manage' },
    schema: {
      summary: 'Import entries from CSV (RFC 4180, header row with the export’s columns). Row-level errors; nothing is imported while any row has one unless partial is asked for.',
      body: ImportIn,
      response: { 200: ImportOut, 422: ImportOut.extend({ error: z.string(), message: z.string() }) },
    },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      if (!inUnits(caller.scope, request.body.ownerUnitId)) throw new AppError(403, 'notOwnUnit');
      const result = importCsv(request.body.csv, request.body.ownerUnitId);
      if (result.errors.length && !request.body.partial) {
        const rows = new Set(result.errors.map((e) => e.row)).size;
        return reply.status(422).send({ error: 'importHasErrors', message: translate(pickLanguage(request.headers['accept-language']), 'importHasErrors', { count: rows }), imported: 0, errors: result.errors });
      }
      const imported = await caller.transaction(async (tx, audit) => {
        const ids = await insertEntries(tx, result.rows);
        await audit({ action: 'create', recordType: 'directory_entry', fields: ['import'], details: { count: ids.length, rowsWithErrors: new Set(result.errors.map((e) => e.row)).size } });
        return ids.length;
      });
      return { imported, errors: result.errors };
    },
  });
  app.route({
    method: 'GET',
    url: '/api/directory/export',
    config: { access: 'directory.read' },
    schema: { summary: 'Every entry as CSV (the import’s columns)', produces: ['text/csv'] },
    handler: async (_request, reply) => {
      const rows = (await allEntries(db, today())).map((e) => [
        e.name, e.kind, e.offerSv, e.offerEn, e.targetGroups.join(';'), e.ageMin ?? '', e.ageMax ?? '', e.genders.join(';'), e.languages.join(';'), e.openingHours,
        e.phone ?? '', e.email ?? '', e.web ?? '', e.address ?? '', e.anonymousContact ? 'ja' : 'nej', e.exclusionCriteria ?? 'inga', e.meansTested ? 'ja' : 'nej', e.evidenceNote ?? '', e.visibility, e.lastReviewedOn,
      ]);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="katalog.csv"')
        .send(stringify([[...CSV_COLUMNS], ...rows]));
    },
  });

  // ---- Referrals: one model, always to a directory entry ----
  app.route({
    method: 'POST',
    url: '/api/directory/case-referrals',
    config: { access: 'cases.write', purpose: 'referral' },
    schema: { summary: 'Refer from a case to a directory entry (Barnahus, the regional coordinator, civil society, …): date, by whom, consent or legal basis', body: CaseReferralIn, response: { 201: Created } },
    handler: async (request, reply) => reply.status(201).send(await referFromCase(callerOf(request), today(), request.body)),
  });
  app.route({
    method: 'POST',
    url: '/api/directory/chat-referrals',
    config: { access: 'chat.counsel', purpose: 'referral' },
    schema: { summary: 'Record that an anonymous chat was referred to a directory entry (nothing about the visitor is shared or kept)', body: ChatReferralIn, response: { 201: Created } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      const unitId = caller.actor.unitId;
      if (!unitId) throw new AppError(403, 'forbidden');
      const row = await db
        .insertInto('referrals')
        .values({ entry_id: request.body.entryId, source: 'chat', case_id: null, unit_id: unitId, referred_on: request.body.referredOn, referred_by: caller.user.id, consent_id: null, basis: 'anonymous', consent_given_on: null, legal_basis: null })
        .returning('id')
        .executeTakeFirstOrThrow()
        .catch((err: { code?: string }) => {
          throw err.code === '23503' ? new AppError(404, 'unknownEntry') : err;
        });
      return reply.status(201).send(row);
    },
  });
  app.route({
    method: 'GET',
    url: '/api/directory/case-referrals',
    config: { access: 'cases.read', purpose: 'referral' },
    schema: { summary: 'The referrals of a case (audited)', querystring: z.object({ caseId: z.string().uuid() }), response: { 200: z.array(ReferralOut) } },
    handler: async (request) => {
      const caller = callerOf(request);
      return caller.transaction(async (tx, audit) => {
        const c = await casesInScope(tx, caller.scope).select(['k.id', 'k.person_id']).where('k.id', '=', request.query.caseId).executeTakeFirst();
        if (!c) throw new AppError(404, 'notFound');
        // scope: the referrals of a case just found in the caller's scope (casesInScope above)
        const rows = await tx
          .selectFrom('referrals as r')
          .innerJoin('directory_entries as e', 'e.id', 'r.entry_id')
          .leftJoin('users as u', 'u.id', 'r.referred_by')
          .select(['r.id', 'r.entry_id as entryId', 'e.name as entryName', 'r.source', sql<string>`r.referred_on::text`.as('referredOn'), 'u.display_name as referredByName', 'r.basis', 'r.consent_id as consentId', sql<string | null>`r.consent_given_on::text`.as('consentGivenOn'), 'r.legal_basis as legalBasis', 'r.outcome'])
          .where('r.case_id', '=', c.id)
          .orderBy('r.referred_on', 'desc')
          .execute();
        await audit({ action: 'read', recordType: 'referral', recordId: c.id, personId: c.person_id, fields: ['referrals'], details: { count: rows.length } });
        return rows;
      });
    },
  });
  app.route({
    method: 'POST',
    url: '/api/directory/referrals/:id/outcome',
    config: { access: 'cases.write', purpose: 'referral' },
    schema: { summary: 'Record the outcome of a referral from a case', params: Id, body: OutcomeIn, response: { 204: z.null() } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      await caller.transaction(async (tx, audit) => {
        // scope: through the referral's case, filtered by casesInScope below
        const r = await tx
          .selectFrom('referrals as r')
          .select(['r.id', 'r.case_id'])
          .where('r.id', '=', request.params.id)
          // scope: the referral's case must be in the caller's units (the line below)
          .where('r.case_id', 'in', casesInScope(tx, caller.scope).select('k.id'))
          .forUpdate()
          .executeTakeFirst();
        if (!r) throw new AppError(404, 'notFound');
        const c = await casesInScope(tx, caller.scope).select('k.person_id').where('k.id', '=', r.case_id!).executeTakeFirstOrThrow();
        // scope: the referral just found through a case in scope
        await tx.updateTable('referrals').set({ outcome: request.body.outcome, outcome_at: clock() }).where('id', '=', r.id).execute();
        await audit({ action: 'update', recordType: 'referral', recordId: r.id, personId: c.person_id, fields: ['outcome'] });
      });
      return reply.status(204).send(null);
    },
  });
  app.route({
    method: 'GET',
    url: '/api/directory/referral-statistics',
    config: { access: 'directory.read' },
    schema: { summary: 'Referrals counted per entry, source and outcome (no persons)', querystring: Range, response: { 200: z.array(ReferralStat) } },
    handler: async (request) => {
      // scope: aggregate counts only, no record or person (statistics across the organisation)
      const rows = await db
        .selectFrom('referrals as r')
        .innerJoin('directory_entries as e', 'e.id', 'r.entry_id')
        .select(['e.name as entryName', 'r.source', 'r.outcome', (eb) => eb.fn.countAll<string>().as('count')])
        .where('r.referred_on', '>=', request.query.from)
        .where('r.referred_on', '<=', request.query.to)
        .groupBy(['e.name', 'r.source', 'r.outcome'])
        .orderBy('e.name')
        .execute();
      return rows.map((r) => ({ ...r, count: Number(r.count) }));
    },
  });
}

/** CSV text → rows to insert and the errors of each bad row (row 1 is the header). */
export function importCsv(csv: string, ownerUnitId: string): { rows: ReturnType<typeof entryRow>[]; errors: Array<{ row: number; field: string; message: string }> } {
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, bom: true, trim: false, relax_column_count: false });
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 0;
    return { rows: [], errors: [{ row: line, field: '', message: (err as Error).message.split('\n')[0]! }] };
  }
  const rows: ReturnType<typeof entryRow>[] = [];
  const errors: Array<{ row: number; field: string; message: string }> = [];
  records.forEach((record, i) => {
    const parsed = EntryIn.safeParse(entryFromCsv(record));
    if (parsed.success) rows.push(entryRow(parsed.data, ownerUnitId));
    else for (const issue of parsed.error.issues) errors.push({ row: i + 2, field: String(issue.path[0] ?? ''), message: issue.message });
  });
  return { rows, errors };
}

async function referFromCase(caller: Caller, today: string, body: CaseReferralIn) {
  const problem = referralProblem(body.basis, body.referredOn, today);
  if (problem) throw new AppError(400, problem);
  return caller.transaction(async (tx, audit) => {
    const c = await casesInScope(tx, caller.scope)
      .select(['k.id', 'k.person_id', 'k.unit_id', 'k.status', 'k.barnahus', 'k.trafficking_indicators'])
      .where('k.id', '=', body.caseId)
      .forUpdate()
      .executeTakeFirst();
    if (!c) throw new AppError(404, 'notFound');
    if (c.status === 'closed') throw new AppError(409, 'caseClosed');
    let entryQuery = tx.selectFrom('directory_entries').select(['id', 'name', 'kind', 'well_known as wellKnown']).where('active', '=', true);
    entryQuery = body.entryId ? entryQuery.where('id', '=', body.entryId) : entryQuery.where('well_known', '=', body.wellKnown!);
    const entry = await entryQuery.executeTakeFirst();
    if (!entry) throw new AppError(404, 'unknownEntry');
    if (entry.wellKnown === 'barnahus' && c.barnahus === 'not_applicable') throw new AppError(400, 'barnahusOnlyForChildren');
    if (entry.wellKnown === 'regional_coordinator') {
      const p = regionalReferralProblem(c.trafficking_indicators, body.basis);
      if (p) throw new AppError(409, p);
    }
    // Consent to share is a record of the consents capability: the one named, checked, or the one given now, recorded.
    let consentId: string | null = null;
    if (body.basis.kind === 'consent') {
      const actorKind = consentActorKind(entry);
      if (body.basis.consentId) {
        const named = await consentState(tx, body.basis.consentId);
        const p = namedConsentProblem(named && { ...named, givenOn: String(named.givenOn), expiresOn: named.expiresOn && String(named.expiresOn) }, { personId: c.person_id, actorKind, referredOn: body.referredOn });
        if (p) throw new AppError(409, p);
        consentId = named!.id;
      } else {
        consentId = await insertConsent(
          tx,
          { personId: c.person_id, basis: 'consent', actorKind, actorName: entry.name, scope: `Hänvisning till ${entry.name}`, form: 'oral', legalBasis: null, givenOn: body.basis.consentGivenOn, expiresOn: null },
          caller.user.id,
        );
        await audit({ action: 'create', recordType: 'consent', recordId: consentId, personId: c.person_id, fields: ['actorKind', 'givenOn'], details: { actorKind, basis: 'consent', referral: true } });
      }
    }
    // The case's own referral markers (and their first date, which statistics counts) follow the referral: Barnahus and the regional coordinator.
    if (entry.wellKnown === 'regional_coordinator') {
      const basis = body.basis.kind === 'consent' ? { kind: 'consent', consentGivenOn: body.basis.consentGivenOn, consentId } : body.basis;
      // scope: the case just loaded from casesInScope
      await tx.updateTable('cases').set({ regional_referral: 'referred', regional_basis: JSON.stringify(basis), regional_referred_on: sql`coalesce(regional_referred_on, ${body.referredOn}::date)`, version: sql`version + 1` }).where('id', '=', c.id).execute();
    }
    if (entry.wellKnown === 'barnahus' && c.barnahus !== 'referred' && c.barnahus !== 'accepted') {
      // scope: the case just loaded from casesInScope
      await tx.updateTable('cases').set({ barnahus: 'referred', barnahus_referred_on: body.referredOn, barnahus_referral_note: body.note || null, version: sql`version + 1` }).where('id', '=', c.id).execute();
    }
    const row = await tx
      .insertInto('referrals')
      .values({
        entry_id: entry.id,
        source: 'case',
        case_id: c.id,
        unit_id: c.unit_id,
        referred_on: body.referredOn,
        referred_by: caller.user.id,
        consent_id: consentId,
        basis: body.basis.kind,
        consent_given_on: body.basis.kind === 'consent' ? body.basis.consentGivenOn : null,
        legal_basis: body.basis.kind === 'legal_basis' ? body.basis.legalBasis : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({
      action: 'create',
      recordType: 'referral',
      recordId: row.id,
      personId: c.person_id,
      fields: ['entry', 'referredOn', 'basis', ...(body.note ? ['barnahusReferralNote'] : [])],
      details: { ...(entry.wellKnown && { referral: entry.wellKnown }), basis: body.basis.kind, ...(body.policeReport !== undefined && { policeReport: body.policeReport }) },
    });
    return row;
  });
}
