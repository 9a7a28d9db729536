import type { Role } from '../../core/access/policy.ts';
import type { UnitKind } from '../rules.ts';

/** The shapes the organisation API returns (see ../routes.ts). */
export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  active: boolean;
}

export interface UiGrant {
  role: Role;
  unitId: string | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  kind: 'staff' | 'partner';
  partnerOrganisation: string | null;
  active: boolean;
  mfaEnrolled: boolean;
  version: number;
  grants: UiGrant[];
}

export type AccountKind = User['kind'];

/** Where each kind of account is managed. */
export const ACCOUNT_PATHS: Record<AccountKind, string> = {
  staff: '/organisation/personal',
  partner: '/organisation/partner',
};
