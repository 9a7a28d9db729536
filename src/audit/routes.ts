import { z } from 'zod';
import { verifyAuditChain } from '../core/audit-log/chain.ts';
import { CHECKPOINT_FILE, checkpointKey, readCheckpointFile, reviewHeads } from '../core/audit-log/checkpoints.ts';
import { AppError } from '../core/errors.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import type { Db } from '../core/db/database.ts';
import { Actor, AuditLabelsOut, Chain, EntriesQuery, Entry, RecordType, Review, ReviewCreated, ReviewIn, type AuditSearch } from './schema.ts';
import { registerExtractRoutes } from './extract.ts';
import { auditLabelsOf } from './labels.ts';
import { createReview, listActors, listReviews, searchAudit } from './store.ts';

/** Log review (loggkontroll): who read or changed what, when and why; and the record of reviews done. */
export function registerAuditRoutes(app: App, deps: AppDeps) {
  const { db, capabilities } = deps;
  registerExtractRoutes(app, deps);
  // The labels come from every capability's manifest, so a new record type is named in the review
  // the day its capability lands.
  const recordTypes = capabilities.flatMap((c) => Object.entries(c.auditRecordTypes ?? {}).map(([type, label]) => ({ type, capability: c.name, label })));
  app.route({
    method: 'GET',
    url: '/api/audit/record-types',
    config: { access: 'audit.search' },
    schema: { summary: 'Every record type the audit log can hold, with its label in Swedish and English', response: { 200: z.array(RecordType) } },
    handler: async () => recordTypes,
  });
  const labels = auditLabelsOf(capabilities);
  app.route({
    method: 'GET',
    url: '/api/audit/labels',
    config: { access: 'audit.search' },
    schema: { summary: 'The Swedish and English labels of record types, purposes and field names in the log (from the capability manifests)', response: { 200: AuditLabelsOut } },
    handler: async () => labels,
  });
  app.route({
    method: 'GET',
    url: '/api/audit/entries',
    config: { access: 'audit.search' },
    schema: { summary: 'Search the audit log by user, person, record type and period (newest first)', querystring: EntriesQuery, response: { 200: z.array(Entry) } },
    handler: (request) => searchLog(callerOf(request), request.query),
  });

  // The reviewer picks whose actions to look at by name; the organisation's user list itself
  // needs organisation.manage, so this gives only what identifies an actor.
  app.route({
    method: 'GET',
    url: '/api/audit/actors',
    config: { access: 'audit.search' },
    schema: { summary: 'Every account that can appear as an actor in the log: id, name and username', response: { 200: z.array(Actor) } },
    handler: (request) =>
      callerOf(request).transaction(async (tx, audit) => {
        const actors = await listActors(tx);
        await audit({ action: 'list', recordType: 'user', fields: ['displayName', 'username'], details: { count: actors.length } });
        return actors;
      }),
  });

  app.route({
    method: 'GET',
    url: '/api/audit/reviews',
    config: { access: 'audit.review' },
    schema: { summary: 'Log reviews done', response: { 200: z.array(Review) } },
    handler: () => listReviews(db),
  });
  app.route({
    method: 'POST',
    url: '/api/audit/reviews',
    config: { access: 'audit.review' },
    schema: { summary: 'Record that a log review was done; the chain head is noted so later tampering shows', body: ReviewIn, response: { 201: ReviewCreated } },
    handler: async (request, reply) => reply.status(201).send(await recordReview(db, deps, callerOf(request), request.body)),
  });

  app.route({
    method: 'POST',
    url: '/api/audit/verify',
    config: { access: 'audit.review' },
    schema: { summary: 'Seal new entries and verify the whole hash chain', response: { 200: Chain } },
    handler: async () => {
      await deps.sealAudit();
      const checkpoints = await readCheckpointFile(deps.config.dataDir, checkpointKey(deps.sessionSecret));
      const report = await verifyAuditChain(db, { heads: [...checkpoints.heads, ...(await reviewHeads(db))] });
      // A checkpoint line whose signature does not hold was written by someone else: that alone is a finding.
      if (report.ok && checkpoints.forged.length > 0) return { ...report, ok: false, firstBroken: { auditId: 0, problem: `forged checkpoint, ${CHECKPOINT_FILE} line ${checkpoints.forged[0]}` } };
      return report;
    },
  });
}

function searchLog(caller: Caller, q: AuditSearch) {
  if (q.from && q.to && q.to < q.from) throw new AppError(400, 'invalidPeriod');
  return caller.transaction(async (tx, audit) => {
    const entries = await searchAudit(tx, q);
    await audit({
      action: 'search',
      recordType: 'audit_log',
      personId: q.personId ?? null,
      details: { byUser: Boolean(q.userId), byPerson: Boolean(q.personId), from: q.from ?? null, to: q.to ?? null, count: entries.length },
    });
    return entries;
  });
}

async function recordReview(db: Db, deps: AppDeps, caller: Caller, review: z.infer<typeof ReviewIn>) {
  if (review.periodTo < review.periodFrom) throw new AppError(400, 'invalidPeriod');
  await deps.sealAudit();
  const chainHead = await db.selectFrom('audit_seal').select(['audit_id', 'hash']).orderBy('audit_id', 'desc').limit(1).executeTakeFirst();
  return caller.transaction(async (tx, audit) => {
    const r = await createReview(tx, { reviewerId: caller.user.id, ...review, chainHead });
    await audit({ action: 'create', recordType: 'audit_review', recordId: r.id, fields: ['period', 'scope', 'finding'] });
    return r;
  });
}
