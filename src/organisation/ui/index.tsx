import type { UiCapability } from '../../web/capabilities.tsx';
import { organisationLocales } from './locales.ts';
import { UnitsPage } from './UnitsPage.tsx';
import { EditUserPage, NewUserPage } from './UserPages.tsx';
import { UsersPage } from './UsersPage.tsx';
import { ACCOUNT_PATHS } from './types.ts';

const MANAGE = 'organisation.manage';

export const organisationUi: UiCapability = {
  name: 'organisation',
  locales: organisationLocales,
  routes: [
    { path: '/organisation/enheter', element: <UnitsPage />, permission: MANAGE },
    { path: ACCOUNT_PATHS.staff, element: <UsersPage kind="staff" />, permission: MANAGE },
    { path: `${ACCOUNT_PATHS.staff}/ny`, element: <NewUserPage kind="staff" />, permission: MANAGE },
    { path: `${ACCOUNT_PATHS.staff}/:id`, element: <EditUserPage kind="staff" />, permission: MANAGE },
    { path: ACCOUNT_PATHS.partner, element: <UsersPage kind="partner" />, permission: MANAGE },
    { path: `${ACCOUNT_PATHS.partner}/ny`, element: <NewUserPage kind="partner" />, permission: MANAGE },
    { path: `${ACCOUNT_PATHS.partner}/:id`, element: <EditUserPage kind="partner" />, permission: MANAGE },
  ],
  nav: [
    { path: '/organisation/enheter', labelKey: 'nav.units', permission: MANAGE },
    { path: ACCOUNT_PATHS.staff, labelKey: 'nav.staff', permission: MANAGE },
    { path: ACCOUNT_PATHS.partner, labelKey: 'nav.partners', permission: MANAGE },
  ],
};
