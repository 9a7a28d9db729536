import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../core/db/database.ts';
import type { App } from '../../core/http/server.ts';
import { EVERY_QUEUE, hoursOfQueue, isQueueOpen, QUEUES, swedishDate, TARGET_GROUPS, WHERE_TO_TURN, type OpeningHours } from '../rules.ts';
import { hoursExceptions, openingHours } from '../store.ts';
import { directionOf, fallbackOf, LANGUAGE_NAMES, PUBLIC_LANGUAGES, resolvePublicLanguage, VISITOR_LANGUAGE_NOTE, type PublicLanguage } from './languages.ts';
import { CHAT_PAGE_TEXTS, CONSENT_TEXTS } from './texts.ts';

/**
 * The public chat page: server-rendered HTML, a small script of its own (not the staff app's
 * bundle) and a style sheet — all from this origin under the strict CSP, nothing inline.
 */
/**
 * The top of every public, anonymous page (the chat, the booking page): no referrer, not indexed,
 * the one stylesheet, the language switch and the one quick exit, in that order on every page.
 */
export function publicPageTop(page: {
  lang: string;
  other: string;
  title: string;
  script: string;
  languageHref: string;
  texts: { changeLanguage: string; quickExit: string; quickExitHint: string };
  /** Right to left for Arabic; the style sheet uses logical properties, so the layout mirrors. */
  dir?: 'ltr' | 'rtl';
  /** A language choice of several (the portal) in place of the one switch to the other language. */
  languages?: ReadonlyArray<{ lang: string; label: string; href: string; current: boolean }>;
}): string {
  const e = escapeHtml;
  const t = page.texts;
  return `<!doctype html>
<html lang="${page.lang}"${page.dir === 'rtl' ? ' dir="rtl"' : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${e(page.title)}</title>
<link rel="stylesheet" href="/chatt/chat.css">
<script type="module" src="${page.script}"></script>
</head>
<body>
<header class="bar">
${
  page.languages
    ? `<nav class="langs" aria-label="${e(t.changeLanguage)}"><ul>${page.languages
        .map((l) => `<li><a href="${e(l.href)}" lang="${l.lang}" hreflang="${l.lang}"${l.current ? ' aria-current="page"' : ''}>${e(l.label)}</a></li>`)
        .join('')}</ul></nav>`
    : `<a class="lang" href="${e(page.languageHref)}" lang="${page.other}" hreflang="${page.other}">${e(t.changeLanguage)}</a>`
}
<button type="button" id="quick-exit" class="exit" aria-describedby="quick-exit-hint">${e(t.quickExit)}</button>
<span id="quick-exit-hint" class="visually-hidden">${e(t.quickExitHint)}</span>
</header>`;
}

/** The language choice of a public page: every language of the public pages, each to this page in it. */
export function publicLanguageLinks(current: PublicLanguage, hrefOf: (lang: PublicLanguage) => string): Array<{ lang: string; label: string; href: string; current: boolean }> {
  return PUBLIC_LANGUAGES.map((l) => ({ lang: l, label: LANGUAGE_NAMES[l], href: hrefOf(l), current: l === current }));
}

/**
 * What the chat and booking pages say in the visitor's own language (the one the portal passed in
 * the address): that the page is shown in English when it is not translated, which languages the
 * counsellors answer in, how to get an interpreter, and the way back to the help pages.
 */
export function visitorLanguageNote(visitor: PublicLanguage, shownIn: PublicLanguage): string {
  const n = VISITOR_LANGUAGE_NOTE[visitor];
  const attrs = visitor === shownIn ? '' : ` lang="${visitor}" dir="${directionOf(visitor)}"`;
  return `<section class="card notice" aria-labelledby="language-note-heading"${attrs}>
<h2 id="language-note-heading">${escapeHtml(n.heading)}</h2>
${visitor === shownIn ? '' : `<p>${escapeHtml(n.notTranslated)}</p>
`}<p>${escapeHtml(n.counsellors)}</p>
<p>${escapeHtml(n.interpreter)}</p>
<p><a href="/hjalp/${visitor}">${escapeHtml(n.back)}</a></p>
</section>`;
}

