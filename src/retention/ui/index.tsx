import type { UiCapability } from '../../web/capabilities.tsx';

export const retentionUi: UiCapability = {
  name: 'retention',
  locales: { sv: { nav: 'Gallring' }, en: { nav: 'Retention' } },
  routes: [],
  nav: [],
};
