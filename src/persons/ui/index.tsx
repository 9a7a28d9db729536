import type { UiCapability } from '../../web/capabilities.tsx';
import { personsLocales } from './locales.ts';
import { MergeRequestsPage } from './MergeRequests.tsx';

/** Persons: the merge section is part of the case page's person section; merge requests between units have a page. */
export const personsUi: UiCapability = {
  name: 'persons',
  locales: personsLocales,
  routes: [{ path: '/personer/sammanslagningar', element: <MergeRequestsPage />, permission: 'cases.write' }],
  nav: [{ path: '/personer/sammanslagningar', labelKey: 'requests.nav', permission: 'cases.write' }],
};
