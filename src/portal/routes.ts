import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { resolvePublicLanguage, type PublicLanguage } from '../chat/visitor/languages.ts';
import { AppError } from '../core/errors.ts';
import { callerOf } from '../core/http/context.ts';
import { clockOf, type App, type AppDeps } from '../core/http/server.ts';
import { swedishDate } from '../core/time/stockholm.ts';
import { SearchQuery } from '../directory/schema.ts';
import { searchEntries } from '../directory/store.ts';
import { renderPortalPage, type PortalView, type PublishedLookup } from './page.ts';
import { DIRECTORY_SLUG, everyPage, isPageSlug, publishProblem, renderMarkdown } from './rules.ts';
import { Created, OverviewRow, PageParams, PreviewIn, PreviewOut, TextIn, VersionOut, VersionParams } from './schema.ts';
import { insertDraft, markPublished, overview, publishedTexts, versionForUpdate, versionsOf } from './store.ts';

let script: Promise<{ js: string; gzipBytes: number }> | undefined;

/** The portal's script (quick exit only), compiled once from TypeScript and kept in memory. */
export function portalScript(): Promise<{ js: string; gzipBytes: number }> {
  script ??= build({ entryPoints: [path.join(import.meta.dirname, 'client.ts')], bundle: true, minify: true, format: 'esm', target: 'es2019', write: false, legalComments: 'none' }).then((r) => {
    const js = r.outputFiles[0]!.text;
    return { js, gzipBytes: gzipSync(js).length };
  });
  return script;
}

function noStore(reply: FastifyReply): FastifyReply {
  // Nothing of the portal stays in the browser's cache or its back/forward cache.
  return reply.header('cache-control', 'no-store, max-age=0').header('pragma', 'no-cache');
}

/** The public pages (`/hjalp/...`) and the editors' routes (`/api/portal/...`). */
export function registerPortalRoutes(app: App, deps: AppDeps): void {
  const { db } = deps;
  const clock = clockOf(deps);

  async function send(reply: FastifyReply, lang: PublicLanguage, known: boolean, view: PortalView | ((lang: PublicLanguage) => Promise<PortalView>)) {
    const texts = await publishedTexts(db, [...new Set<PublicLanguage>([lang, 'sv', 'en'])]);
    const lookup: PublishedLookup = (slug, l) => texts.get(`${slug}:${l}`);
    const v = typeof view === 'function' ? await view(lang) : view;
    const { status, html } = renderPortalPage(lang, known, v, lookup);
    return noStore(reply).status(status).type('text/html; charset=utf-8').send(html);
  }
  const directory = async (): Promise<PortalView> => ({ kind: 'directory', entries: await searchEntries(db, SearchQuery.parse({ limit: 200 }), 'public', swedishDate(clock())) });
  const Segment = z.string().max(200);

  app.route({ method: 'GET', url: '/hjalp', config: { access: 'public' }, schema: { hide: true }, handler: async (_request, reply) => reply.redirect('/hjalp/sv', 302) });
  app.route({
    method: 'GET',
    url: '/hjalp/:lang',
    config: { access: 'public' },
    schema: { hide: true, params: z.object({ lang: Segment }) },
    handler: async (request, reply) => {
      const { lang, known } = resolvePublicLanguage(request.params.lang);
      return send(reply, lang, known, { kind: 'page', slug: 'start' });
    },
  });
  app.route({
    method: 'GET',
    url: '/hjalp/:lang/:slug',
    config: { access: 'public' },
    schema: { hide: true, params: z.object({ lang: Segment, slug: Segment }) },
    handler: async (request, reply) => {
      const { lang, known } = resolvePublicLanguage(request.params.lang);
      const slug = request.params.slug;
      if (slug === DIRECTORY_SLUG) return send(reply, lang, known, directory);
      return send(reply, lang, known, isPageSlug(slug) && slug !== 'start' ? { kind: 'page', slug } : { kind: 'notFound' });
    },
  });
  // Any other address under /hjalp: the portal's own "no such page" (not the staff app), in the language of its first segment.
  app.route({
    method: 'GET',
    url: '/hjalp/*',
    config: { access: 'public' },
    schema: { hide: true },
    handler: async (request, reply) => {
      const first = request.url.split('/')[2];
      const { lang, known } = resolvePublicLanguage(first);
      return send(reply, lang, known, { kind: 'notFound' });
    },
  });
  app.route({
    method: 'GET',
    url: '/hjalp/portal.js',
    config: { access: 'public' },
    schema: { hide: true },
    handler: async (_request, reply) => noStore(reply).type('text/javascript; charset=utf-8').send((await portalScript()).js),
  });

  // --- The editors' routes ---
  app.route({
    method: 'GET',
    url: '/api/portal/pages',
    config: { access: 'portal.edit' },
    schema: { summary: 'Every page in every language: its published version and a newer draft', response: { 200: z.array(OverviewRow) } },
    handler: async () => {
      const rows = await overview(db);
      const at = (slug: string, lang: string, status: string) => rows.find((r) => r.slug === slug && r.lang === lang && r.status === status)?.version ?? null;
      return everyPage().map(({ slug, lang }) => {
        const publishedVersion = at(slug, lang, 'published');
        const draft = at(slug, lang, 'draft');
        return { slug, lang, publishedVersion, draftVersion: draft !== null && (publishedVersion === null || draft > publishedVersion) ? draft : null };
      });
    },
  });
  app.route({
    method: 'GET',
    url: '/api/portal/pages/:slug/:lang',
    config: { access: 'portal.edit' },
    schema: { summary: 'Every version of a page in a language, newest first (the history)', params: PageParams, response: { 200: z.array(VersionOut) } },
    handler: async (request) => versionsOf(db, request.params.slug, request.params.lang),
  });
  app.route({
    method: 'POST',
    url: '/api/portal/preview',
    config: { access: 'portal.edit' },
    schema: { summary: 'The Markdown as the public page shows it (rendered and sanitised)', body: PreviewIn, response: { 200: PreviewOut } },
    handler: async (request) => ({ html: renderMarkdown(request.body.body) }),
  });
  app.route({
    method: 'POST',
    url: '/api/portal/pages/:slug/:lang/drafts',
    config: { access: 'portal.edit' },
    schema: { summary: 'Save a new version of the page as a draft', params: PageParams, body: TextIn, response: { 201: Created } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      const { slug, lang } = request.params;
      const created = await caller.transaction(async (tx, audit) => {
        const v = await insertDraft(tx, slug, lang, request.body, caller.user.id);
        await audit({ action: 'create', recordType: 'portal_page', recordId: v.id, fields: ['title', 'body'], details: { slug, lang, version: v.version } });
        return v;
      });
      return reply.status(201).send(created);
    },
  });
  app.route({
    method: 'POST',
    url: '/api/portal/pages/:slug/:lang/versions/:version/publish',
    config: { access: 'portal.publish' },
    schema: { summary: 'Publish a draft: the public page shows it from now on; earlier versions stay in the history', params: VersionParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      const { slug, lang, version } = request.params;
      await caller.transaction(async (tx, audit) => {
        const v = await versionForUpdate(tx, slug, lang, version);
        const problem = publishProblem(v);
        if (problem === 'notFound') throw new AppError(404, 'portalVersionNotFound');
        if (problem) throw new AppError(409, 'portalAlreadyPublished');
        await markPublished(tx, v!.id, caller.user.id, clock());
        await audit({ action: 'update', recordType: 'portal_page', recordId: v!.id, fields: ['status'], details: { slug, lang, version, published: true } });
      });
      return reply.status(204).send(null);
    },
  });
}
