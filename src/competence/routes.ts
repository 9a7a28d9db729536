import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { AppError } from '../core/errors.ts';
import { Created, Id } from '../core/http/contract.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import { clockOf, type App, type AppDeps } from '../core/http/server.ts';
import { pickLanguage, translate } from '../core/i18n/server.ts';
import { swedishDate } from '../core/time/stockholm.ts';
import { SYSTEM_SCOPE } from '../core/access/scope.ts';
import { checkCompletionRows, completionDateProblem, CSV_COLUMNS, isCalendarDate, missingBeforeQuestioning, monthlyDates, requiredFor, trainingProblems, trainingStatus, validOn } from './rules.ts';
import {
  AttendanceIn,
  CompletionIn,
  CoverageOut,
  CoverageQuery,
  ImportIn,
  ImportOut,
  Invitee,
  MyPlan,
  SeminarIn,
  SeminarOut,
  StaffCompletionIn,
  StaffStatus,
  TrainingIn,
  TrainingOut,
} from './schema.ts';
import {
  completionsOf,
  getSeminar,
  getTraining,
  insertCompletions,
  insertSeminar,
  insertTraining,
  listTrainings,
  seminarInvitees,
  seminarsFor,
  staffInScope,
  staffMemberInScope,
  trainingCoverage,
  updateTraining,
} from './store.ts';

