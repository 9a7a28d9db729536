import { sql } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { AppError } from '../core/errors.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import { parsePersonnummer } from '../persons/personnummer.ts';
import { endOfStockholmDay, startOfStockholmDay } from '../core/db/stockholm-today.ts';

/**
 * The reviewer's person lookup and a person's log extract (who read or changed my file, when, from
 * which unit — HSLF-FS 2016:40, GDPR art. 15). The lookup is itself audited (the persons it showed);
 * the extract is audited as a read of that person's log. The extract holds only the entries about
 * the person, and of each only the actor, unit, action, record type, fields and purpose: no other
 * person's id and no record id.
 */
export const PersonLookupQuery = z.object({ q: z.string().trim().min(2).max(100) });
export const PersonHit = z.object({ id: z.string(), name: z.string().nullable(), pseudonym: z.string().nullable(), birthYear: z.number().nullable(), hasPersonnummer: z.boolean() });
export type PersonHit = z.infer<typeof PersonHit>;
export const ExtractQuery = z.object({ personId: z.uuid(), from: z.iso.date(), to: z.iso.date() });
export const ExtractRow = z.object({
  at: z.date(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  actorUnit: z.string().nullable(),
  action: z.string(),
  recordType: z.string(),
  fields: z.array(z.string()),
  purpose: z.string(),
});
export type ExtractRow = z.infer<typeof ExtractRow>;
export const ExtractOut = z.object({ person: PersonHit, from: z.string(), to: z.string(), entries: z.array(ExtractRow) });
export type ExtractOut = z.infer<typeof ExtractOut>;

const MAX_ROWS = 5000;

export function registerExtractRoutes(app: App, _deps: AppDeps) {
  app.route({
    method: 'GET',
    url: '/api/audit/persons',
    config: { access: 'audit.search' },
    schema: { summary: 'Find a person by personnummer or name, to review who read their record (the lookup is audited)', querystring: PersonLookupQuery, response: { 200: z.array(PersonHit) } },
    handler: (request) => lookUpPersons(callerOf(request), request.query.q),
  });
  app.route({
    method: 'GET',
    url: '/api/audit/extract',
    config: { access: 'audit.search' },
    schema: { summary: 'A person’s log extract for a period: who read or changed their records, when, from which unit', querystring: ExtractQuery, response: { 200: ExtractOut } },
    handler: (request) => extractOf(callerOf(request), request.query, 'page'),
  });
  app.route({
    method: 'GET',
    url: '/api/audit/extract.csv',
    config: { access: 'audit.search' },
    schema: { summary: 'The same extract as CSV (RFC 4180, UTF-8 with BOM for spreadsheets)', querystring: ExtractQuery, response: { 200: z.string() } },
    handler: async (request, reply) => {
      const e = await extractOf(callerOf(request), request.query, 'csv');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="loggutdrag-${e.from}-${e.to}.csv"`)
        .send(extractCsv(e.entries));
    },
  });
}

/** The extract's rows as CSV (csv-stringify quotes per RFC 4180); the header names the columns in Swedish and English. */
export function extractCsv(entries: readonly ExtractRow[]): string {
  const header = ['Tid / Time', 'Personal / Staff', 'Roll / Role', 'Enhet / Unit', 'Händelse / Action', 'Posttyp / Record type', 'Uppgifter / Fields', 'Ändamål / Purpose'];
  const rows = entries.map((e) => [e.at.toISOString(), e.actorName ?? '', e.actorRole ?? '', e.actorUnit ?? '', e.action, e.recordType, e.fields.join(' '), e.purpose]);
  // A lone line break inside a field is quoted too (csv-stringify quotes only the record delimiter by default).
  return '\uFEFF' + stringify([header, ...rows], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}

async function lookUpPersons(caller: Caller, q: string): Promise<PersonHit[]> {
  const pnr = /^\d/.test(q) ? parsePersonnummer(q) : null;
  if (pnr && !pnr.ok) throw new AppError(400, `personnummer.${pnr.error}`);
  return caller.transaction(async (tx, audit) => {
    // scope: the reviewer's lookup spans every unit by design (audit.search is organisation-wide).
    let query = tx
      .selectFrom('persons as p')
      .select(['p.id', 'p.name', 'p.pseudonym', 'p.birth_year as birthYear', sql<boolean>`p.personnummer is not null`.as('hasPersonnummer')])
      .limit(20);
    query = pnr?.ok
      ? query.where('p.personnummer', '=', pnr.value.normalized)
      : query.where((eb) => eb.or([eb('p.name', 'ilike', `%${q.replace(/[%_\\]/g, '\\$&')}%`), eb('p.pseudonym', 'ilike', `%${q.replace(/[%_\\]/g, '\\$&')}%`)]));
    const hits = await query.orderBy('p.name').execute();
    await audit({ action: 'search', recordType: 'person', personIds: hits.map((h) => h.id), fields: pnr ? ['personnummer'] : ['name'], details: { by: pnr ? 'personnummer' : 'name', count: hits.length, forLogReview: true } });
    return hits;
  });
}

async function extractOf(caller: Caller, q: z.infer<typeof ExtractQuery>, form: 'page' | 'csv'): Promise<ExtractOut> {
  if (q.to < q.from) throw new AppError(400, 'invalidPeriod');
  return caller.transaction(async (tx, audit) => {
    // scope: as above, the reviewer sees every unit's entries about the person.
    const person = await tx
      .selectFrom('persons as p')
      .select(['p.id', 'p.name', 'p.pseudonym', 'p.birth_year as birthYear', sql<boolean>`p.personnummer is not null`.as('hasPersonnummer')])
      .where('p.id', '=', q.personId)
      .executeTakeFirst();
    if (!person) throw new AppError(404, 'notFound');
    const entries = await tx
      .selectFrom('audit_log as a')
      .leftJoin('users as u', 'u.id', 'a.actor_user_id')
      .leftJoin('units as un', 'un.id', 'a.actor_unit_id')
      .select(['a.at', 'u.display_name as actorName', 'a.actor_role as actorRole', 'un.name as actorUnit', 'a.action', 'a.record_type as recordType', 'a.fields', 'a.purpose'])
      .where((eb) => eb.or([eb('a.person_id', '=', q.personId), sql<boolean>`a.person_ids @> array[${q.personId}]::uuid[]`]))
      .where('a.at', '>=', startOfStockholmDay(q.from))
      .where('a.at', '<', endOfStockholmDay(q.to))
      .orderBy('a.id', 'asc')
      .limit(MAX_ROWS)
      .execute();
    await audit({ action: 'read', recordType: 'audit_extract', personId: q.personId, fields: ['actor', 'unit', 'action', 'recordType', 'fields', 'purpose'], details: { from: q.from, to: q.to, count: entries.length, form } });
    return { person, from: q.from, to: q.to, entries };
  });
}
