import { sql } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { AppError } from '../core/errors.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import { parsePersonnummer } from '../persons/personnummer.ts';
import { endOfStockholmDay, startOfStockholmDay } from '../core/db/stockholm-today.ts';
import { STOCKHOLM } from '../core/time/stockholm.ts';
import { commonLocales } from '../web/locales.ts';
import { auditLabelsOf, fieldLabel, purposeLabel, recordTypeLabel, type AuditLabels } from './labels.ts';
import { auditLocales } from './ui/locales.ts';

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
/** The CSV is handed to the person: in Swedish unless English is asked for. */
export const ExtractCsvQuery = ExtractQuery.extend({ lang: z.enum(['sv', 'en']).default('sv') });
export type ExtractLanguage = z.infer<typeof ExtractCsvQuery>['lang'];
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

export function registerExtractRoutes(app: App, deps: AppDeps) {
  const labels = auditLabelsOf(deps.capabilities);
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
    schema: { summary: 'The same extract as CSV for the person (RFC 4180, UTF-8 with BOM for spreadsheets), in words in Swedish or English (lang)', querystring: ExtractCsvQuery, response: { 200: z.string() } },
    handler: async (request, reply) => {
      const { lang, ...query } = request.query;
      const e = await extractOf(callerOf(request), query, 'csv');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${auditLocales[lang].extract.csvFile}-${e.from}-${e.to}.csv"`)
        .send(extractCsv(e.entries, labels, lang));
    },
  });
}

/**
 * The extract's rows as CSV, in words as the printed page shows them (the person reads this, not the
 * log's codes): the same labels of record types, fields and purposes (labels.ts), the page's words
 * for actions and roles (the audit and shell texts), times in Swedish time. csv-stringify quotes per
 * RFC 4180.
 */
export function extractCsv(entries: readonly ExtractRow[], labels: AuditLabels, lang: ExtractLanguage): string {
  const texts = auditLocales[lang];
  const roles = commonLocales[lang].roles as Record<string, string>;
  const actions = texts.actions as Record<string, string>;
  const c = texts.extract.csvColumns;
  const header = [c.at, c.actor, c.role, c.unit, c.action, c.record, c.fields, c.purpose];
  const rows = entries.map((e) => [
    swedishTime(e.at),
    e.actorName ?? texts.entry.system,
    e.actorRole ? (roles[e.actorRole] ?? e.actorRole) : '',
    e.actorUnit ?? '',
    actions[e.action] ?? e.action,
    recordTypeLabel(labels, e.recordType, lang),
    e.fields.map((f) => fieldLabel(labels, e.recordType, f, lang)).join(', '),
    purposeLabel(labels, e.purpose, lang),
  ]);
  // A lone line break inside a field is quoted too (csv-stringify quotes only the record delimiter by default).
  return '\uFEFF' + stringify([header, ...rows], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}

/** "2026-10-14 10:00:00" in Stockholm: sortable in a spreadsheet, the clock the person lived by. */
const stockholmClock = new Intl.DateTimeFormat('sv-SE', { timeZone: STOCKHOLM, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
function swedishTime(at: Date): string {
  return stockholmClock.format(at);
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
