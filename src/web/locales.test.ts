import { describe, expect, it } from 'vitest';
import { capabilities } from '../capabilities.ts';
import { PAGE_TEXTS } from '../chat/visitor/texts.ts';
import { coreMessages } from '../core/i18n/messages.ts';
import { defineMessages } from '../core/i18n/server.ts';
import { defineLocales, emptyTexts, keyPaths } from '../core/i18n/texts.ts';
import { uiCapabilities } from './capabilities.tsx';
import { commonLocales } from './locales.ts';

/** Every set of texts of Utväg: the shell, each capability's pages, the public chat page and the server's error messages. */
const allTexts: Array<[string, { sv: unknown; en: unknown }]> = [
  ['web common', commonLocales],
  ...uiCapabilities.map((c) => [`ui ${c.name}`, c.locales] as [string, { sv: unknown; en: unknown }]),
  ['chat visitor page', PAGE_TEXTS],
  ['core messages', coreMessages],
  ...capabilities.flatMap((c) => (c.messages ? [[`messages ${c.name}`, c.messages] as [string, { sv: unknown; en: unknown }]] : [])),
];

describe('texts in Swedish and English', () => {
  it('covers every capability of the web app and every message bundle', () => {
    expect(allTexts.map(([name]) => name)).toEqual(expect.arrayContaining(['ui organisation', 'ui audit', 'ui retention', 'ui intake', 'ui cases', 'ui questions', 'ui chat', 'messages cases', 'messages chat']));
  });

  it.each(allTexts)('%s: English has exactly the keys of Swedish, deep', (_name, texts) => {
    expect(keyPaths(texts.en)).toEqual(keyPaths(texts.sv));
    expect(keyPaths(texts.sv).length).toBeGreaterThan(0);
  });

  it.each(allTexts)('%s: no text is empty', (_name, texts) => {
    expect(emptyTexts(texts.sv)).toEqual([]);
    expect(emptyTexts(texts.en)).toEqual([]);
  });

  it('finds a key missing in one language at run time too', () => {
    expect(keyPaths({ a: { b: 'x', c: 'y' } })).not.toEqual(keyPaths({ a: { b: 'x' } }));
    expect(emptyTexts({ a: { b: ' ' }, c: 'ok' })).toEqual(['a.b']);
  });

  it('makes a key missing or extra in either language a type error', () => {
    const ok = defineLocales({ sv: { title: 'Ärenden', days: ['mån', 'tis'] }, en: { title: 'Cases', days: ['Mon', 'Tue'] } });
    expect(ok.en.title).toBe('Cases');
    const missing = () =>
      defineLocales({
        sv: { title: 'Ärenden', nav: { list: 'Lista' } },
        // @ts-expect-error `nav.list` is missing in English
        en: { title: 'Cases', nav: {} },
      });
    const extra = () =>
      defineLocales({
        sv: { title: 'Ärenden' },
        // @ts-expect-error `more` is not in Swedish
        en: { title: 'Cases', more: 'More' },
      });
    const shortList = () =>
      defineLocales({
        sv: { days: ['mån', 'tis'] },
        // @ts-expect-error a list must keep its length
        en: { days: ['Mon'] },
      });
    const message = () =>
      defineMessages({
        sv: { errors: { caseClosed: 'Ärendet är avslutat.' } },
        // @ts-expect-error `caseClosed` is missing in English
        en: { errors: {} },
      });
    for (const declare of [missing, extra, shortList, message]) expect(declare).not.toThrow();
  });
});
