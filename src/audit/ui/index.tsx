import type { UiCapability } from '../../web/capabilities.tsx';
import { auditLocales } from './locales.ts';
import { ExtractPage } from './ExtractPage.tsx';
import { ReviewsPage } from './ReviewsPage.tsx';
import { SearchPage } from './SearchPage.tsx';

export const auditUi: UiCapability = {
  name: 'audit',
  locales: auditLocales,
  routes: [
    { path: '/loggkontroll/sok', element: <SearchPage />, permission: 'audit.search' },
    { path: '/loggkontroll/granskningar', element: <ReviewsPage />, permission: 'audit.review' },
    { path: '/loggkontroll/utdrag', element: <ExtractPage />, permission: 'audit.search' },
  ],
  nav: [
    { path: '/loggkontroll/sok', labelKey: 'nav.search', permission: 'audit.search' },
    { path: '/loggkontroll/granskningar', labelKey: 'nav.reviews', permission: 'audit.review' },
    { path: '/loggkontroll/utdrag', labelKey: 'nav.extract', permission: 'audit.search' },
  ],
};
