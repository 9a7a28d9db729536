import type { UiCapability } from '../../web/capabilities.tsx';
import { CaseListPage } from './CaseListPage.tsx';
import { CasePage, CasePrintPage } from './CasePage.tsx';
import { casesLocales } from './locales.ts';

export const casesUi: UiCapability = {
  name: 'cases',
  locales: casesLocales,
  routes: [
    { path: '/arenden', element: <CaseListPage />, permission: 'cases.read' },
    { path: '/arenden/:id', element: <CasePage />, permission: 'cases.read' },
    { path: '/arenden/:id/utskrift', element: <CasePrintPage />, permission: 'cases.read' },
  ],
  nav: [{ path: '/arenden', labelKey: 'nav', permission: 'cases.read' }],
};
