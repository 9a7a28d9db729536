import type { UiCapability } from '../../web/capabilities.tsx';
import { CaseListPage } from './CaseListPage.tsx';
import { CasePage, CasePrintPage } from './CasePage.tsx';
import { casesLocales } from './locales.ts';
import { ConcernPanel } from './ConcernPanel.tsx';
import { TransferPanel } from './TransferPanel.tsx';
import { TransfersPage } from './TransfersPage.tsx';
import { addCaseSection } from './sections.ts';

addCaseSection({ key: 'concern', Section: ConcernPanel });
addCaseSection({ key: 'transfer', Section: TransferPanel });

export const casesUi: UiCapability = {
  name: 'cases',
  locales: casesLocales,
  routes: [
    { path: '/arenden', element: <CaseListPage />, permission: 'cases.read' },
    { path: '/arenden/vantar', element: <TransfersPage />, permission: 'cases.read' },
    { path: '/arenden/:id', element: <CasePage />, permission: 'cases.read' },
    { path: '/arenden/:id/utskrift', element: <CasePrintPage />, permission: 'cases.read' },
  ],
  nav: [
    { path: '/arenden', labelKey: 'nav', permission: 'cases.read' },
    { path: '/arenden/vantar', labelKey: 'waiting.nav', permission: 'cases.read' },
  ],
};
