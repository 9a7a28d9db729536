import path from 'node:path';
import { build } from 'esbuild';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { directionOf, fallbackOf, INTL_LOCALE, type PublicLanguage } from '../../chat/visitor/languages.ts';
import { escapeHtml as e, pageLanguages, publicLanguageLinks, publicPageTop, visitorLanguageNote } from '../../chat/visitor/page.ts';
import type { Db } from '../../core/db/database.ts';
import type { App } from '../../core/http/server.ts';
import { STOCKHOLM, swedishDate } from '../../core/time/stockholm.ts';
import { BOOKING_GROUPS, type BookingGroup, type Slot, type WeekRow } from '../rules.ts';
import { publicReceptionList, slotsOf, weekOf } from '../store.ts';
import { BOOKING_PAGE_TEXTS, SEPARATION_TEXTS } from './texts.ts';

/**
 * The public booking page: server-rendered like the chat's visitor page (no cookie, nothing from
 * another origin, no-store), the chat's style sheet and quick exit, a small script of its own for
 * booking and cancelling. The free times are in the HTML; without the script nothing is hidden.
 */
let script: Promise<string> | undefined;
function bookingScript(): Promise<string> {
  script ??= build({ entryPoints: [path.join(import.meta.dirname, 'client.ts')], bundle: true, minify: true, format: 'esm', target: 'es2019', write: false, legalComments: 'none' }).then((r) => r.outputFiles[0]!.text);
  return script;
}

function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store, max-age=0').header('pragma', 'no-cache');
}

type Lang = PublicLanguage;
type Reception = Awaited<ReturnType<typeof publicReceptionList>>[number];

function timeOf(d: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[lang], { timeZone: STOCKHOLM, hour: '2-digit', minute: '2-digit' }).format(d);
}
function dayOf(date: string, lang: Lang): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[lang], { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(`${date}T12:00:00Z`));
}

function weekList(lang: Lang, week: readonly WeekRow[]): string {
  const t = BOOKING_PAGE_TEXTS[lang];
  const byDay = new Map<number, WeekRow[]>();
  for (const r of week) byDay.set(r.weekday, [...(byDay.get(r.weekday) ?? []), r]);
  return [...byDay.entries()]
    .map(([weekday, rows]) => {
      const hours = [...new Set(rows.map((r) => `${r.opens}–${r.closes}`))].join(', ');
      return `<li><span class="day">${e(t.days[weekday - 1]!)}</span> ${hours}: ${e(t.groupDays[rows[0]!.targetGroup])}</li>`;
    })
    .join('');
}

