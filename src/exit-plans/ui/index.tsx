import type { UiCapability } from '../../web/capabilities.tsx';
import { exitPlansLocales } from './locales.ts';
import { PartnerPage } from './PartnerPage.tsx';
import { PlanPage } from './PlanPage.tsx';
import { PlanPrintPage } from './PlanPrintPage.tsx';
import { PlansPage } from './PlansPage.tsx';

export const exitPlansUi: UiCapability = {
  name: 'exit-plans',
  locales: exitPlansLocales,
  routes: [
    { path: '/planer', element: <PlansPage />, permission: 'plans.read' },
    { path: '/planer/:id', element: <PlanPage />, permission: 'plans.read' },
    { path: '/planer/:id/utskrift', element: <PlanPrintPage />, permission: 'plans.read' },
    { path: '/partner', element: <PartnerPage />, permission: 'plans.partner' },
  ],
  nav: [
    { path: '/planer', labelKey: 'nav', permission: 'plans.read' },
    { path: '/partner', labelKey: 'partnerNav', permission: 'plans.partner' },
  ],
};
