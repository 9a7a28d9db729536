import { sql } from 'kysely';
import type { Executor, Tx } from '../core/db/database.ts';
import type { PublicLanguage } from '../chat/visitor/languages.ts';
import type { PageContent } from './rules.ts';

/** The latest published version of every page in these languages, keyed `slug:lang`. */
export async function publishedTexts(db: Executor, langs: readonly PublicLanguage[]): Promise<Map<string, PageContent>> {
  const rows = await db
    .selectFrom('portal_page_versions')
    .distinctOn(['slug', 'lang'])
    .select(['slug', 'lang', 'title', 'body'])
    .where('status', '=', 'published')
    .where('lang', 'in', [...langs])
    .orderBy('slug')
    .orderBy('lang')
    .orderBy('published_at', 'desc')
    .execute();
  return new Map(rows.map((r) => [`${r.slug}:${r.lang}`, { title: r.title, body: r.body }]));
}

/** Per page and language: the published version (if any) and the newest draft after it (if any). */
export async function overview(db: Executor) {
  const rows = await db
    .selectFrom('portal_page_versions')
    .select(['slug', 'lang', 'status', sql<number>`max(version)`.as('version'), sql<Date>`max(created_at)`.as('changedAt')])
    .groupBy(['slug', 'lang', 'status'])
    .execute();
  return rows;
}

export async function versionsOf(db: Executor, slug: string, lang: string) {
  return db
    .selectFrom('portal_page_versions as v')
    .leftJoin('users as c', 'c.id', 'v.created_by')
    .leftJoin('users as p', 'p.id', 'v.published_by')
    .select(['v.id', 'v.version', 'v.title', 'v.body', 'v.status', 'v.created_at as createdAt', 'v.published_at as publishedAt', 'c.display_name as createdBy', 'p.display_name as publishedBy'])
    .where('v.slug', '=', slug)
    .where('v.lang', '=', lang)
    .orderBy('v.version', 'desc')
    .execute();
}

/** A new draft: the next version number of the page, under a lock on the page so two editors never take the same. */
export async function insertDraft(tx: Tx, slug: string, lang: string, text: PageContent, userId: string): Promise<{ id: string; version: number }> {
  await sql`select pg_advisory_xact_lock(hashtext(${`portal:${slug}:${lang}`}))`.execute(tx);
  const { next } = await tx
    .selectFrom('portal_page_versions')
    .select(sql<number>`coalesce(max(version), 0) + 1`.as('next'))
    .where('slug', '=', slug)
    .where('lang', '=', lang)
    .executeTakeFirstOrThrow();
  return tx
    .insertInto('portal_page_versions')
    .values({ slug, lang, version: next, title: text.title, body: text.body, created_by: userId })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
}

export async function versionForUpdate(tx: Tx, slug: string, lang: string, version: number) {
  return tx.selectFrom('portal_page_versions').select(['id', 'status']).where('slug', '=', slug).where('lang', '=', lang).where('version', '=', version).forUpdate().executeTakeFirst();
}

export async function markPublished(tx: Tx, id: string, userId: string, at: Date): Promise<void> {
  await tx.updateTable('portal_page_versions').set({ status: 'published', published_by: userId, published_at: at }).where('id', '=', id).execute();
}
