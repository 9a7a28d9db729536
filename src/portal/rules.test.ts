import { describe, expect, test } from 'vitest';
import { PUBLIC_LANGUAGES, resolvePublicLanguage, directionOf } from '../chat/visitor/languages.ts';
import { CHROME } from './chrome.ts';
import { defaultContent } from './content/index.ts';
import { chooseText, PAGE_SLUGS, publishProblem, renderMarkdown, sanitizePortalHtml } from './rules.ts';
import { keyPaths, emptyTexts } from '../core/i18n/texts.ts';

describe('the language in the address', () => {
  test('a known code is kept, in any case', () => {
    for (const l of PUBLIC_LANGUAGES) expect(resolvePublicLanguage(l)).toEqual({ lang: l, known: true });
    expect(resolvePublicLanguage('AR')).toEqual({ lang: 'ar', known: true });
  });
  test('no code is Swedish; an unknown or crafted one is Swedish and marked unknown (the page shows the choice)', () => {
    expect(resolvePublicLanguage(undefined)).toEqual({ lang: 'sv', known: true });
    for (const bad of ['de', 'xx', 'sv-SE', '<script>', '../../etc', 'ar"onload=1', ['sv'], 42]) expect(resolvePublicLanguage(bad)).toEqual({ lang: 'sv', known: false });
  });
  test('Arabic is right to left, the others left to right', () => {
    expect(PUBLIC_LANGUAGES.filter((l) => directionOf(l) === 'rtl')).toEqual(['ar']);
  });
});

describe('which text a visitor sees', () => {
  const texts: Record<string, { title: string; body: string }> = { sv: { title: 'Sv', body: '' }, en: { title: 'En', body: '' }, ar: { title: 'Ar', body: '' } };
  test('the own language when published, else English for other languages, marked not translated', () => {
    expect(chooseText('ar', (l) => texts[l])).toMatchObject({ shownIn: 'ar', translated: true });
    expect(chooseText('th', (l) => texts[l])).toMatchObject({ shownIn: 'en', translated: false, text: { title: 'En' } });
    expect(chooseText('en', (l) => texts[l])).toMatchObject({ shownIn: 'en', translated: true });
  });
  test('Swedish when English is missing too; nothing only when neither exists', () => {
    expect(chooseText('th', (l) => (l === 'sv' ? texts.sv : undefined))).toMatchObject({ shownIn: 'sv', translated: false });
    expect(chooseText('en', (l) => (l === 'sv' ? texts.sv : undefined))).toMatchObject({ shownIn: 'sv', translated: false });
    expect(chooseText('th', () => undefined)).toBeUndefined();
  });
  test('every page has a Swedish and an English text to start with, and every language a start page', () => {
    for (const slug of PAGE_SLUGS) for (const l of ['sv', 'en'] as const) expect(defaultContent(l, slug)?.body.length, `${slug} ${l}`).toBeGreaterThan(200);
    for (const l of PUBLIC_LANGUAGES) expect(defaultContent(l, 'start'), l).toBeDefined();
  });
  test('the frame of the page has every key in every language, none empty', () => {
    for (const l of PUBLIC_LANGUAGES) {
      expect(keyPaths(CHROME[l]), l).toEqual(keyPaths(CHROME.sv));
      expect(emptyTexts(CHROME[l]), l).toEqual([]);
    }
  });
});

/** Every tag outside the allow-list, attribute other than href, and href that is not same-site, https, mailto or tel. */
function unsafeParts(html: string): string[] {
  const problems: string[] = [];
  for (const [, name, attrs] of html.matchAll(/<\/?([a-z0-9-]+)([^>]*)>/gi)) {
    if (!['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'strong', 'em', 'a', 'blockquote', 'br', 'hr', 'code'].includes(name!.toLowerCase())) problems.push(`tag ${name}`);
    for (const [, attr, value] of attrs!.matchAll(/([^\s=]+)(?:="([^"]*)")?/g)) {
      if (attr !== 'href') problems.push(`attribute ${attr}`);
      else if (!/^(\/[^/]|https:|mailto:|tel:|#)/.test(value ?? '')) problems.push(`href ${value}`);
    }
  }
  return problems;
}

describe('an editor’s Markdown on a public page (sanitised)', () => {
  test('ordinary Markdown becomes headings, lists, emphasis and links', () => {
    const html = renderMarkdown('# Rubrik\n\n## Del\n\n- **ett** och *två*\n- [chatten](/chatt?lang=sv)\n\nMejla tillganglighet@example.se eller [ring](tel:020505050).');
    expect(html).toContain('<h2>Rubrik</h2>');
    expect(html).toContain('<strong>ett</strong>');
    expect(html).toContain('<a href="/chatt?lang=sv">chatten</a>');
    expect(html).toContain('href="mailto:tillganglighet@example.se"');
    expect(html).toContain('href="tel:020505050"');
  });
  test.each([
    ['a script element', '<script>alert(1)</script>'],
    ['an event handler', '<img src=x onerror="alert(1)">'],
    ['a javascript: link', '[klicka](javascript:alert(1))'],
    ['an encoded javascript: link', '[klicka](jav&#x09;ascript:alert(1))'],
    ['a data: link', '[klicka](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['an iframe', '<iframe src="https://evil.example"></iframe>'],
    ['a style attribute', '<p style="background:url(javascript:alert(1))">x</p>'],
    ['an svg', '<svg><script>alert(1)</script></svg>'],
    ['a link with a handler in a reference', '[x][1]\n\n[1]: javascript:alert(1) "t"'],
    ['a http link (only https leaves the site)', '[x](http://evil.example)'],
  ])('%s cannot reach a visitor, through Markdown or as raw HTML past it', (_name, md) => {
    for (const html of [renderMarkdown(md), sanitizePortalHtml(md)]) expect(unsafeParts(html), html).toEqual([]);
  });
  test('the check finds what it looks for (it can fail)', () => {
    expect(unsafeParts('<p onclick="x">a</p><a href="javascript:alert(1)">b</a><script>c</script>')).toEqual(['attribute onclick', 'href javascript:alert(1)', 'tag script', 'tag script']);
  });
});

describe('publishing', () => {
  test('only an existing draft may be published', () => {
    expect(publishProblem(undefined)).toBe('notFound');
    expect(publishProblem({ status: 'published' })).toBe('alreadyPublished');
    expect(publishProblem({ status: 'draft' })).toBeNull();
  });
});
