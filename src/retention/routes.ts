import { z } from 'zod';
import { AppError } from '../core/errors.ts';
import { callerOf } from '../core/http/context.ts';
import { clockOf, type App, type AppDeps } from '../core/http/server.ts';
import { effectiveKeepDays, runRetention } from '../core/retention-framework/framework.ts';
import { KeepDaysIn, RecordTypeParams, Rule, Run } from './schema.ts';
import { retentionRuns, setKeepDays } from './store.ts';

/** Administration of retention (gallring): the rules, their periods, and the log of runs. */
export function registerRetentionRoutes(app: App, deps: AppDeps) {
  const { db, retentionRules } = deps;
  // A record type in words, from the manifests' labels (the same the log review shows).
  const labels = new Map(deps.capabilities.flatMap((c) => Object.entries(c.auditRecordTypes ?? {})));
  const labelOf = (recordType: string) => labels.get(recordType) ?? { sv: recordType, en: recordType };
  app.route({
    method: 'GET',
    url: '/api/retention/rules',
    config: { access: 'retention.manage' },
    schema: { summary: 'Retention rules per record type with their periods', response: { 200: z.array(Rule) } },
    handler: async () => {
      const keep = await effectiveKeepDays(db, retentionRules);
      return retentionRules.map((r) => ({ recordType: r.recordType, label: labelOf(r.recordType), description: r.description, defaultKeepDays: r.defaultKeepDays, keepDays: keep.get(r.recordType)! }));
    },
  });
  app.route({
    method: 'PUT',
    url: '/api/retention/rules/:recordType',
    config: { access: 'retention.manage' },
    schema: { summary: 'Change the retention period of a record type', params: RecordTypeParams, body: KeepDaysIn, response: { 204: z.null() } },
    handler: async (request, reply) => {
      const { recordType } = request.params;
      const { keepDays } = request.body;
      if (!retentionRules.some((r) => r.recordType === recordType)) throw new AppError(404, 'unknownRecordType');
      const caller = callerOf(request);
      await caller.transaction(async (tx, audit) => {
        await setKeepDays(tx, recordType, keepDays, caller.user.id);
        await audit({ action: 'update', recordType: 'retention_setting', recordId: recordType, fields: ['keepDays'], details: { keepDays } });
      });
      return reply.status(204).send(null);
    },
  });
  app.route({
    method: 'GET',
    url: '/api/retention/runs',
    config: { access: 'retention.manage' },
    schema: { summary: 'The latest retention runs with their counts', response: { 200: z.array(Run) } },
    handler: () => retentionRuns(db).limit(50).execute(),
  });
  app.route({
    method: 'POST',
    url: '/api/retention/runs',
    config: { access: 'retention.manage' },
    schema: { summary: 'Run every retention rule now', response: { 201: Run } },
    handler: async (request, reply) => {
      // The deletions are recorded as this administrator's, with the retention purpose (see runRetention).
      const result = await runRetention(db, retentionRules, 'manual', { actor: callerOf(request).actor, now: clockOf(deps)() });
      return reply.status(201).send(await retentionRuns(db).where('id', '=', result.runId).executeTakeFirstOrThrow());
    },
  });
}