/** The language of a public page's address (any of the portal's); the chat and booking pages have their own texts in every one of them. */
export function pageLanguages(code: unknown): { visitor: PublicLanguage; texts: PublicLanguage } {
  const { lang } = resolvePublicLanguage(code);
  return { visitor: lang, texts: lang };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

let script: Promise<{ js: string; gzipBytes: number }> | undefined;

/** The visitor's script, compiled once from TypeScript (esbuild) and kept in memory. */
export function visitorScript(): Promise<{ js: string; gzipBytes: number }> {
  script ??= build({
    entryPoints: [path.join(import.meta.dirname, 'client.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2019',
    write: false,
    legalComments: 'none',
  }).then((r) => {
    const js = r.outputFiles[0]!.text;
    return { js, gzipBytes: gzipSync(js).length };
  });
  return script;
}

function noStore(reply: FastifyReply): FastifyReply {
  // Nothing of the chat may stay in the browser's cache or its back/forward cache.
  return reply.header('cache-control', 'no-store, max-age=0').header('pragma', 'no-cache');
}

function hoursList(lang: PublicLanguage, hours: readonly OpeningHours[]): string {
  const t = CHAT_PAGE_TEXTS[lang];
  return t.days
    .map((day, i) => {
      const h = hours.find((x) => x.weekday === i + 1);
      return `<li><span class="day">${escapeHtml(day)}</span> ${h ? `${h.opens}–${h.closes}` : escapeHtml(t.closedDay)}</li>`;
    })
    .join('');
}

/** Where to turn while the chat is closed: 112 first, then the national lines, each said once. */
function whereNow(lang: PublicLanguage): string {
  const t = CHAT_PAGE_TEXTS[lang];
  const lines = [...new Set(TARGET_GROUPS.flatMap((g) => WHERE_TO_TURN[g]))];
  return `<section id="where-now" aria-labelledby="where-now-heading" class="card">
<h2 id="where-now-heading">${escapeHtml(t.whereNowHeading)}</h2>
<p>${escapeHtml(t.whereNowIntro)}</p>
<ul>${lines.map((l) => `<li>${escapeHtml(t.lines[l])}</li>`).join('')}</ul>
</section>`;
}

function groupRadios(lang: PublicLanguage, name: string): string {
  const t = CHAT_PAGE_TEXTS[lang];
  return TARGET_GROUPS.map((g, i) => `<div class="choice"><input type="radio" id="${name}-${g}" name="${name}" value="${g}"${i === 0 ? ' required' : ''}><label for="${name}-${g}">${escapeHtml(t.groups[g])}</label></div>`).join('');
}

/** The language the counsellors answer in (Swedish or English), named in the page's language. */
function languageSelect(lang: PublicLanguage, id: string): string {
  const t = CHAT_PAGE_TEXTS[lang];
  const answered = fallbackOf(lang);
  return `<label for="${id}">${escapeHtml(t.chatLanguage)}</label><select id="${id}" name="language">${(['sv', 'en'] as const).map((l) => `<option value="${l}"${l === answered ? ' selected' : ''}>${escapeHtml(t.languages[l])}</option>`).join('')}</select>`;
}

export function renderChatPage(lang: PublicLanguage, hours: readonly OpeningHours[], open: boolean, visitor: PublicLanguage = lang): string {
  const t = CHAT_PAGE_TEXTS[lang];
  const other = lang === 'sv' ? 'en' : 'sv';
  // The server's own messages (errors, the recorded consent) come in Swedish or English.
  const serverLang = fallbackOf(lang);
  const e = escapeHtml;
  return `${publicPageTop({ lang, other, title: t.title, script: '/chatt/chat.js', languageHref: `/chatt?lang=${other}`, dir: directionOf(lang), texts: t, languages: publicLanguageLinks(visitor, (l) => `/chatt?lang=${l}`) })}
<main id="main" data-texts="${e(JSON.stringify(t))}" data-lang="${serverLang}">
<h1>${e(t.title)}</h1>
<p>${e(t.intro)}</p>
${visitorLanguageNote(visitor, lang)}
<section aria-labelledby="hours-heading" class="card">
<h2 id="hours-heading">${e(t.hours)}</h2>
<ul class="hours">${hoursList(lang, hours)}</ul>
<p id="open-state" class="${open ? 'open' : 'closed'}">${e(open ? t.openNow : t.closedNow)}</p>
</section>
${open ? '' : whereNow(lang)}
<section id="start" aria-labelledby="start-heading" class="card"${open ? '' : ' hidden'}>
<h2 id="start-heading">${e(t.start)}</h2>
<form id="start-form">
<fieldset><legend>${e(t.whoAreYou)}</legend>${groupRadios(lang, 'group')}</fieldset>
<div class="field">${languageSelect(lang, 'chat-language')}</div>
<button type="submit" class="primary">${e(t.start)}</button>
</form>
<p id="start-error" class="error" role="alert"></p>
</section>
<section id="chat" aria-labelledby="chat-heading" class="card" hidden>
<h2 id="chat-heading">${e(t.conversation)}</h2>
<p id="chat-status" role="status"></p>
<div class="log" role="log" aria-live="polite" aria-relevant="additions" aria-labelledby="chat-heading"><ol id="log"></ol></div>
<p id="typing" class="typing" aria-live="polite"></p>
<form id="send-form">
<label for="message">${e(t.message)}</label>
<textarea id="message" name="message" rows="3" maxlength="2000" required></textarea>
<button type="submit" class="primary">${e(t.send)}</button>
</form>
<p id="chat-error" class="error" role="alert"></p>
<div class="actions">
<button type="button" id="consent-open">${e(t.continueIdentified)}</button>
<button type="button" id="consent-withdraw" hidden>${e(t.consentWithdraw)}</button>
<button type="button" id="end-chat">${e(t.end)}</button>
</div>
<p id="consent-status" role="status"></p>
<section id="consent" aria-labelledby="consent-heading" hidden>
<h3 id="consent-heading">${e(t.consentHeading)}</h3>
<p>${e(CONSENT_TEXTS[lang])}</p>
<button type="button" id="consent-yes" class="primary">${e(t.consentConfirm)}</button>
<button type="button" id="consent-no">${e(t.consentCancel)}</button>
</section>
</section>
<section id="offline" aria-labelledby="offline-heading" class="card"${open ? ' hidden' : ''}>
<h2 id="offline-heading">${e(t.offlineHeading)}</h2>
<form id="offline-form">
<fieldset><legend>${e(t.whoAreYou)}</legend>${groupRadios(lang, 'offline-group')}</fieldset>
<div class="field">${languageSelect(lang, 'offline-language')}</div>
<label for="offline-message">${e(t.offlineMessage)}</label>
<textarea id="offline-message" name="body" rows="4" maxlength="2000" required></textarea>
<button type="submit" class="primary">${e(t.offlineSend)}</button>
</form>
<p id="offline-result" role="status"></p>
</section>
<section id="read" aria-labelledby="read-heading" class="card">
<h2 id="read-heading">${e(t.readHeading)}</h2>
<form id="read-form">
<label for="code">${e(t.codeLabel)}</label>
<input id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" required>
<button type="submit">${e(t.read)}</button>
</form>
<div id="read-result" role="status"></div>
</section>
</main>
</body>
</html>`;
}

const NEUTRAL_PAGE = `<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Väder</title><link rel="stylesheet" href="/chatt/chat.css"></head>
<body><main class="neutral"><h1>Väder</h1><p>Växlande molnighet, 7 °C. Svag vind från sydväst.</p><p>I morgon: uppehåll, 9 °C.</p></main></body>
</html>`;

export function registerPublicPages(app: App, db: Db): void {
  app.route({
    method: 'GET',
    url: '/chatt',
    config: { access: 'public' },
    // Any language of the public pages (from the portal); an unknown one is Swedish, never an error or an echo.
    schema: { hide: true, querystring: z.object({ lang: z.string().max(40).optional() }) },
    handler: async (request, reply) => {
      const now = new Date();
      const [hours, exceptions] = await Promise.all([openingHours(db), hoursExceptions(db, swedishDate(now))]);
      const { visitor, texts } = pageLanguages(request.query.lang);
      const open = QUEUES.some((q) => isQueueOpen(q, hours, exceptions, now));
      return noStore(reply).type('text/html; charset=utf-8').send(renderChatPage(texts, hoursOfQueue(hours, EVERY_QUEUE), open, visitor));
    },
  });
  app.route({
    method: 'GET',
    url: '/chatt/chat.js',
    config: { access: 'public' },
    schema: { hide: true },
    handler: async (_request, reply) => noStore(reply).type('text/javascript; charset=utf-8').send((await visitorScript()).js),
  });
  let css: Promise<string> | undefined;
  app.route({
    method: 'GET',
    url: '/chatt/chat.css',
    config: { access: 'public' },
    schema: { hide: true },
    handler: async (_request, reply) => {
      css ??= readFile(path.join(import.meta.dirname, 'chat.css'), 'utf8');
      return noStore(reply).type('text/css; charset=utf-8').send(await css);
    },
  });
  // The quick exit's destination: a page that says nothing about help or chat, also in its address.
  app.route({
    method: 'GET',
    url: '/vader',
    config: { access: 'public' },
    schema: { hide: true },
    handler: async (_request, reply) => noStore(reply).type('text/html; charset=utf-8').send(NEUTRAL_PAGE),
  });
}
