import type { UiCapability } from '../../web/capabilities.tsx';
import { addCaseSection } from '../../cases/ui/sections.ts';
import { CasePlanSection } from './CasePlanSection.tsx';
import { exitPlansLocales } from './locales.ts';
import { PartnerPage } from './PartnerPage.tsx';
import { PlanPage } from './PlanPage.tsx';
import { PlanPrintPage } from './PlanPrintPage.tsx';
import { PlansPage } from './PlansPage.tsx';

// The case page links to the case's plan (or offers to start one).
addCaseSection({ key: 'exit-plan', Section: CasePlanSection });

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
