import { z } from 'zod';
import { AppError } from '../core/errors.ts';
import { callerOf } from '../core/http/context.ts';
import { clockOf, type App, type AppDeps } from '../core/http/server.ts';
import { effectiveKeepDays, runRetention } from '../core/retention-framework/framework.ts';
import { DEFAULT_PRESERVATION, preservationProblem, SOF_BIRTH_DAYS } from '../core/retention-framework/preservation.ts';
import { KeepDaysIn, PreservationIn, PreservationOut, RecordTypeParams, Rule, Run } from './schema.ts';
import { preservationRow, retentionRuns, setKeepDays, setPreservation } from './store.ts';

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
    url: '/api/retention/preservation',
    config: { access: 'retention.manage' },
    schema: { summary: 'What the municipality preserves instead of culling (bevarande, SoF 7 kap. 2 §)', response: { 200: PreservationOut } },
    handler: async () => {
      const row = await preservationRow(db);
      const p = row ?? { ...DEFAULT_PRESERVATION, birthDays: [...DEFAULT_PRESERVATION.birthDays], updatedAt: null };
      return { mode: p.mode, birthDays: [...p.birthDays], decision: p.decision, updatedAt: p.updatedAt, lawDays: [...SOF_BIRTH_DAYS] };
    },
  });
  app.route({
    method: 'PUT',
    url: '/api/retention/preservation',
    config: { access: 'retention.manage' },
    schema: { summary: 'Change what the municipality preserves: the persons born on certain days (at least the 5th, 15th and 25th), or every record by decision', body: PreservationIn, response: { 204: z.null() } },
    handler: async (request, reply) => {
      const problem = preservationProblem(request.body);
      if (problem) throw new AppError(400, problem);
      const caller = callerOf(request);
      await caller.transaction(async (tx, audit) => {
        const before = await preservationRow(tx);
        await setPreservation(tx, request.body, caller.user.id);
        await audit({
          action: 'update',
          recordType: 'retention_preservation',
          recordId: 'preservation',
          fields: ['mode', 'birthDays', 'decision'],
          details: { from: before ? { mode: before.mode, birthDays: before.birthDays, decision: before.decision } : null, to: request.body },
        });
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
