import { escapeHtml as e, publicPageTop } from '../chat/visitor/page.ts';
import { directionOf, LANGUAGE_NAMES, PUBLIC_LANGUAGES, VISITOR_LANGUAGE_NOTE, type PublicLanguage } from '../chat/visitor/languages.ts';
import type { EntryOut } from '../directory/schema.ts';
import { CHROME } from './chrome.ts';
import { chooseText, DIRECTORY_SLUG, PAGE_SLUGS, pagePath, renderMarkdown, type PageContent, type PageSlug } from './rules.ts';

/**
 * The portal's public pages: server-rendered HTML, readable without JavaScript, nothing from
 * another origin, no cookie. The language is in the address; every page has the language choice,
 * the quick exit, the way to the chat, the booking, the directory, 112 and the national lines.
 * Nothing of the requested address is written into the page: only known languages and slugs.
 */
export type PublishedLookup = (slug: PageSlug, lang: PublicLanguage) => PageContent | undefined;

export type PortalView =
  | { kind: 'page'; slug: PageSlug }
  | { kind: 'directory'; entries: readonly EntryOut[] }
  | { kind: 'notFound' };

function attrsOf(lang: PublicLanguage, page: PublicLanguage): string {
  if (lang === page) return '';
  return ` lang="${lang}" dir="${directionOf(lang)}"`;
}

function languageLinks(lang: PublicLanguage, pathFor: (l: PublicLanguage) => string) {
  return PUBLIC_LANGUAGES.map((l) => ({ lang: l, label: LANGUAGE_NAMES[l], href: pathFor(l), current: l === lang }));
}

function helpSection(lang: PublicLanguage): string {
  const c = CHROME[lang];
  const note = VISITOR_LANGUAGE_NOTE[lang];
  return `<section class="card help" aria-labelledby="help-heading">
<h2 id="help-heading">${e(c.helpHeading)}</h2>
<p class="emergency"><a href="tel:112">${e(c.emergency)}</a></p>
<ul class="ways">
<li><a href="/chatt?lang=${lang}">${e(c.chat)}</a></li>
<li><a href="/boka?lang=${lang}">${e(c.booking)}</a></li>
<li><a href="${pagePath(lang, DIRECTORY_SLUG)}">${e(c.directory)}</a></li>
</ul>
<p>${e(note.counsellors)} ${e(note.interpreter)}</p>
<h3>${e(c.linesHeading)}</h3>
<ul class="lines">
<li>${e(c.lines.kvinnofridslinjen)}</li>
<li>${e(c.lines.bris)}</li>
<li>${e(c.lines.preventell)}</li>
<li>${e(c.lines.police)}</li>
</ul>
</section>`;
}

function pagesNav(lang: PublicLanguage, published: PublishedLookup, current: PageSlug | null): string {
  const c = CHROME[lang];
  const items = PAGE_SLUGS.filter((s) => s !== 'start').flatMap((slug) => {
    const chosen = chooseText(lang, (l) => published(slug, l));
    if (!chosen) return [];
    return [`<li><a href="${pagePath(lang, slug)}"${attrsOf(chosen.shownIn, lang)}${slug === current ? ' aria-current="page"' : ''}>${e(chosen.text.title)}</a></li>`];
  });
  return `<nav class="card pages" aria-labelledby="pages-heading">
<h2 id="pages-heading">${e(c.pagesHeading)}</h2>
<ul>
<li><a href="${pagePath(lang, 'start')}"${current === 'start' ? ' aria-current="page"' : ''}>${e(c.home)}</a></li>
${items.join('\n')}
</ul>
</nav>`;
}

function article(lang: PublicLanguage, slug: PageSlug, published: PublishedLookup): { title: string; html: string } | undefined {
  const c = CHROME[lang];
  const chosen = chooseText(lang, (l) => published(slug, l));
  if (!chosen) return undefined;
  const notice = chosen.translated ? '' : `<p class="notice" role="note">${e(c.notTranslated.replace('{{fallback}}', LANGUAGE_NAMES[chosen.shownIn]))}</p>\n`;
  return {
    title: chosen.text.title,
    html: `${notice}<article${attrsOf(chosen.shownIn, lang)}>
<h1>${e(chosen.text.title)}</h1>
${renderMarkdown(chosen.text.body)}
</article>`,
  };
}

