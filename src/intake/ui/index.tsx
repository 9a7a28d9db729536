import type { UiCapability } from '../../web/capabilities.tsx';
import { IntakePage } from './IntakePage.tsx';
import { intakeLocales } from './locales.ts';
import { QuickLogPage } from './QuickLogPage.tsx';
import { ConsultationsPage } from './ConsultationsPage.tsx';

export const intakeUi: UiCapability = {
  name: 'intake',
  locales: intakeLocales,
  routes: [
    { path: '/kontakt/ny', element: <IntakePage />, permission: 'intake.register' },
    { path: '/kontakt/snabb', element: <QuickLogPage />, permission: 'intake.register' },
    { path: '/konsultationer', element: <ConsultationsPage />, permission: 'intake.register' },
  ],
  nav: [
    { path: '/kontakt/snabb', labelKey: 'quick.nav', permission: 'intake.register' },
    { path: '/kontakt/ny', labelKey: 'nav', permission: 'intake.register' },
    { path: '/konsultationer', labelKey: 'consultation.nav', permission: 'intake.register' },
  ],
};
