import type { UiCapability } from '../../web/capabilities.tsx';
import { retentionLocales } from './locales.ts';
import { RetentionPage } from './RetentionPage.tsx';

export const retentionUi: UiCapability = {
  name: 'retention',
  locales: retentionLocales,
  routes: [{ path: '/gallring', element: <RetentionPage />, permission: 'retention.manage' }],
  nav: [{ path: '/gallring', labelKey: 'nav', permission: 'retention.manage' }],
};
