import type { UnitOut, UserGrant, UserOut } from '../schema.ts';

/** The shapes the organisation API returns: its contract in ../schema.ts, as JSON. */
export type Unit = UnitOut;
export type User = UserOut;
export type UiGrant = UserGrant;
export type AccountKind = User['kind'];

/** Where each kind of account is managed. */
export const ACCOUNT_PATHS: Record<AccountKind, string> = {
  staff: '/organisation/personal',
  partner: '/organisation/partner',
};
