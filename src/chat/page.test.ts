import { describe, expect, test } from 'vitest';
import { escapeHtml, renderChatPage, visitorScript } from './visitor/page.ts';

describe('the public chat page', () => {
  test('its script stays small for a slow phone (under 60 KB compressed)', async () => {
    const { gzipBytes } = await visitorScript();
    expect(gzipBytes).toBeLessThan(60 * 1024);
  });

  test('nothing inline: no script body, no style attribute or element, only same-origin files', () => {
    for (const lang of ['sv', 'en'] as const) {
      const html = renderChatPage(lang, [{ weekday: 1, opens: '09:00', closes: '21:00' }], true);
      expect(html).not.toMatch(/<script(?![^>]*\bsrc="\/chatt\/chat\.js")/);
      expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
      expect(html).not.toMatch(/https?:\/\//);
      expect(html).toContain(`<html lang="${lang}">`);
    }
  });

  test('texts are escaped', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