export function renderBookingPage(
  lang: Lang,
  receptions: ReadonlyArray<Reception & { week: WeekRow[] }>,
  chosen: { receptionId?: string; group?: BookingGroup; slots?: Slot[] },
  visitor: PublicLanguage = lang,
): string {
  const t = BOOKING_PAGE_TEXTS[lang];
  const other = lang === 'sv' ? 'en' : 'sv';
  const selected = receptions.find((r) => r.id === chosen.receptionId);
  const query = (l: PublicLanguage) => `/boka?lang=${l}${selected ? `&reception=${selected.id}` : ''}${chosen.group ? `&group=${chosen.group}` : ''}`;
  const slotsSection =
    selected && chosen.group && chosen.slots
      ? `<section id="slots" aria-labelledby="slots-heading" class="card">
<h2 id="slots-heading">${e(t.freeSlots)}: ${e(selected.name)}</h2>
${
  chosen.slots.length === 0
    ? `<p>${e(t.noSlots)}</p>`
    : `<form id="book-form" data-reception="${selected.id}" data-group="${chosen.group}">
<fieldset><legend>${e(t.freeSlots)}</legend>
${groupByDay(chosen.slots)
  .map(
    ([date, slots]) =>
      `<div class="slot-day" data-date="${date}"><h3>${e(dayOf(date, lang))}</h3>${slots
        .map((s, i) => `<div class="choice"><input type="radio" name="slot" id="slot-${date}-${i}" value="${s.startsAt.toISOString()}" required><label for="slot-${date}-${i}">${timeOf(s.startsAt, lang)}–${timeOf(s.endsAt, lang)}</label></div>`)
        .join('')}</div>`,
  )
  .join('\n')}
</fieldset>
<label for="pseudonym">${e(t.pseudonym)}</label>
<input id="pseudonym" name="pseudonym" maxlength="60" autocomplete="off" required>
<label for="contact">${e(t.contact)}</label>
<input id="contact" name="contact" maxlength="200" autocomplete="off">
<button type="submit" class="primary">${e(t.book)}</button>
</form>`
}
<p id="book-error" class="error" role="alert"></p>
<div id="book-result" role="status"></div>
</section>`
      : '';
  return `${publicPageTop({ lang, other, title: t.title, script: '/boka/boka.js', languageHref: query(other), dir: directionOf(lang), texts: t, languages: publicLanguageLinks(visitor, query) })}
<main id="main" data-texts="${e(JSON.stringify(t))}" data-lang="${fallbackOf(lang)}" data-locale="${INTL_LOCALE[lang]}">
<h1>${e(t.title)}</h1>
<p>${e(t.intro)}</p>
${visitorLanguageNote(visitor, lang)}
<p>${e(t.noReminders)}</p>
${receptions
  .map(
    (r) => `<section class="card reception" aria-labelledby="r-${r.id}">
<h2 id="r-${r.id}">${e(r.name)}</h2>
<p>${e(r.place)}</p>
<ul class="hours">${weekList(lang, r.week)}</ul>
<p class="separation">${e(SEPARATION_TEXTS[lang])}</p>
</section>`,
  )
  .join('\n')}
<section class="card" aria-labelledby="choose-heading">
<h2 id="choose-heading">${e(t.showSlots)}</h2>
<form method="get" action="/boka" id="choose-form">
<input type="hidden" name="lang" value="${visitor}">
<label for="reception">${e(t.reception)}</label>
<select id="reception" name="reception">${receptions.map((r) => `<option value="${r.id}"${r.id === selected?.id ? ' selected' : ''}>${e(r.name)}</option>`).join('')}</select>
<fieldset><legend>${e(t.whoAreYou)}</legend>${BOOKING_GROUPS.map(
    (g, i) => `<div class="choice"><input type="radio" id="group-${g}" name="group" value="${g}"${chosen.group === g ? ' checked' : ''}${i === 0 ? ' required' : ''}><label for="group-${g}">${e(t.groups[g])}</label></div>`,
  ).join('')}</fieldset>
<button type="submit" class="primary">${e(t.showSlots)}</button>
</form>
</section>
${slotsSection}
<section id="code-section" aria-labelledby="code-heading" class="card">
<h2 id="code-heading">${e(t.haveCode)}</h2>
<form id="code-form">
<label for="code">${e(t.codeLabel)}</label>
<input id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" required>
<button type="submit">${e(t.show)}</button>
</form>
<div id="code-result" role="status"></div>
<button type="button" id="cancel-booking" hidden>${e(t.cancel)}</button>
<p id="code-error" class="error" role="alert"></p>
</section>
</main>
</body>
</html>`;
}

function groupByDay(slots: readonly Slot[]): Array<[string, Slot[]]> {
  const map = new Map<string, Slot[]>();
  for (const s of slots) map.set(s.localDate, [...(map.get(s.localDate) ?? []), s]);
  return [...map.entries()];
}

export function registerBookingPage(app: App, db: Db, clock: () => Date): void {
  app.route({
    method: 'GET',
    url: '/boka',
    config: { access: 'public' },
    schema: {
      hide: true,
      // Any language of the public pages (from the portal); an unknown one is Swedish, never an error or an echo.
      querystring: z.object({ lang: z.string().max(40).optional(), reception: z.string().uuid().optional(), group: z.enum(BOOKING_GROUPS).optional() }),
    },
    handler: async (request, reply) => {
      const { reception, group } = request.query;
      const { visitor, texts: lang } = pageLanguages(request.query.lang);
      const receptions = await Promise.all((await publicReceptionList(db)).map(async (r) => ({ ...r, week: await weekOf(db, r.id) })));
      let slots: Slot[] | undefined;
      const chosen = receptions.find((r) => r.id === reception);
      if (chosen && group) {
        const now = clock();
        slots = await slotsOf(db, chosen, group, now, swedishDate(now), 28);
      }
      return noStore(reply).type('text/html; charset=utf-8').send(renderBookingPage(lang, receptions, { receptionId: chosen?.id, group, slots }, visitor));
    },
  });
  app.route({
    method: 'GET',
    url: '/boka/boka.js',
    config: { access: 'public' },
    schema: { hide: true },
    handler: async (_request, reply) => noStore(reply).type('text/javascript; charset=utf-8').send(await bookingScript()),
  });
}
