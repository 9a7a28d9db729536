import { AppError } from '../core/errors.ts';
import { Created, Id } from '../core/http/contract.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import { getCaseForWrite, touchCase } from '../cases/store.ts';
import { answerProblems, countsAsAsked, coverageShare, followUpProblems, questionSetProblems } from './rules.ts';
import { AnswersIn, CoverageQuery, CoverageRow, PublishedSet, QuestionSetBody, QuestionSetDefinition, SetVersion, SetVersionParams } from './schema.ts';
import { allVersions, coverage, getSetVersion, insertAnswers, latestSets, publishSet } from './store.ts';

/** Structured questions: versioned sets as data, answers on a case under their version, coverage per unit. */
export function registerQuestionRoutes(app: App, { db }: AppDeps) {
  app.route({
    method: 'GET',
    url: '/api/questions/sets',
    // The wording of the questions is no one's personal data.
    config: { access: 'signed-in' },
    schema: { summary: 'The current version of every question set', response: { 200: PublishedSet.array() } },
    handler: () => latestSets(db),
  });

  app.route({
    method: 'GET',
    url: '/api/questions/sets/:key/versions/:version',
    // The wording of one version, as it was asked: old answers are shown in it. No personal data.
    config: { access: 'signed-in' },
    schema: { summary: 'One published version of a set', params: SetVersionParams, response: { 200: QuestionSetDefinition } },
    handler: async (request) => {
      const set = await getSetVersion(db, request.params.key, request.params.version);
      return set;
    },
  });

  app.route({
    method: 'GET',
    url: '/api/questions/versions',
    config: { access: 'questions.manage' },
    schema: { summary: 'Every published version', response: { 200: SetVersion.array() } },
    handler: () => allVersions(db),
  });

  app.route({
    method: 'POST',
    url: '/api/questions/sets',
    config: { access: 'questions.manage', purpose: 'question set publishing' },
    schema: { summary: 'Publish a new version of a set (or a new set, e.g. loaded from another municipality’s JSON)', body: QuestionSetBody, response: { 201: QuestionSetDefinition } },
    handler: async (request, reply) => reply.status(201).send(await publish(callerOf(request), request.body)),
  });

  app.route({
    method: 'POST',
    url: '/api/cases/:id/answers',
    config: { access: 'cases.write' },
    schema: { summary: 'Record the answers to a question set on a case, under the version asked', params: Id, body: AnswersIn, response: { 201: Created } },
    handler: async (request, reply) => reply.status(201).send(await recordAnswers(callerOf(request), request.params.id, request.body)),
  });

  app.route({
    method: 'GET',
    url: '/api/questions/coverage',
    config: { access: 'questions.coverage' },
    schema: { summary: 'Per unit and month: new cases and the share in which the set was asked', querystring: CoverageQuery, response: { 200: CoverageRow.array() } },
    handler: (request) => coverageOf(callerOf(request), db, request.query),
  });
}

async function publish(caller: Caller, body: QuestionSetBody) {
  const [problem] = questionSetProblems(body);
  if (problem) throw new AppError(400, problem);
  return caller.transaction(async (tx, audit) => {
    const set = await publishSet(tx, body, caller.user.id);
    await audit({ action: 'create', recordType: 'question_set', recordId: `${set.key}@${set.version}`, fields: ['title', 'routineNote', 'questions'] });
    return set;
  });
}

async function recordAnswers(caller: Caller, caseId: string, { setKey, setVersion, answers, followUps }: AnswersIn) {
  return caller.transaction(async (tx, audit) => {
    const c = await getCaseForWrite(tx, caller.scope, caseId);
    if (c.status === 'closed') throw new AppError(409, 'caseClosed');
    const set = await getSetVersion(tx, setKey, setVersion);
    const [problem] = [...answerProblems(set, answers), ...followUpProblems(set, answers, followUps)];
    if (problem) throw new AppError(400, problem);
    const a = await insertAnswers(tx, { caseId: c.id, setKey, setVersion, answers, followUps, countsAsAsked: countsAsAsked(set, answers), askedBy: caller.user.id });
    await touchCase(tx, c.id);
    await audit({
      action: 'create',
      recordType: 'question_answers',
      recordId: a.id,
      personId: c.person_id,
      fields: [...Object.keys(answers), ...(followUps.length ? ['followUps'] : [])],
      details: { setKey, setVersion },
    });
    return { id: a.id };
  });
}

/** Counts only, no personal data: no audit entry. */
async function coverageOf(caller: Caller, db: AppDeps['db'], q: CoverageQuery): Promise<CoverageRow[]> {
  if (q.to < q.from) throw new AppError(400, 'invalidPeriod');
  const rows = await coverage(db, caller.scope, q);
  return rows.map((r) => ({ ...r, share: coverageShare(r.newCases, r.asked) }));
}
