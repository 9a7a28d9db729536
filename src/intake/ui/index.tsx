import type { UiCapability } from '../../web/capabilities.tsx';
import { IntakePage } from './IntakePage.tsx';
import { intakeLocales } from './locales.ts';

export const intakeUi: UiCapability = {
  name: 'intake',
  locales: intakeLocales,
  routes: [{ path: '/kontakt/ny', element: <IntakePage />, permission: 'intake.register' }],
  nav: [{ path: '/kontakt/ny', labelKey: 'nav', permission: 'intake.register' }],
};