function directoryArticle(lang: PublicLanguage, entries: readonly EntryOut[]): string {
  const c = CHROME[lang];
  const offerLang: PublicLanguage = lang === 'sv' ? 'sv' : 'en';
  const items = entries.map((x) => {
    const facts = [
      x.phone ? `<li>${e(c.phone)}: <a href="tel:${e(x.phone.replace(/[^\d+]/g, ''))}">${e(x.phone)}</a></li>` : '',
      x.openingHours ? `<li>${e(c.openingHours)}: <span lang="sv">${e(x.openingHours)}</span></li>` : '',
      x.web && /^https:\/\//.test(x.web) ? `<li>${e(c.website)}: <a href="${e(x.web)}" rel="noreferrer noopener">${e(x.web.replace(/^https:\/\//, ''))}</a></li>` : '',
      x.anonymousContact ? `<li>${e(c.anonymous)}</li>` : '',
    ].filter(Boolean);
    return `<li class="card entry"><h2 lang="sv">${e(x.name)}</h2>
<p${attrsOf(offerLang, lang)}>${e(offerLang === 'sv' ? x.offerSv : x.offerEn)}</p>
${facts.length ? `<ul>${facts.join('')}</ul>` : ''}</li>`;
  });
  return `<article>
<h1>${e(c.directory)}</h1>
<p>${e(c.directoryIntro)}</p>
${offerLang !== lang ? `<p class="notice" role="note">${e(c.notTranslated.replace('{{fallback}}', LANGUAGE_NAMES[offerLang]))}</p>` : ''}
${entries.length ? `<ul class="entries">${items.join('\n')}</ul>` : `<p>${e(c.directoryNone)}</p>`}
</article>`;
}

/** A whole portal page. `known: false` when the address named a language the portal does not have. */
export function renderPortalPage(lang: PublicLanguage, known: boolean, view: PortalView, published: PublishedLookup): { status: number; html: string } {
  const c = CHROME[lang];
  let status = 200;
  let title = c.siteTitle;
  let main: string;
  let current: PageSlug | null = null;
  let pathFor = (l: PublicLanguage) => pagePath(l, 'start');
  if (view.kind === 'directory') {
    title = `${c.directory} – ${c.siteTitle}`;
    main = directoryArticle(lang, view.entries);
    pathFor = (l) => pagePath(l, DIRECTORY_SLUG);
  } else {
    const a = view.kind === 'page' ? article(lang, view.slug, published) : undefined;
    if (view.kind === 'page' && a) {
      current = view.slug;
      title = view.slug === 'start' ? a.title : `${a.title} – ${c.siteTitle}`;
      main = a.html;
      const slug = view.slug;
      pathFor = (l) => pagePath(l, slug);
    } else {
      status = 404;
      main = `<h1>${e(c.siteTitle)}</h1>\n<p class="notice" role="note">${e(c.notFound)}</p>`;
    }
  }
  const unknown = known
    ? ''
    : `<div class="notice" role="note"><p>${e(CHROME.sv.unknownLanguage)}</p><p lang="en">${e(CHROME.en.unknownLanguage)}</p>
<ul class="choose">${PUBLIC_LANGUAGES.map((l) => `<li><a href="${pagePath(l, 'start')}" lang="${l}" hreflang="${l}">${e(LANGUAGE_NAMES[l])}</a></li>`).join('')}</ul></div>\n`;
  const html = `${publicPageTop({ lang, other: lang, title, script: '/hjalp/portal.js', languageHref: pathFor(lang), texts: c, dir: directionOf(lang), languages: languageLinks(lang, pathFor) })}
<main id="main" class="portal">
${unknown}${main}
${helpSection(lang)}
${pagesNav(lang, published, current)}
</main>
<footer class="foot"><a href="${pagePath(lang, 'surfa-sakert')}">${e(c.safeBrowsing)}</a> <a href="${pagePath(lang, 'tillganglighet')}">${e(c.accessibility)}</a></footer>
</body>
</html>`;
  return { status, html };
}
