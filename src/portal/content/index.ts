import type { PublicLanguage } from '../../chat/visitor/languages.ts';
import type { PageContent, PageSlug } from '../rules.ts';
import { EN } from './en.ts';
import { OTHERS } from './others.ts';
import { SV } from './sv.ts';

/** The texts a new installation starts with (the first published version of each page it has). */
export function defaultContent(lang: PublicLanguage, slug: PageSlug): PageContent | undefined {
  if (lang === 'sv') return SV[slug];
  if (lang === 'en') return EN[slug];
  return OTHERS[lang]?.[slug];
}
