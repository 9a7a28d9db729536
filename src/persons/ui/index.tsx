import type { UiCapability } from '../../web/capabilities.tsx';
import { personsLocales } from './locales.ts';

/** Persons have no page of their own: the merge section is part of the case page's person section. */
export const personsUi: UiCapability = { name: 'persons', locales: personsLocales, routes: [], nav: [] };
