import path from 'node:path';
import { build } from 'esbuild';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { escapeHtml as e, publicPageTop } from '../../chat/visitor/page.ts';
import type { Db } from '../../core/db/database.ts';
import type { App } from '../../core/http/server.ts';
import { GENDERS, TARGET_GROUPS } from '../rules.ts';
import type { EntryOut } from '../schema.ts';
import { searchEntries } from '../store.ts';
import { DIRECTORY_PAGE_TEXTS } from './texts.ts';

/**
 * The public directory page (`GET /hitta-stod`, `?lang=en`): server-rendered like the chat's and the
 * booking's visitor pages (no cookie, nothing from another origin, no-store, the one quick exit).
 * The search is a plain GET form over the public entries; the results are in the HTML.
 */
let script: Promise<string> | undefined;
function pageScript(): Promise<string> {
  script ??= build({ entryPoints: [path.join(import.meta.dirname, 'client.ts')], bundle: true, minify: true, format: 'esm', target: 'es2019', write: false, legalComments: 'none' }).then((r) => r.outputFiles[0]!.text);
  return script;
}

function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store, max-age=0').header('pragma', 'no-cache');
}

type Lang = 'sv' | 'en';
export const PageQuery = z.object({
  lang: z.enum(['sv', 'en']).default('sv'),
  q: z.string().trim().max(200).default(''),
  group: z.union([z.enum(TARGET_GROUPS), z.literal('')]).default(''),
  age: z.union([z.coerce.number().int().min(0).max(120), z.literal('')]).default(''),
  gender: z.union([z.enum(GENDERS), z.literal('')]).default(''),
  anonymous: z.literal('ja').optional(),
});
type PageQuery = z.infer<typeof PageQuery>;

function entryCard(lang: Lang, r: EntryOut): string {
  const t = DIRECTORY_PAGE_TEXTS[lang];
  const reach = [
    r.phone && `<a href="tel:${e(r.phone.replace(/[^\d+]/g, ''))}">${e(r.phone)}</a>`,
    r.email && `<a href="mailto:${e(r.email)}">${e(r.email)}</a>`,
    r.web && /^https?:\/\//.test(r.web) && `<a href="${e(r.web)}" rel="noreferrer noopener">${e(r.web)}</a>`,
    r.address && e(r.address),
  ].filter(Boolean);
  const facts = [
    r.anonymousContact ? t.anonymousYes : '',
    r.exclusionCriteria ? `${t.exclusions} ${r.exclusionCriteria}` : t.noExclusions,
    r.meansTested ? t.meansTested : '',
  ].filter(Boolean);
  return `<li class="card"><h3>${e(r.name)}</h3>
<p>${e(lang === 'en' ? r.offerEn : r.offerSv)}</p>
<p>${e(r.targetGroups.map((g) => t.groups[g as keyof typeof t.groups] ?? g).join(', '))}</p>
${r.openingHours ? `<p>${e(t.hours)} ${e(r.openingHours)}</p>` : ''}
${reach.length ? `<p>${reach.join(' · ')}</p>` : ''}
<p>${e(facts.join(' '))}</p></li>`;
}

export function renderDirectoryPage(lang: Lang, q: PageQuery, rows: readonly EntryOut[]): string {
  const t = DIRECTORY_PAGE_TEXTS[lang];
  const other: Lang = lang === 'sv' ? 'en' : 'sv';
  const option = (value: string, label: string, selected: string) => `<option value="${e(value)}"${value === selected ? ' selected' : ''}>${e(label)}</option>`;
  return `${publicPageTop({ lang, other, title: t.title, script: '/hitta-stod/sida.js', languageHref: `/hitta-stod?lang=${other}`, texts: t })}
<main id="main">
<h1>${e(t.title)}</h1>
<p>${e(t.intro)}</p>
<p><strong>${e(t.acute)}</strong></p>
<form method="get" action="/hitta-stod" class="card" role="search">
<input type="hidden" name="lang" value="${lang}">
<p><label for="q">${e(t.query)}</label><br><input id="q" name="q" type="search" value="${e(q.q)}"></p>
<p><label for="group">${e(t.targetGroup)}</label><br><select id="group" name="group">${option('', t.any, q.group)}${TARGET_GROUPS.map((g) => option(g, t.groups[g], q.group)).join('')}</select></p>
<p><label for="age">${e(t.age)}</label><br><input id="age" name="age" type="number" min="0" max="120" inputmode="numeric" value="${e(String(q.age))}"></p>
<p><label for="gender">${e(t.gender)}</label><br><select id="gender" name="gender">${option('', t.any, q.gender)}${GENDERS.map((g) => option(g, t.genders[g], q.gender)).join('')}</select></p>
<p><input id="anonymous" name="anonymous" type="checkbox" value="ja"${q.anonymous ? ' checked' : ''}> <label for="anonymous">${e(t.anonymous)}</label></p>
<p><button type="submit">${e(t.search)}</button></p>
</form>
<section aria-labelledby="results-heading">
<h2 id="results-heading">${e(t.results)} (${rows.length})</h2>
${rows.length ? `<ul class="entries">${rows.map((r) => entryCard(lang, r)).join('\n')}</ul>` : `<p>${e(t.none)}</p>`}
</section>
</main>
</body>
</html>`;
}

export function registerDirectoryPage(app: App, db: Db, today: () => string): void {
  app.route({
    method: 'GET',
    url: '/hitta-stod',
    config: { access: 'public' },
    schema: { hide: true, querystring: PageQuery },
    handler: async (request, reply) => {
      const q = request.query;
      const rows = await searchEntries(
        db,
        { lang: q.lang, limit: 100, ...(q.q && { q: q.q }), ...(q.group && { targetGroup: q.group }), ...(q.age !== '' && { age: q.age }), ...(q.gender && { gender: q.gender }), ...(q.anonymous && { anonymous: true }) },
        'public',
        today(),
      );
      return noStore(reply).type('text/html; charset=utf-8').send(renderDirectoryPage(q.lang, q, rows));
    },
  });
  app.route({
    method: 'GET',
    url: '/hitta-stod/sida.js',
    config: { access: 'public' },
    schema: { hide: true },
    handler: async (_request, reply) => noStore(reply).type('text/javascript; charset=utf-8').send(await pageScript()),
  });
}
