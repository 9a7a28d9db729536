import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { Created, Id } from '../core/http/contract.ts';
import { callerOf, type Caller } from '../core/http/context.ts';
import type { App, AppDeps } from '../core/http/server.ts';
import { ContactAttemptIn, CountsOut, DecisionIn, DecisionOut, ErrorOut, GroupOut, GroupQuery, GroupsQuery, GroupSummary, ImportIn, ImportOut, MAX_IMPORT_BYTES } from './schema.ts';
import { queueJob } from '../core/jobs/queue.ts';
import { adsImportJob } from './jobs.ts';
import { sealImportFile } from './staging.ts';
import { adsCounts, applyDecision } from './store.ts';

/**
 * The register's routes: imports that run in the background with their progress, the probable
 * posters with the evidence of each link, a worker's decision on a link (kept and respected by
 * every later grouping), contact attempts, and the counts for statistics.
 */
export function registerAdsRoutes(app: App, deps: AppDeps) {
  const { db } = deps;
  const hmacKey = () => {
    if (!deps.config.ads.hmacKey) throw new AppError(503, 'adsRegisterNotConfigured');
    return deps.config.ads.hmacKey;
  };

  app.route({
    method: 'POST',
    url: '/api/ads/imports',
    config: { access: 'ads.import' },
    bodyLimit: MAX_IMPORT_BYTES + 64 * 1024,
    schema: {
      summary: 'Start an import of ad observations (JSON lines or CSV); it runs on the job runner — follow its progress and row errors on the import',
      body: ImportIn,
      response: { 202: Created, 503: ErrorOut },
    },
    handler: async (request, reply) => {
      const key = hmacKey();
      const caller = callerOf(request);
      // The import, its sealed file and its job commit together; the job may run on any instance.
      const id = await caller.transaction(async (tx, audit) => {
        const row = await tx.insertInto('ads_imports').values({ file_name: request.body.fileName, state: 'running', finished_at: null, started_by: caller.user.id }).returning('id').executeTakeFirstOrThrow();
        await tx.insertInto('ads_import_files').values({ import_id: row.id, sealed: sealImportFile(key, request.body.content), allow_partial: request.body.allowPartial }).execute();
        await queueJob(tx, adsImportJob, { importId: row.id });
        await audit({ action: 'create', recordType: 'ads_import', recordId: row.id, fields: ['fileName', 'allowPartial'] });
        return row.id;
      });
      return reply.status(202).send({ id });
    },
  });
  app.route({
    method: 'GET',
    url: '/api/ads/imports/:id',
    config: { access: 'ads.import' },
    schema: { summary: 'An import’s progress, state and row-level errors (at most 500 shown)', params: Id, response: { 200: ImportOut, 404: ErrorOut } },
    handler: async (request) => {
      const r = await db.selectFrom('ads_imports').selectAll().where('id', '=', request.params.id).executeTakeFirst();
      if (!r) throw new AppError(404, 'importNotFound');
      return { id: r.id, fileName: r.file_name, state: r.state, totalRows: r.total_rows, doneRows: r.done_rows, imported: r.imported, errors: (r.errors as ImportOut['errors']).slice(0, 500), warnings: r.warnings as string[] };
    },
  });
  app.route({
    method: 'GET',
    url: '/api/ads/groups',
    config: { access: 'ads.read' },
    schema: { summary: 'Probable posters, largest first (at most 200)', querystring: GroupsQuery, response: { 200: z.array(GroupSummary) } },
    handler: async (request) => listGroups(db, request.query.minAds),
  });
  app.route({
    method: 'GET',
    url: '/api/ads/group',
    config: { access: 'ads.read' },
    schema: { summary: 'One probable poster: its ads over time and cities, the evidence of each link, decisions and contact attempts (audited)', querystring: GroupQuery, response: { 200: GroupOut, 404: ErrorOut } },
    handler: async (request) => readGroup(callerOf(request), request.query.id),
  });
  app.route({
    method: 'POST',
    url: '/api/ads/decisions',
    config: { access: 'ads.decide' },
    schema: { summary: 'Confirm or split a link between two ads; the register is regrouped at once and every later grouping respects it', body: DecisionIn, response: { 200: DecisionOut, 400: ErrorOut, 404: ErrorOut, 503: ErrorOut } },
    handler: async (request) => decide(callerOf(request), request.body),
  });
  app.route({
    method: 'POST',
    url: '/api/ads/contact-attempts',
    config: { access: 'ads.decide' },
    schema: { summary: 'Log one contact attempt to a probable poster (one worker, one message; never bulk)', body: ContactAttemptIn, response: { 201: Created, 404: ErrorOut } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      const b = request.body;
      const id = await caller.transaction(async (tx, audit) => {
        const exists = await tx.selectFrom('ads_ads').select('url').where('group_id', '=', b.groupId).limit(1).executeTakeFirst();
        if (!exists) throw new AppError(404, 'groupNotFound');
        const row = await tx.insertInto('ads_contact_attempts').values({ group_id: b.groupId, attempted_on: b.attemptedOn, channel: b.channel, template: b.template, answer: b.answer, note: b.note, by_user: caller.user.id }).returning('id').executeTakeFirstOrThrow();
        await audit({ action: 'create', recordType: 'ads_contact_attempt', recordId: row.id, fields: ['attemptedOn', 'channel', 'template', 'answer', 'note'] });
        return row.id;
      });
      return reply.status(201).send({ id });
    },
  });
  app.route({
    method: 'GET',
    url: '/api/ads/statistics',
    config: { access: 'ads.statistics' },
    schema: { summary: 'Counts: active ads (seen in 30 days), probable posters, new posters per month, cities', response: { 200: CountsOut } },
    handler: async () => adsCounts(db),
  });
}

