import type { UiCapability } from '../../web/capabilities.tsx';
import en from './locales/en.json' with { type: 'json' };
import sv from './locales/sv.json' with { type: 'json' };
import { RetentionPage } from './RetentionPage.tsx';

export const retentionUi: UiCapability = {
  name: 'retention',
  locales: { sv, en },
  routes: [{ path: '/gallring', element: <RetentionPage />, permission: 'retention.manage' }],
  nav: [{ path: '/gallring', labelKey: 'nav', permission: 'retention.manage' }],
};
