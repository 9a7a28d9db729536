import { z } from 'zod';
import { writeAudit } from '../core/audit/audit.ts';
import { AppError } from '../core/errors.ts';
import { actorOf, signedInUser } from '../core/http/access.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import { effectiveKeepDays, runRetention } from '../core/retention/framework.ts';

const RuleOut = z.object({
  recordType: z.string(),
  description: z.object({ sv: z.string(), en: z.string() }),
  defaultKeepDays: z.number(),
  keepDays: z.number(),
});
const RunOut = z.object({
  id: z.string(),
  trigger: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  counts: z.record(z.string(), z.number()),
  error: z.string().nullable(),
});

/** Administration of retention (gallring): the rules, their periods, and the log of runs. */
export function registerRetentionRoutes(app: App, { db, retentionRules }: AppDeps) {
  app.route({
    method: 'GET',
    url: '/api/retention/rules',
    config: { access: 'retention.manage' },
    schema: { summary: 'Retention rules per record type with their periods', response: { 200: z.array(RuleOut) } },
    handler: async () => {
      const keep = await effectiveKeepDays(db, retentionRules);
      return retentionRules.map((r) => ({ recordType: r.recordType, description: r.description, defaultKeepDays: r.defaultKeepDays, keepDays: keep.get(r.recordType)! }));
    },
  });
  app.route({
    method: 'PUT',
    url: '/api/retention/rules/:recordType',
    config: { access: 'retention.manage' },
    schema: {
      summary: 'Change the retention period of a record type',
      params: z.object({ recordType: z.string().max(60) }),
      body: z.object({ keepDays: z.number().int().min(1).max(36500) }),
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      const { recordType } = request.params;
      if (!retentionRules.some((r) => r.recordType === recordType)) throw new AppError(404, 'unknownRecordType');
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('retention_settings')
          .values({ record_type: recordType, keep_days: request.body.keepDays, updated_by: signedInUser(request).id })
          .onConflict((oc) => oc.column('record_type').doUpdateSet({ keep_days: request.body.keepDays, updated_by: signedInUser(request).id, updated_at: new Date() }))
          .execute();
        await writeAudit(tx, actorOf(request), { action: 'update', recordType: 'retention_setting', recordId: recordType, fields: ['keepDays'], purpose: 'retention administration', details: { keepDays: request.body.keepDays } });
      });
      return reply.status(204).send(null);
    },
  });
  app.route({
    method: 'GET',
    url: '/api/retention/runs',
    config: { access: 'retention.manage' },
    schema: { summary: 'The latest retention runs with their counts', response: { 200: z.array(RunOut) } },
    handler: async () => {
      const runs = await db.selectFrom('retention_runs').selectAll().orderBy('started_at', 'desc').limit(50).execute();
      return runs.map((r) => ({ id: r.id, trigger: r.trigger, startedAt: r.started_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null, counts: r.counts, error: r.error }));
    },
  });
  app.route({
    method: 'POST',
    url: '/api/retention/runs',
    config: { access: 'retention.manage' },
    schema: { summary: 'Run every retention rule now', response: { 201: RunOut } },
    handler: async (request, reply) => {
      const result = await runRetention(db, retentionRules, 'manual', { actor: actorOf(request) });
      const run = await db.selectFrom('retention_runs').selectAll().where('id', '=', result.runId).executeTakeFirstOrThrow();
      return reply.status(201).send({ id: run.id, trigger: run.trigger, startedAt: run.started_at.toISOString(), finishedAt: run.finished_at?.toISOString() ?? null, counts: run.counts, error: run.error });
    },
  });
}
