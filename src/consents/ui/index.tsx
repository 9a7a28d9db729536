import type { UiCapability } from '../../web/capabilities.tsx';
import { consentsLocales } from './locales.ts';

/** Consents have no page of their own: their section is part of the plan page (and later the case page). */
export const consentsUi: UiCapability = { name: 'consents', locales: consentsLocales, routes: [], nav: [] };