/** Competence: the training catalogue, completions, the individual development plan, unit coverage, seminars. */
export function registerCompetenceRoutes(app: App, deps: AppDeps) {
  const { db } = deps;
  const clock = clockOf(deps);
  const today = () => swedishDate(clock());

  // ---- The catalogue (no personal data) ----
  app.route({
    method: 'GET',
    url: '/api/competence/trainings',
    config: { access: 'competence.own' },
    schema: { summary: 'The training catalogue', response: { 200: z.array(TrainingOut) } },
    handler: () => listTrainings(db),
  });
  app.route({
    method: 'POST',
    url: '/api/competence/trainings',
    config: { access: 'competence.manage' },
    schema: { summary: 'Add a training to the catalogue', body: TrainingIn, response: { 201: Created } },
    handler: async (request, reply) => reply.status(201).send(await addTraining(callerOf(request), request.body)),
  });
  app.route({
    method: 'PUT',
    url: '/api/competence/trainings/:id',
    config: { access: 'competence.manage' },
    schema: { summary: 'Change a catalogue entry (make it inactive instead of deleting it: completions refer to it)', params: Id, body: TrainingIn, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await changeTraining(callerOf(request), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  });

  // ---- My plan and my own completions ----
  app.route({
    method: 'GET',
    url: '/api/competence/me',
    config: { access: 'competence.own' },
    schema: { summary: 'My individual development plan: what my roles require, what I have done, what is due, seminars I am invited to', response: { 200: MyPlan } },
    handler: (request) => myPlan(callerOf(request), today()),
  });
  app.route({
    method: 'POST',
    url: '/api/competence/me/completions',
    config: { access: 'competence.own' },
    schema: { summary: 'Record a training I have completed', body: CompletionIn, response: { 201: Created } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      return reply.status(201).send(await recordCompletion(caller, caller.user.id, request.body, 'self', today()));
    },
  });

  // ---- Staff of my units (managers) ----
  app.route({
    method: 'GET',
    url: '/api/competence/staff',
    config: { access: 'competence.staff' },
    schema: { summary: 'Staff of my units and the required trainings each lacks (or must renew)', response: { 200: z.array(StaffStatus) } },
    handler: (request) => staffStatus(callerOf(request), today()),
  });
  app.route({
    method: 'POST',
    url: '/api/competence/completions',
    config: { access: 'competence.staff' },
    schema: { summary: 'Record a completion for a staff member of my units', body: StaffCompletionIn, response: { 201: Created } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      if (!(await staffMemberInScope(db, caller.scope, request.body.userId))) throw new AppError(404, 'notStaffOfYourUnits');
      return reply.status(201).send(await recordCompletion(caller, request.body.userId, request.body, 'manager', today()));
    },
  });
  app.route({
    method: 'POST',
    url: '/api/competence/import',
    config: { access: 'competence.staff' },
    schema: {
      summary: 'Import completions from CSV (header row: username, training, completed_on). Row-level errors; all or nothing.',
      body: ImportIn,
      response: { 200: ImportOut, 422: ImportOut.extend({ error: z.string(), message: z.string() }) },
    },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      const lang = pickLanguage(request.headers['accept-language']);
      const { rows, errors } = await checkImport(caller, request.body.csv, today());
      const translated = errors.map((e) => ({ ...e, message: translate(lang, e.code) }));
      if (errors.length) {
        const count = new Set(errors.map((e) => e.row)).size;
        return reply.status(422).send({ error: 'completionImportHasErrors', message: translate(lang, 'completionImportHasErrors', { count }), imported: 0, errors: translated });
      }
      const imported = await caller.transaction(async (tx, audit) => {
        const ids = await insertCompletions(tx, rows, { source: 'import', recordedBy: caller.user.id });
        await audit({ action: 'create', recordType: 'training_completion', fields: ['import'], details: { rows: rows.length, created: ids.length, staffUserIds: [...new Set(ids.map((i) => i.userId))] } });
        return ids.length;
      });
      return { imported, errors: [] };
    },
  });
  app.route({
    method: 'GET',
    url: '/api/competence/coverage',
    config: { access: 'competence.staff' },
    schema: { summary: 'Per unit and required training: the share of staff trained today and at each month’s end of the period (counts only)', querystring: CoverageQuery, response: { 200: CoverageOut } },
    handler: async (request) => {
      const { from, to } = request.query;
      if (!isCalendarDate(from) || !isCalendarDate(to) || to < from) throw new AppError(400, 'invalidPeriod');
      if (Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7)) - (Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7))) >= 36) throw new AppError(400, 'coveragePeriodTooLong');
      const units = callerOf(request).scope.units;
      const on = today();
      const current = await trainingCoverage(db, { unitIds: units, on });
      const overTime = (await Promise.all(monthlyDates(from, to, on).map((d) => trainingCoverage(db, { unitIds: units, on: d })))).flat();
      return { on, current, overTime };
    },
  });

  // ---- Seminars (the competence centre) ----
  app.route({
    method: 'GET',
    url: '/api/competence/seminars',
    config: { access: 'competence.manage' },
    schema: { summary: 'Planned and held seminars with their invited units', response: { 200: z.array(SeminarOut) } },
    // The competence centre plans for the whole municipality: every seminar is listed (no personal data).
    handler: () => seminarsFor(db, SYSTEM_SCOPE),
  });
  app.route({
    method: 'POST',
    url: '/api/competence/seminars',
    config: { access: 'competence.manage' },
    schema: { summary: 'Plan a seminar of a catalogue training and invite units', body: SeminarIn, response: { 201: Created } },
    handler: async (request, reply) => reply.status(201).send(await planSeminar(callerOf(request), request.body)),
  });
  app.route({
    method: 'GET',
    url: '/api/competence/seminars/:id/invitees',
    config: { access: 'competence.manage' },
    schema: { summary: 'Staff of the invited units, and whether each attended', params: Id, response: { 200: z.array(Invitee) } },
    handler: async (request) => {
      const caller = callerOf(request);
      return caller.transaction(async (tx, audit) => {
        if (!(await getSeminar(tx, request.params.id))) throw new AppError(404, 'notFound');
        const rows = await seminarInvitees(tx, request.params.id);
        await audit({ action: 'list', recordType: 'training_completion', recordId: request.params.id, fields: ['attended'], details: { seminar: request.params.id, count: rows.length } });
        return rows;
      });
    },
  });
  app.route({
    method: 'POST',
    url: '/api/competence/seminars/:id/attendance',
    config: { access: 'competence.manage' },
    schema: { summary: 'Record who attended: each attendee gets a completion on the seminar’s date', params: Id, body: AttendanceIn, response: { 200: z.object({ recorded: z.number() }) } },
    handler: async (request) => recordAttendance(callerOf(request), request.params.id, request.body.userIds, today()),
  });

  async function addTraining(caller: Caller, body: TrainingIn) {
    const [problem] = trainingProblems(body);
    if (problem) throw new AppError(400, problem);
    return caller.transaction(async (tx, audit) => {
      const id = await insertTraining(tx, body);
      if (!id) throw new AppError(409, 'trainingTitleTaken');
      await audit({ action: 'create', recordType: 'training', recordId: id, fields: Object.keys(body) });
      return { id };
    });
  }

  async function changeTraining(caller: Caller, id: string, body: TrainingIn) {
    const [problem] = trainingProblems(body);
    if (problem) throw new AppError(400, problem);
    await caller.transaction(async (tx, audit) => {
      const taken = await tx.selectFrom('trainings').select('id').where('title', '=', body.title).where('id', '<>', id).executeTakeFirst();
      if (taken) throw new AppError(409, 'trainingTitleTaken');
      if (!(await updateTraining(tx, id, body))) throw new AppError(404, 'notFound');
      await audit({ action: 'update', recordType: 'training', recordId: id, fields: Object.keys(body) });
    });
  }

  async function myPlan(caller: Caller, on: string): Promise<MyPlan> {
    const roles: string[] = [...new Set(caller.user.grants.map((g) => g.role))];
    const unitIds = caller.user.grants.flatMap((g) => (g.unitId ? [g.unitId] : []));
    return caller.transaction(async (tx, audit) => {
      const [trainings, completions] = await Promise.all([listTrainings(tx), completionsOf(tx, caller.user.id)]);
      const required = new Set(requiredFor(trainings, roles).map((t) => t.id));
      const items = trainings
        .filter((t) => t.active && (required.has(t.id) || t.targetRoles.some((r) => roles.includes(r)) || completions.some((c) => c.trainingId === t.id)))
        .map((t) => ({ trainingId: t.id, title: t.title, provider: t.provider, format: t.format, lengthMinutes: t.lengthMinutes, required: required.has(t.id), beforeQuestioning: t.beforeQuestioning, ...trainingStatus(t, completions, on) }))
        .sort((a, b) => Number(b.required) - Number(a.required) || a.title.localeCompare(b.title, 'sv'));
      const seminars = unitIds.length ? await seminarsFor(tx, { permission: null, units: unitIds }, { from: on }) : [];
      // One's own training record is personal data too: its reading is logged like any other.
      await audit({ action: 'read', recordType: 'training_completion', recordId: caller.user.id, fields: ['plan'] });
      return {
        today: on,
        roles,
        items,
        completions,
        missingBeforeQuestioning: missingBeforeQuestioning(trainings, roles, completions, on).map((t) => ({ trainingId: t.id, title: t.title })),
        seminars,
      };
    });
  }

  async function recordCompletion(caller: Caller, userId: string, body: CompletionIn, source: 'self' | 'manager', on: string) {
    const problem = completionDateProblem(body.completedOn, on);
    if (problem) throw new AppError(400, problem);
    return caller.transaction(async (tx, audit) => {
      const t = await getTraining(tx, body.trainingId);
      if (!t) throw new AppError(400, 'unknownTraining');
      if (!t.active) throw new AppError(400, 'inactiveTraining');
      const [created] = await insertCompletions(tx, [{ userId, trainingId: t.id, completedOn: body.completedOn }], { source, recordedBy: caller.user.id });
      const id =
        created?.id ??
        (await tx.selectFrom('training_completions').select('id').where('user_id', '=', userId).where('training_id', '=', t.id).where('completed_on', '=', body.completedOn).executeTakeFirstOrThrow()).id;
      if (created) await audit({ action: 'create', recordType: 'training_completion', recordId: id, fields: ['trainingId', 'completedOn'], details: { staffUserId: userId, source } });
      return { id };
    });
  }

  async function staffStatus(caller: Caller, on: string) {
    return caller.transaction(async (tx, audit) => {
      const [trainings, staff] = await Promise.all([listTrainings(tx), staffInScope(tx, caller.scope)]);
      const result = staff.map((s) => ({
        userId: s.userId,
        name: s.name,
        units: s.units.map((u) => u.name),
        missing: requiredFor(trainings, s.roles)
          .filter((t) => !s.completions.some((c) => c.trainingId === t.id && validOn(c.completedOn, t.renewalMonths, on)))
          .map((t) => ({ trainingId: t.id, title: t.title, beforeQuestioning: t.beforeQuestioning, status: trainingStatus(t, s.completions, on).status === 'expired' ? ('expired' as const) : ('missing' as const) })),
      }));
      await audit({ action: 'list', recordType: 'training_completion', fields: ['missing'], details: { count: result.length } });
      return result;
    });
  }

  async function checkImport(caller: Caller, csv: string, on: string) {
    let records: Array<Record<string, string>>;
    try {
      records = parse(csv, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, bom: true, relax_column_count: false });
    } catch (err) {
      return { rows: [], errors: [{ row: (err as { lines?: number }).lines ?? 1, field: '', code: 'unreadableCsv' }] };
    }
    const header = records[0] ? Object.keys(records[0]) : csv.split(/\r?\n/)[0]!.split(',').map((h) => h.trim().toLowerCase());
    if (!CSV_COLUMNS.every((c) => header.includes(c))) return { rows: [], errors: [{ row: 1, field: '', code: 'missingColumns' }] };
    const [staff, trainings] = await Promise.all([staffInScope(db, caller.scope), listTrainings(db)]);
    const byUsername = new Map(staff.map((s) => [s.username.toLowerCase(), s.userId]));
    const byTitle = new Map(trainings.filter((t) => t.active).map((t) => [t.title.toLowerCase(), t.id]));
    return checkCompletionRows(records, { userId: (u) => byUsername.get(u.toLowerCase()), trainingId: (t) => byTitle.get(t.toLowerCase()) }, on);
  }

  async function planSeminar(caller: Caller, body: SeminarIn) {
    if (!isCalendarDate(body.heldOn)) throw new AppError(400, 'invalidDate');
    return caller.transaction(async (tx, audit) => {
      const t = await getTraining(tx, body.trainingId);
      if (!t) throw new AppError(400, 'unknownTraining');
      if (!t.active) throw new AppError(400, 'inactiveTraining');
      if (t.format === 'web') throw new AppError(400, 'seminarNeedsFormat');
      const units = await tx.selectFrom('units').select('id').where('id', 'in', body.unitIds).where('active', '=', true).execute();
      if (units.length !== new Set(body.unitIds).size) throw new AppError(400, 'unknownInvitedUnit');
      const id = await insertSeminar(tx, body, caller.user.id);
      await audit({ action: 'create', recordType: 'seminar', recordId: id, fields: ['trainingId', 'heldOn', 'startsAt', 'place', 'unitIds'] });
      return { id };
    });
  }

  async function recordAttendance(caller: Caller, seminarId: string, userIds: readonly string[], on: string) {
    return caller.transaction(async (tx, audit) => {
      const s = await getSeminar(tx, seminarId);
      if (!s) throw new AppError(404, 'notFound');
      if (s.heldOn > on) throw new AppError(409, 'seminarNotHeldYet');
      const invited = new Set((await seminarInvitees(tx, seminarId)).map((i) => i.userId));
      if (userIds.some((u) => !invited.has(u))) throw new AppError(400, 'notInvited');
      const created = await insertCompletions(tx, [...new Set(userIds)].map((userId) => ({ userId, trainingId: s.trainingId, completedOn: s.heldOn })), { source: 'seminar', recordedBy: caller.user.id, seminarId });
      if (created.length)
        await audit(created.map((c) => ({ action: 'create' as const, recordType: 'training_completion', recordId: c.id, fields: ['trainingId', 'completedOn'], details: { staffUserId: c.userId, source: 'seminar', seminar: seminarId } })));
      return { recorded: created.length };
    });
  }
}
