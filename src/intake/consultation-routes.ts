import { sql } from 'kysely';
import { AppError } from '../core/errors.ts';
import { inScope, scopeIncludes, type UnitScope } from '../core/access/scope.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import type { App } from '../core/http/server.ts';
import type { Tx } from '../core/db/database.ts';
import { addDays, swedishDate } from '../core/time/stockholm.ts';
import { consultationProblem } from './rules.ts';
import { Consultation, ConsultationIn, ConsultationQuery, ConsultationsOut } from './schema.ts';

/** What the audit log names when a consultation is recorded (no person: it is anonymous). */
export const CONSULTATION_FIELDS = ['givenOn', 'askerKind', 'topic', 'advice', 'referral'];
const MAX_LISTED = 200;

/**
 * Consultations without a case (seed 001): a professional or a relative asks for advice without
 * naming the person. Recorded by a unit, listed for the caller's units with the period's counts
 * (what statistics count). No person, so nothing here is about a client; writes are still audited.
 */
export function registerConsultationRoutes(app: App) {
  app.route({
    method: 'POST',
    url: '/api/intake/consultations',
    config: { access: 'intake.register' },
    schema: { summary: 'Record an anonymous consultation (who asked, topic, advice, referral) without opening a case', body: ConsultationIn, response: { 201: Consultation } },
    handler: async (request, reply) => reply.status(201).send(await recordConsultation(callerOf(request), request.body)),
  });
  app.route({
    method: 'GET',
    url: '/api/intake/consultations',
    config: { access: 'intake.register' },
    schema: { summary: 'The consultations of your units in a period (default the last 30 days), newest first, with counts by who asked', querystring: ConsultationQuery, response: { 200: ConsultationsOut } },
    handler: (request) => listConsultations(callerOf(request), request.query),
  });
}

async function recordConsultation(caller: Caller, body: ConsultationIn): Promise<Consultation> {
  if (!scopeIncludes(caller.scope, body.unitId)) throw new AppError(403, 'forbidden');
  const problem = consultationProblem({ givenOn: body.givenOn, texts: [body.topic, body.advice, body.referral] }, swedishDate(new Date()));
  if (problem) throw new AppError(400, problem);
  return caller.transaction(async (tx, audit) => {
    const row = await tx
      .insertInto('consultations')
      .values({ unit_id: body.unitId, given_by: caller.user.id, given_on: body.givenOn, asker_kind: body.askerKind, topic: body.topic, advice: body.advice, referral: body.referral })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ action: 'create', recordType: 'consultation', recordId: row.id, fields: CONSULTATION_FIELDS, details: { askerKind: body.askerKind } });
    const [created] = await consultationsOf(tx, caller.scope, { id: row.id });
    return created!;
  });
}

async function listConsultations(caller: Caller, query: { from?: string; to?: string }): Promise<ConsultationsOut> {
  const to = query.to ?? swedishDate(new Date());
  const from = query.from ?? addDays(to, -30);
  if (from > to) throw new AppError(400, 'periodReversed');
  return caller.transaction(async (tx, audit) => {
    const items = await consultationsOf(tx, caller.scope, { from, to });
    const counts = await scopedConsultations(tx, caller.scope)
      .where('c.given_on', '>=', from)
      .where('c.given_on', '<=', to)
      .select(['c.asker_kind', sql<string>`count(*)`.as('n')])
      .groupBy('c.asker_kind')
      .execute();
    const units = await tx.selectFrom('units').select(['id', 'name']).where('active', '=', true).where(inScope('id', caller.scope)).orderBy('name').execute();
    const byAsker = Object.fromEntries(counts.map((r) => [r.asker_kind, Number(r.n)]));
    await audit({ action: 'list', recordType: 'consultation', details: { count: items.length, from, to } });
    return { from, to, total: counts.reduce((s, r) => s + Number(r.n), 0), byAsker, items, units };
  });
}

/** The scoped base: every query on consultations starts here. */
function scopedConsultations(tx: Tx, scope: UnitScope) {
  return tx.selectFrom('consultations as c').where(inScope('c.unit_id', scope));
}

async function consultationsOf(tx: Tx, scope: UnitScope, filter: { id: string } | { from: string; to: string }): Promise<Consultation[]> {
  let q = scopedConsultations(tx, scope)
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .innerJoin('users as g', 'g.id', 'c.given_by')
    .select(['c.id', 'c.unit_id', 'u.name as unit_name', 'c.given_on', 'g.display_name', 'c.asker_kind', 'c.topic', 'c.advice', 'c.referral']);
  q = 'id' in filter ? q.where('c.id', '=', filter.id) : q.where('c.given_on', '>=', filter.from).where('c.given_on', '<=', filter.to);
  const rows = await q.orderBy('c.given_on', 'desc').orderBy('c.created_at', 'desc').limit(MAX_LISTED).execute();
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    givenOn: r.given_on,
    givenByName: r.display_name,
    askerKind: r.asker_kind as Consultation['askerKind'],
    topic: r.topic,
    advice: r.advice,
    referral: r.referral,
  }));
}
