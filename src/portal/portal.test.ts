import { beforeAll, describe, expect, test } from 'vitest';
import { BOOKING_PAGE_TEXTS } from '../booking/visitor/texts.ts';
import { LANGUAGE_NAMES, PUBLIC_LANGUAGES, VISITOR_LANGUAGE_NOTE } from '../chat/visitor/languages.ts';
import { escapeHtml } from '../chat/visitor/page.ts';
import { CHAT_PAGE_TEXTS } from '../chat/visitor/texts.ts';
import { DEMO_ENTRIES, seedDirectoryDemo } from '../directory/demo.ts';
import { unitId } from '../testing/app.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { PAGE_SLUGS, pagePath } from './rules.ts';

describe.each(databaseTargets())('the help portal on $name', (target) => {
  const t = useTestApp(target);
  const get = async (url: string) => {
    const r = await t.app.app.inject({ method: 'GET', url });
    return { status: r.statusCode, html: r.body, headers: r.headers };
  };

  test('every page in every language: no cookie, its language and direction, and every way to help', async () => {
    for (const lang of PUBLIC_LANGUAGES)
      for (const slug of [...PAGE_SLUGS, 'stod' as const]) {
        const r = await get(pagePath(lang, slug));
        expect(r.status, `${lang} ${slug}`).toBe(200);
        expect(r.headers['set-cookie'], `${lang} ${slug}`).toBeUndefined();
        expect(r.headers['cache-control']).toContain('no-store');
        expect(r.html).toContain(`<html lang="${lang}"${lang === 'ar' ? ' dir="rtl"' : ''}>`);
        for (const link of [`href="/chatt?lang=${lang}"`, `href="/boka?lang=${lang}"`, `href="/hjalp/${lang}/stod"`, 'href="tel:112"', '020-50 50 50', '116 111', '020-66 77 88', 'id="quick-exit"'])
          expect(r.html, `${lang} ${slug}: ${link}`).toContain(link);
        // Nothing inline (the strict CSP), nothing from another origin.
        expect(r.html).not.toMatch(/<script(?![^>]*\bsrc="\/hjalp\/portal\.js")|<style|\sstyle=|\son[a-z]+=/i);
        expect(r.html).not.toMatch(/(src|href)="(https?:)?\/\/(?!stodlinjen|ungchatt|polisen|migrationsverket)/);
        expect(r.html).not.toMatch(/\{\{|undefined|\[object/);
      }
  });

  test('a page missing in a language says "not yet translated" and shows the English page, marked as English', async () => {
    const r = await get('/hjalp/th/unga');
    expect(r.html).toContain('หน้านี้ยังไม่ได้แปลเป็นภาษาไทย');
    expect(r.html).toContain(LANGUAGE_NAMES.en);
    expect(r.html).toMatch(/<article lang="en" dir="ltr">\s*<h1>If you are young<\/h1>/);
    const ar = await get('/hjalp/ar/unga');
    expect(ar.html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(ar.html).toMatch(/<article lang="en" dir="ltr">/);
    // A page translated into the language has no notice.
    expect((await get('/hjalp/ar')).html).not.toContain('غير مترجمة');
  });

  test('an unknown language is Swedish with the choice of languages; nothing of a crafted address reaches the page', async () => {
    const r = await get('/hjalp/de/unga');
    expect(r.status).toBe(200);
    expect(r.html).toContain('<html lang="sv">');
    expect(r.html).toContain('Vi har inte sidorna på det språket');
    for (const l of PUBLIC_LANGUAGES) expect(r.html).toContain(`href="/hjalp/${l}"`);
    expect(r.html).toContain('<h1>Du som är ung</h1>');
    for (const crafted of ['/hjalp/%3Cscript%3Ealert(1)%3C%2Fscript%3E', '/hjalp/sv/%22%3E%3Csvg%20onload%3Dalert(1)%3E', '/hjalp/xx%22onmouseover%3D1/unga', '/hjalp/sv/unga/%3Cb%3Eevil%3C%2Fb%3E', '/hjalp/sv/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd']) {
      const c = await get(crafted);
      expect(c.headers['set-cookie']).toBeUndefined();
      expect(c.html, crafted).not.toMatch(/<script>|<svg|onload|onmouseover|<b>evil|alert\(1\)|passwd/i);
      expect(c.html).toContain('id="quick-exit"');
    }
    const unknownPage = await get('/hjalp/en/no-such-page');
    expect(unknownPage.status).toBe(404);
    expect(unknownPage.html).toContain('The page does not exist.');
    expect(unknownPage.html).not.toContain('no-such-page');
    expect((await get('/hjalp/sv/a/b/c')).status).toBe(404);
    expect((await t.app.app.inject({ method: 'GET', url: '/hjalp' })).headers.location).toBe('/hjalp/sv');
  });

  test('the directory page lists the public entries, never the internal ones', async () => {
    for (const owner of new Set(DEMO_ENTRIES.map((e) => e.owner))) await unitId(t.db, owner, owner === 'Nexus – vuxna' ? 'adult' : 'other');
    await seedDirectoryDemo(t.db);
    const sv = await get('/hjalp/sv/stod');
    expect(sv.html).toContain('KAST-linjen (fiktiv)');
    expect(sv.html).toContain('Anonymt samtalsstöd för personer som köper sex');
    expect(sv.html).not.toContain('Regionkoordinator');
    const uk = await get('/hjalp/uk/stod');
    expect(uk.html).toContain('Anonymous counselling for people who buy sex');
    expect(uk.html).toContain('Цю сторінку ще не перекладено українською');
  });

  test('an editor writes a draft, previews it, publishes it: the page changes, the history stays, script never reaches the page, every change is audited', async () => {
    const editor = await t.signedIn([{ role: 'content_editor', unit: null }]);
    const attack = 'Ny text. <script>alert(1)</script> <img src=x onerror=alert(2)> [klicka](javascript:alert(3))\n\n## Rubrik';
    const preview = await editor.post('/api/portal/preview', { body: attack });
    expect(preview.status).toBe(200);
    expect(preview.body.html).toContain('<h2>Rubrik</h2>');
    expect(preview.body.html).not.toMatch(/<script|<img|href="javascript/);

    const draft = await editor.post('/api/portal/pages/anhoriga/ro/drafts', { title: 'Pentru rude și prieteni', body: attack });
    expect(draft.status).toBe(201);
    expect(draft.body.version).toBe(1);
    // A draft is not public: Romanian still shows the English page with the notice.
    expect((await get('/hjalp/ro/anhoriga')).html).toContain('If you are a relative or a friend');

    expect((await editor.post(`/api/portal/pages/anhoriga/ro/versions/${draft.body.version}/publish`, {})).status).toBe(204);
    const page = (await get('/hjalp/ro/anhoriga')).html;
    expect(page).toContain('<h1>Pentru rude și prieteni</h1>');
    expect(page).not.toContain('nu este încă tradusă');
    expect(page).not.toMatch(/<script>alert|<img[\s>]|<[^>]*\sonerror=|href="javascript/);
    expect(page).toContain('&lt;script&gt;'); // shown as text, harmless
    expect((await editor.post(`/api/portal/pages/anhoriga/ro/versions/1/publish`, {})).status).toBe(409);
    expect((await editor.post(`/api/portal/pages/anhoriga/ro/versions/9/publish`, {})).status).toBe(404);

    // A second version of a seeded page: version 2; the first published stays in the history.
    const second = await editor.post('/api/portal/pages/start/sv/drafts', { title: 'Hjälp och stöd (ny)', body: 'Kort text.' });
    expect(second.body.version).toBe(2);
    await editor.post('/api/portal/pages/start/sv/versions/2/publish', {});
    expect((await get('/hjalp/sv')).html).toContain('<h1>Hjälp och stöd (ny)</h1>');
    const history = await editor.get('/api/portal/pages/start/sv');
    expect(history.body.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[2, 'published'], [1, 'published']]);
    const overview = await editor.get('/api/portal/pages');
    expect(overview.body).toContainEqual({ slug: 'anhoriga', lang: 'ro', publishedVersion: 1, draftVersion: null });
    expect(overview.body).toContainEqual({ slug: 'unga', lang: 'th', publishedVersion: null, draftVersion: null });

    const audit = await t.db.selectFrom('audit_log').select(['action', 'record_type']).where('record_type', '=', 'portal_page').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'create', 'update', 'update']);
  });

  test('the chat and booking pages reached from the portal speak its language: their own texts, the counsellors’ languages and the interpreter, no "shown in English" notice', async () => {
    for (const [base, texts] of [['/chatt', CHAT_PAGE_TEXTS], ['/boka', BOOKING_PAGE_TEXTS]] as const) {
      for (const lang of PUBLIC_LANGUAGES) {
        const r = await get(`${base}?lang=${lang}`);
        expect(r.status, `${base} ${lang}`).toBe(200);
        expect(r.headers['set-cookie'], `${base} ${lang}`).toBeUndefined();
        expect(r.html, `${base} ${lang}`).toContain(`<html lang="${lang}"${lang === 'ar' ? ' dir="rtl"' : ''}>`);
        for (const text of [texts[lang].title, texts[lang].quickExit, texts[lang].whoAreYou]) expect(r.html, `${base} ${lang}: ${text}`).toContain(escapeHtml(text));
        const note = VISITOR_LANGUAGE_NOTE[lang];
        expect(r.html, `${base} ${lang}`).toContain('<section class="card notice" aria-labelledby="language-note-heading">');
        expect(r.html, `${base} ${lang}`).toContain(escapeHtml(note.counsellors));
        expect(r.html, `${base} ${lang}`).toContain(escapeHtml(note.interpreter));
        expect(r.html, `${base} ${lang}`).not.toContain(escapeHtml(note.notTranslated));
        expect(r.html, `${base} ${lang}`).toContain(`href="/hjalp/${lang}"`);
      }
      const ar = await get(`${base}?lang=ar`);
      expect(ar.html).toContain('يجيب المستشارون باللغتين السويدية والإنجليزية');
      const sv = await get(`${base}?lang=sv`);
      expect(sv.html).toContain('Rådgivarna svarar på svenska och engelska.');
      expect(sv.html).toContain('Vill du ha tolk?');
      const crafted = await get(`${base}?lang=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E`);
      expect(crafted.status).toBe(200);
      expect(crafted.html).toContain('<html lang="sv">');
      expect(crafted.html).not.toMatch(/<script>alert/);
    }
  });

  test('only content editors edit; a caseworker and the public are refused', async () => {
    const worker = await t.signedIn([{ role: 'caseworker', unit: 'Nexus – vuxna' }]);
    expect((await worker.post('/api/portal/pages/unga/sv/drafts', { title: 'x', body: 'y' })).status).toBe(403);
    expect((await t.client().get('/api/portal/pages')).status).toBe(401);
  });
});

describe('page weight', () => {
  const t = useTestApp(databaseTargets()[0]!);
  test('every portal page: HTML and its one script, compressed; the script far under 60 KB', async () => {
    const { gzipSync } = await import('node:zlib');
    const { portalScript } = await import('./routes.ts');
    const js = await portalScript();
    const css = (await t.app.app.inject({ method: 'GET', url: '/chatt/chat.css' })).body;
    let largest = { url: '', bytes: 0 };
    for (const lang of PUBLIC_LANGUAGES)
      for (const slug of [...PAGE_SLUGS, 'stod' as const]) {
        const url = pagePath(lang, slug);
        const bytes = gzipSync((await t.app.app.inject({ method: 'GET', url })).body).length;
        if (bytes > largest.bytes) largest = { url, bytes };
      }
    console.log(`portal page weight (gzip): largest HTML ${largest.bytes} B (${largest.url}), script ${js.gzipBytes} B (${Buffer.byteLength(js.js)} B raw), style sheet ${gzipSync(css).length} B`);
    expect(js.gzipBytes).toBeLessThan(60 * 1024);
    expect(largest.bytes).toBeGreaterThan(0);
  });
});
