import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { fallbackOf, PUBLIC_LANGUAGES, type PublicLanguage } from '../chat/visitor/languages.ts';

/**
 * The help portal's rules: which pages exist, which text a visitor sees in which language, and how
 * an editor's Markdown becomes HTML that can do no harm.
 */

/** The pages editors write, by their address segment (`/hjalp/<lang>/<slug>`); `start` is `/hjalp/<lang>`. */
export const PAGE_SLUGS = ['start', 'saljer-sex', 'unga', 'koper-sex', 'anhoriga', 'yrkesverksamma', 'sexkopslagen', 'natet', 'utan-namn', 'surfa-sakert', 'tillganglighet'] as const;
export type PageSlug = (typeof PAGE_SLUGS)[number];

/** The directory's public entries, listed by the portal (no text of its own to edit). */
export const DIRECTORY_SLUG = 'stod';

export interface PageContent {
  title: string;
  /** Markdown, rendered and sanitised at publication and at display. */
  body: string;
}

export function isPageSlug(s: unknown): s is PageSlug {
  return typeof s === 'string' && (PAGE_SLUGS as readonly string[]).includes(s);
}

export function pagePath(lang: PublicLanguage, slug: PageSlug | typeof DIRECTORY_SLUG): string {
  return slug === 'start' ? `/hjalp/${lang}` : `/hjalp/${lang}/${slug}`;
}

/**
 * The text a visitor sees: the page in their language when it is published, else the Swedish or
 * English page (Swedish for Swedish, English for everyone else; the other when that is missing
 * too), marked so that the page says "not yet translated". Never a missing key.
 */
export function chooseText<T>(lang: PublicLanguage, published: (l: PublicLanguage) => T | undefined): { text: T; shownIn: PublicLanguage; translated: boolean } | undefined {
  const own = published(lang);
  if (own) return { text: own, shownIn: lang, translated: true };
  const first = fallbackOf(lang);
  for (const l of [first, first === 'sv' ? 'en' : 'sv'] as const) {
    const t = published(l);
    if (t) return { text: t, shownIn: l, translated: false };
  }
  return undefined;
}

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const SAFE_HREF = /^(\/(?![/\\])|#|https:\/\/|mailto:|tel:)/i;

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'strong', 'em', 'a', 'blockquote', 'br', 'hr', 'code'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // The page's own title is its one h1; an editor's "# heading" becomes a section heading.
  transformTags: {
    h1: 'h2',
    // A link goes to a page of this site, or to https, mailto or tel; any other address is dropped.
    a: (tagName, attribs): sanitizeHtml.Tag => ({ tagName, attribs: attribs.href !== undefined && SAFE_HREF.test(attribs.href) ? { href: attribs.href } : {} }),
  },
};

/**
 * An editor's Markdown as HTML for a public page. Raw HTML in the Markdown is not interpreted
 * (markdown-it with `html: false`), and the result goes through sanitize-html anyway, with a short
 * list of tags and only https, mailto, tel and same-site links: no script, no event handler, no
 * style, no javascript: address can reach a visitor, whatever an editor (or a stolen editor
 * account) writes.
 */
export function renderMarkdown(body: string): string {
  return sanitizePortalHtml(markdown.render(body));
}

/** The portal's allow-list over HTML (the second line of defence behind markdown-it's escaping). */
export function sanitizePortalHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/** Every language × page, in order: what the editor's overview lists. */
export function everyPage(): Array<{ slug: PageSlug; lang: PublicLanguage }> {
  return PAGE_SLUGS.flatMap((slug) => PUBLIC_LANGUAGES.map((lang) => ({ slug, lang })));
}

/** The version an editor may publish: a draft of this page, not one published before. */
export function publishProblem(version: { status: 'draft' | 'published' } | undefined): 'notFound' | 'alreadyPublished' | null {
  if (!version) return 'notFound';
  return version.status === 'published' ? 'alreadyPublished' : null;
}
