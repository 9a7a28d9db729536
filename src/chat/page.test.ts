import { describe, expect, test } from 'vitest';
import { emptyTexts, keyPaths, placeholders } from '../core/i18n/texts.ts';
import { directionOf, PUBLIC_LANGUAGES, VISITOR_LANGUAGE_NOTE } from './visitor/languages.ts';
import { escapeHtml, renderChatPage, visitorScript } from './visitor/page.ts';
import { CHAT_PAGE_TEXTS, CONSENT_TEXTS } from './visitor/texts.ts';

describe('the public chat page', () => {
  test('its script stays small for a slow phone (under 60 KB compressed)', async () => {
    const { gzipBytes } = await visitorScript();
    expect(gzipBytes).toBeLessThan(60 * 1024);
  });

  test('nothing inline: no script body, no style attribute or element, only same-origin files', () => {
    for (const lang of PUBLIC_LANGUAGES) {
      const html = renderChatPage(lang, [{ weekday: 1, opens: '09:00', closes: '21:00' }], true);
      expect(html).not.toMatch(/<script(?![^>]*\bsrc="\/chatt\/chat\.js")/);
      expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
      expect(html).not.toMatch(/https?:\/\//);
      expect(html).toContain(`<html lang="${lang}"${lang === 'ar' ? ' dir="rtl"' : ''}>`);
    }
  });

  test('every public language has every key of the Swedish texts, none empty, the same placeholders', () => {
    for (const lang of PUBLIC_LANGUAGES) {
      expect(keyPaths(CHAT_PAGE_TEXTS[lang]), lang).toEqual(keyPaths(CHAT_PAGE_TEXTS.sv));
      expect(emptyTexts(CHAT_PAGE_TEXTS[lang]), lang).toEqual([]);
      expect(placeholders(CHAT_PAGE_TEXTS[lang]), lang).toEqual(placeholders(CHAT_PAGE_TEXTS.sv));
      expect(CONSENT_TEXTS[lang].trim(), lang).not.toBe('');
    }
    // Each language is its own: a copy of the English texts would pass the key check, not this one.
    for (const lang of PUBLIC_LANGUAGES.filter((l) => l !== 'en')) expect(CHAT_PAGE_TEXTS[lang].title, lang).not.toBe(CHAT_PAGE_TEXTS.en.title);
  });

  test('each language’s page speaks it: its buttons, the consent, no "shown in English" notice, and the counsellors’ languages and the interpreter', () => {
    for (const lang of PUBLIC_LANGUAGES) {
      const t = CHAT_PAGE_TEXTS[lang];
      const html = renderChatPage(lang, [{ weekday: 1, opens: '09:00', closes: '21:00' }], false);
      for (const text of [t.title, t.quickExit, t.start, t.send, t.end, t.consentConfirm, t.offlineSend, t.lines.emergency, CONSENT_TEXTS[lang]]) expect(html, `${lang}: ${text}`).toContain(escapeHtml(text));
      const note = VISITOR_LANGUAGE_NOTE[lang];
      expect(html, lang).toContain(escapeHtml(note.counsellors));
      expect(html, lang).toContain(escapeHtml(note.interpreter));
      expect(html, lang).not.toContain(escapeHtml(note.notTranslated));
      expect(directionOf(lang) === 'rtl', lang).toBe(html.includes('dir="rtl"'));
    }
  });

  test('texts are escaped', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
