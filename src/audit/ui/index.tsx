import type { UiCapability } from '../../web/capabilities.tsx';
import en from './locales/en.json' with { type: 'json' };
import sv from './locales/sv.json' with { type: 'json' };
import { ReviewsPage } from './ReviewsPage.tsx';
import { SearchPage } from './SearchPage.tsx';

export const auditUi: UiCapability = {
  name: 'audit',
  locales: { sv, en },
  routes: [
    { path: '/loggkontroll/sok', element: <SearchPage />, permission: 'audit.search' },
    { path: '/loggkontroll/granskningar', element: <ReviewsPage />, permission: 'audit.review' },
  ],
  nav: [
    { path: '/loggkontroll/sok', labelKey: 'nav.search', permission: 'audit.search' },
    { path: '/loggkontroll/granskningar', labelKey: 'nav.reviews', permission: 'audit.review' },
  ],
};
