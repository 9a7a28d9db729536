import { z } from 'zod';
import { unitsWith } from '../core/access/policy.ts';
import { writeAudit } from '../core/audit/audit.ts';
import { AppError } from '../core/errors.ts';
import { actorOf, signedInUser } from '../core/http/access.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import { getCaseForWrite, touchCase } from '../cases/store.ts';
import { questionMessages } from './messages.ts';
import { answerProblems, coverageShare, QuestionSetBody, QuestionSetDefinition, questionSetProblems } from './rules.ts';
import { allVersions, coverage, getSetVersion, insertAnswers, latestSets, publishSet, } from './store.ts';

const Id = z.object({ id: z.uuid() });
const IsoDate = z.iso.date();

/** Structured questions: versioned sets as data, answers on a case under their version, coverage per unit. */
export function registerQuestionRoutes(app: App, { db }: AppDeps) {
  app.route({
    method: 'GET',
    url: '/api/questions/sets',
    // The wording of the questions is no one's personal data.
    config: { access: 'signed-in' },
    schema: { summary: 'The current version of every question set', response: { 200: z.array(QuestionSetDefinition.extend({ publishedAt: z.date() })) } },
    handler: async () => latestSets(db),
  });

  app.route({
    method: 'GET',
    url: '/api/questions/versions',
    config: { access: 'questions.manage' },
    schema: { summary: 'Every published version', response: { 200: z.array(z.object({ key: z.string(), version: z.number(), publishedAt: z.date(), publishedBy: z.string().nullable() })) } },
    handler: async () => (await allVersions(db)).map((v) => ({ key: v.key, version: v.version, publishedAt: v.published_at, publishedBy: v.published_by })),
  });

  app.route({
    method: 'POST',
    url: '/api/questions/sets',
    config: { access: 'questions.manage' },
    schema: { summary: 'Publish a new version of a set (or a new set, e.g. loaded from another municipality’s JSON)', body: QuestionSetBody, response: { 201: QuestionSetDefinition } },
    handler: async (request, reply) => {
      const [problem] = questionSetProblems(request.body);
      if (problem) throw new AppError(400, problem);
      const user = signedInUser(request);
      const set = await db.transaction().execute(async (tx) => {
        const s = await publishSet(tx, request.body, user.id);
        await writeAudit(tx, actorOf(request), { action: 'create', recordType: 'question_set', recordId: `${s.key}@${s.version}`, fields: ['title', 'routineNote', 'questions'], purpose: 'question set publishing' });
        return s;
      });
      return reply.status(201).send(set);
    },
  });

  app.route({
    method: 'POST',
    url: '/api/cases/:id/answers',
    config: { access: 'cases.write' },
    schema: {
      summary: 'Record the answers to a question set on a case, under the version asked',
      params: Id,
      body: z.object({ setKey: z.string().max(60), setVersion: z.number().int().positive(), answers: z.record(z.string().max(60), z.string().max(5000)) }),
      response: { 201: z.object({ id: z.string() }) },
    },
    handler: async (request, reply) => {
      const user = signedInUser(request);
      const { setKey, setVersion, answers } = request.body;
      const out = await db.transaction().execute(async (tx) => {
        const c = await getCaseForWrite(tx, request.params.id, unitsWith(user.grants, 'cases.write'));
        if (c.status === 'closed') throw new AppError(409, 'caseClosed');
        const set = await getSetVersion(tx, setKey, setVersion);
        const [problem] = answerProblems(set, answers);
        if (problem) throw new AppError(400, problem);
        const a = await insertAnswers(tx, { caseId: c.id, setKey, setVersion, answers, askedBy: user.id });
        await touchCase(tx, c.id);
        await writeAudit(tx, actorOf(request), { action: 'create', recordType: 'question_answers', recordId: a.id, personId: c.person_id, fields: Object.keys(answers), purpose: 'structured questions', details: { setKey, setVersion } });
        return { id: a.id };
      });
      return reply.status(201).send(out);
    },
  });

  app.route({
    method: 'GET',
    url: '/api/questions/coverage',
    config: { access: 'questions.coverage' },
    schema: {
      summary: 'Per unit and month: new cases and the share in which the set was asked',
      querystring: z.object({ setKey: z.string().max(60).default('utvag-standard'), from: IsoDate, to: IsoDate }),
      response: { 200: z.array(z.object({ unitId: z.string(), unitName: z.string(), month: z.string(), newCases: z.number(), asked: z.number(), share: z.number() })) },
    },
    handler: async (request) => {
      const q = request.query;
      if (q.to < q.from) throw new AppError(400, 'invalidPeriod');
      const user = signedInUser(request);
      const rows = await coverage(db, unitsWith(user.grants, 'questions.coverage'), q);
      return rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, month: r.month, newCases: r.new_cases, asked: r.asked, share: coverageShare(r.new_cases, r.asked) }));
    },
  });
}
