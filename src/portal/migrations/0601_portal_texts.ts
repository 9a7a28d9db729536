import { sql, type Kysely } from 'kysely';
import { PUBLIC_LANGUAGES } from '../../chat/visitor/languages.ts';
import { defaultContent } from '../content/index.ts';
import { PAGE_SLUGS } from '../rules.ts';

/**
 * The portal's texts written for Utväg, as the first published version of each page (in
 * production as in the demo): editors change them from there. A page without a text in a
 * language shows the "not yet translated" notice with the Swedish or English page.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const lang of PUBLIC_LANGUAGES)
    for (const slug of PAGE_SLUGS) {
      const c = defaultContent(lang, slug);
      if (!c) continue;
      await sql`insert into portal_page_versions (slug, lang, version, title, body, status, published_at)
        values (${slug}, ${lang}, 1, ${c.title}, ${c.body}, 'published', now())
        on conflict (slug, lang, version) do nothing`.execute(db);
    }
}
