import { z } from 'zod';
import { writeAudit } from '../core/audit/audit.ts';
import { sealAudit, verifyAuditChain } from '../core/audit/chain.ts';
import { AppError } from '../core/errors.ts';
import { actorOf, signedInUser } from '../core/http/access.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import { listActors, listReviews, searchAudit } from './store.ts';

const IsoDate = z.iso.date();
const EntryOut = z.object({
  id: z.number(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  actorUnit: z.string().nullable(),
  action: z.string(),
  recordType: z.string(),
  recordId: z.string().nullable(),
  personId: z.string().nullable(),
  fields: z.array(z.string()),
  purpose: z.string(),
});
const ChainOut = z.object({
  ok: z.boolean(),
  checked: z.number(),
  unsealed: z.number(),
  head: z.object({ id: z.number(), hash: z.string() }).nullable(),
  firstBroken: z.object({ auditId: z.number(), problem: z.string() }).nullable(),
});

/** Log review (loggkontroll): who read or changed what, when and why; and the record of reviews done. */
export function registerAuditRoutes(app: App, { db, capabilities }: AppDeps) {
  // The labels come from every capability's manifest, so a new record type is named in the review
  // the day its capability lands.
  const recordTypes = capabilities.flatMap((c) => Object.entries(c.auditRecordTypes ?? {}).map(([type, label]) => ({ type, capability: c.name, label })));
  app.route({
    method: 'GET',
    url: '/api/audit/record-types',
    config: { access: 'audit.search' },
    schema: {
      summary: 'Every record type the audit log can hold, with its label in Swedish and English',
      response: { 200: z.array(z.object({ type: z.string(), capability: z.string(), label: z.object({ sv: z.string(), en: z.string() }) })) },
    },
    handler: async () => recordTypes,
  });
  app.route({
    method: 'GET',
    url: '/api/audit/entries',
    config: { access: 'audit.search' },
    schema: {
      summary: 'Search the audit log by user, person, record type and period (newest first)',
      querystring: z.object({
        userId: z.uuid().optional(),
        personId: z.uuid().optional(),
        recordType: z.string().max(60).optional(),
        from: IsoDate.optional(),
        to: IsoDate.optional(),
        beforeId: z.coerce.number().int().positive().optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: { 200: z.array(EntryOut) },
    },
    handler: async (request) => {
      const q = request.query;
      if (q.from && q.to && q.to < q.from) throw new AppError(400, 'invalidPeriod');
      return db.transaction().execute(async (tx) => {
        const entries = await searchAudit(tx, q);
        await writeAudit(tx, actorOf(request), {
          action: 'search',
          recordType: 'audit_log',
          personId: q.personId ?? null,
          purpose: 'log review',
          details: { byUser: Boolean(q.userId), byPerson: Boolean(q.personId), from: q.from ?? null, to: q.to ?? null, count: entries.length },
        });
        return entries;
      });
    },
  });

  // The reviewer picks whose actions to look at by name; the organisation's user list itself
  // needs organisation.manage, so this gives only what identifies an actor.
  app.route({
    method: 'GET',
    url: '/api/audit/actors',
    config: { access: 'audit.search' },
    schema: {
      summary: 'Every account that can appear as an actor in the log: id, name and username',
      response: { 200: z.array(z.object({ id: z.string(), displayName: z.string(), username: z.string() })) },
    },
    handler: async (request) =>
      db.transaction().execute(async (tx) => {
        const actors = await listActors(tx);
        await writeAudit(tx, actorOf(request), { action: 'list', recordType: 'user', fields: ['displayName', 'username'], purpose: 'log review', details: { count: actors.length } });
        return actors;
      }),
  });

  app.route({
    method: 'GET',
    url: '/api/audit/reviews',
    config: { access: 'audit.review' },
    schema: { summary: 'Log reviews done', response: { 200: z.array(z.object({ id: z.string(), reviewer: z.string(), periodFrom: z.string(), periodTo: z.string(), scope: z.string(), finding: z.string(), chainHeadId: z.number().nullable(), createdAt: z.string() })) } },
    handler: async () =>
      (await listReviews(db)).map((r) => ({
        id: r.id,
        reviewer: r.reviewer,
        periodFrom: r.period_from,
        periodTo: r.period_to,
        scope: r.scope,
        finding: r.finding,
        chainHeadId: r.chain_head_id === null ? null : Number(r.chain_head_id),
        createdAt: r.created_at.toISOString(),
      })),
  });

  app.route({
    method: 'POST',
    url: '/api/audit/reviews',
    config: { access: 'audit.review' },
    schema: {
      summary: 'Record that a log review was done; the chain head is noted so later tampering shows',
      body: z.object({ periodFrom: IsoDate, periodTo: IsoDate, scope: z.string().trim().min(1).max(500), finding: z.string().trim().min(1).max(5000) }),
      response: { 201: z.object({ id: z.string(), chainHeadId: z.number().nullable() }) },
    },
    handler: async (request, reply) => {
      const b = request.body;
      if (b.periodTo < b.periodFrom) throw new AppError(400, 'invalidPeriod');
      await sealAudit(db);
      const head = await db.selectFrom('audit_seal').select(['audit_id', 'hash']).orderBy('audit_id', 'desc').limit(1).executeTakeFirst();
      const row = await db.transaction().execute(async (tx) => {
        const r = await tx
          .insertInto('audit_reviews')
          .values({
            reviewer_id: signedInUser(request).id,
            period_from: b.periodFrom,
            period_to: b.periodTo,
            scope: b.scope,
            finding: b.finding,
            chain_head_id: head?.audit_id ?? null,
            chain_head_hash: head?.hash ?? null,
          })
          .returning(['id', 'chain_head_id'])
          .executeTakeFirstOrThrow();
        await writeAudit(tx, actorOf(request), { action: 'create', recordType: 'audit_review', recordId: r.id, fields: ['period', 'scope', 'finding'], purpose: 'log review' });
        return r;
      });
      return reply.status(201).send({ id: row.id, chainHeadId: row.chain_head_id === null ? null : Number(row.chain_head_id) });
    },
  });

  app.route({
    method: 'POST',
    url: '/api/audit/verify',
    config: { access: 'audit.review' },
    schema: { summary: 'Seal new entries and verify the whole hash chain', response: { 200: ChainOut } },
    handler: async () => {
      await sealAudit(db);
      return verifyAuditChain(db);
    },
  });
}
