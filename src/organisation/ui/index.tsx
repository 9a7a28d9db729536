import type { UiCapability } from '../../web/capabilities.tsx';

export const organisationUi: UiCapability = {
  name: 'organisation',
  locales: { sv: { nav: 'Organisation' }, en: { nav: 'Organisation' } },
  routes: [],
  nav: [],
};
