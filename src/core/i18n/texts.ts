/**
 * Texts in Swedish and English, typed so that the two cannot drift apart: the Swedish object is
 * the declared shape, and the English one must have exactly its keys (a missing or an extra key is
 * a TypeScript error). Used by every capability's `ui/locales.ts`, the shell's `src/web/locales.ts`,
 * the public chat page's texts and the server's error messages (`MessageBundle`).
 */

/** A tree of texts: strings, lists of strings, and nested groups. */
export type TextTree = { readonly [key: string]: string | readonly string[] | TextTree };

/** The shape of T with every text a string: what the other language must fill in, no more, no less. Lists keep their length. */
export type SameKeys<T> = T extends string ? string : { readonly [K in keyof T]: SameKeys<T[K]> };

/** A capability's texts: Swedish, and English with the same keys. */
export interface Locales<T extends TextTree = TextTree> {
  sv: T;
  en: SameKeys<T>;
}

/**
 * Declares texts in both languages; Swedish first, and the shape comes from it.
 *
 *   export const casesLocales = defineLocales({ sv: { nav: 'Ärenden' }, en: { nav: 'Cases' } });
 *   defineLocales({ sv: { nav: 'Ärenden', title: 'Ärenden' }, en: { nav: 'Cases' } }); // error: 'title' is missing in en
 */
export function defineLocales<const T extends TextTree>(locales: { sv: T; en: NoInfer<SameKeys<T>> }): Locales<T> {
  return locales;
}

/** Every key path of a text tree, sorted ("search.title", "days.0"): for the runtime parity check of texts that were not declared through defineLocales. */
export function keyPaths(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree)
    .flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k))
    .sort();
}

/** Every text of a tree that is empty or only white space, as key paths. */
export function emptyTexts(tree: unknown, prefix = ''): string[] {
  if (typeof tree === 'string') return tree.trim() ? [] : [prefix];
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => emptyTexts(v, prefix ? `${prefix}.${k}` : k));
}

/** Every placeholder of a tree with its key path ("queued {{position}}"), sorted: a translation must keep the same ones. */
export function placeholders(tree: unknown, prefix = ''): string[] {
  if (typeof tree === 'string') return [...tree.matchAll(/\{\{\s*\w+\s*\}\}/g)].map((m) => `${prefix} ${m[0]}`).sort();
  if (typeof tree !== 'object' || tree === null) return [];
  return Object.entries(tree)
    .flatMap(([k, v]) => placeholders(v, prefix ? `${prefix}.${k}` : k))
    .sort();
}