async function listGroups(db: Db, minAds: number): Promise<GroupSummary[]> {
  const rows = await db
    .selectFrom('ads_ads')
    .select([
      'group_id as id',
      sql<number>`count(*)::int`.as('ads'),
      sql<string[]>`coalesce(array_agg(distinct city) filter (where city is not null), '{}')`.as('cities'),
      sql<Date>`min(first_seen_at)`.as('firstSeenAt'),
      sql<Date>`max(last_seen_at)`.as('lastSeenAt'),
    ])
    .where('group_id', 'is not', null)
    .groupBy('group_id')
    .having(sql<boolean>`count(*) >= ${minAds}`)
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('group_id')
    .limit(200)
    .execute();
  return rows.map((r) => ({ ...r, id: r.id!, ads: Number(r.ads) }));
}

async function readGroup(caller: Caller, id: string): Promise<GroupOut> {
  return caller.transaction(async (tx, audit) => {
    const ads = await tx
      .selectFrom('ads_ads')
      .select(['url', 'site', 'city', 'first_seen_at as firstSeenAt', 'last_seen_at as lastSeenAt', 'observations', 'raw_text as text'])
      .where('group_id', '=', id)
      .orderBy('first_seen_at')
      .orderBy('url')
      .limit(2000)
      .execute();
    if (ads.length === 0) throw new AppError(404, 'groupNotFound');
    const urls = ads.map((a) => a.url);
    const inGroup = sql<boolean>`url_a = any(${sql.val(urls)}::text[]) and url_b = any(${sql.val(urls)}::text[])`;
    const links = await tx.selectFrom('ads_links').select(['url_a as urlA', 'url_b as urlB', 'kind', 'similarity']).where(inGroup).orderBy('kind').orderBy('url_a').limit(5000).execute();
    const touching = sql<boolean>`url_a = any(${sql.val(urls)}::text[]) or url_b = any(${sql.val(urls)}::text[])`;
    const decisions = await tx.selectFrom('ads_decisions').select(['url_a as urlA', 'url_b as urlB', 'decision', 'decided_at as decidedAt']).where(touching).orderBy('decided_at').execute();
    const attempts = await tx
      .selectFrom('ads_contact_attempts as a')
      .innerJoin('users as u', 'u.id', 'a.by_user')
      .select(['a.id', sql<string>`a.attempted_on::text`.as('attemptedOn'), 'a.channel', 'a.template', 'a.answer', 'a.note', 'u.display_name as byName'])
      .where('a.group_id', '=', id)
      .orderBy('a.attempted_on')
      .orderBy('a.created_at')
      .execute();
    await audit({ action: 'read', recordType: 'ads_group', recordId: id.slice(0, 200), fields: ['ads', 'text', 'links', 'attempts'], details: { ads: ads.length } });
    return { id, ads, links: links.map((l) => ({ ...l, similarity: Number(l.similarity) })), decisions, attempts };
  });
}

async function decide(caller: Caller, body: z.infer<typeof DecisionIn>) {
  if (body.urlA === body.urlB) throw new AppError(400, 'sameAd');
  const [a, b] = [body.urlA, body.urlB].sort() as [string, string];
  return caller.transaction(async (tx, audit) => {
    // Only the cluster(s) of the two ads are regrouped.
    if (!(await applyDecision(tx, a, b, body.decision, caller.user.id))) throw new AppError(404, 'adNotFound');
    const groups = await tx.selectFrom('ads_ads').select(['url', 'group_id']).where('url', 'in', [body.urlA, body.urlB]).execute();
    await audit({ action: 'update', recordType: 'ads_decision', recordId: `${a} ${b}`.slice(0, 200), fields: ['decision'], details: { decision: body.decision } });
    const groupOf = (url: string) => groups.find((g) => g.url === url)?.group_id ?? null;
    return { groupOfA: groupOf(body.urlA), groupOfB: groupOf(body.urlB) };
  });
}
