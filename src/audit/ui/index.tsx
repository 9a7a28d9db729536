import type { UiCapability } from '../../web/capabilities.tsx';

export const auditUi: UiCapability = {
  name: 'audit',
  locales: { sv: { nav: 'Loggkontroll' }, en: { nav: 'Log review' } },
  routes: [],
  nav: [],
};
