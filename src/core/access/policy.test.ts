import { describe, expect, test } from 'vitest';
import { checkGrants, grantFor, ORGANISATION_WIDE_ROLES, PERMISSIONS, permissionsOf, ROLE_PERMISSIONS, ROLES, unitsWith, type Grant } from './policy.ts';

const NEXUS = '00000000-0000-4000-8000-000000000001';
const BOU = '00000000-0000-4000-8000-000000000002';

describe('unitsWith', () => {
  test('no grants: no units at all', () => {
    expect(unitsWith([], 'organisation.read')).toEqual([]);
  });

  test('unit grants give exactly their units, each once', () => {
    const grants: Grant[] = [
      { role: 'caseworker', unitId: NEXUS },
      { role: 'unit_manager', unitId: NEXUS },
      { role: 'coordinator', unitId: BOU },
    ];
    expect(unitsWith(grants, 'organisation.read')).toEqual([NEXUS, BOU]);
  });

  test('a unit role that lacks the permission contributes no unit', () => {
    const grants: Grant[] = [
      { role: 'chat_counsellor', unitId: NEXUS },
      { role: 'caseworker', unitId: BOU },
    ];
    expect(unitsWith(grants, 'organisation.read')).toEqual([BOU]);
  });

  test('an organisation-wide grant carrying the permission means all units', () => {
    const grants: Grant[] = [
      { role: 'caseworker', unitId: NEXUS },
      { role: 'audit_reviewer', unitId: null },
    ];
    expect(unitsWith(grants, 'organisation.read')).toBe('all');
  });

  test('an organisation-wide grant without the permission does not widen anything', () => {
    const grants: Grant[] = [
      { role: 'analyst', unitId: null },
      { role: 'caseworker', unitId: NEXUS },
    ];
    expect(unitsWith(grants, 'organisation.read')).toEqual([NEXUS]);
    expect(unitsWith(grants, 'audit.search')).toEqual([]);
  });
});

describe('grantFor', () => {
  test('the first grant whose role carries the permission', () => {
    const grants: Grant[] = [
      { role: 'chat_counsellor', unitId: NEXUS },
      { role: 'caseworker', unitId: BOU },
      { role: 'unit_manager', unitId: NEXUS },
    ];
    expect(grantFor(grants, 'organisation.read')).toEqual({ role: 'caseworker', unitId: BOU });
  });

  test('undefined when no role carries it (deny by default)', () => {
    expect(grantFor([{ role: 'caseworker', unitId: NEXUS }], 'organisation.manage')).toBeUndefined();
    expect(grantFor([], 'organisation.read')).toBeUndefined();
    expect(grantFor([{ role: 'external_partner', unitId: null }], 'audit.search')).toBeUndefined();
  });
});

describe('permissionsOf', () => {
  test('the union of the roles’ permissions, in the order of PERMISSIONS, without duplicates', () => {
    const grants: Grant[] = [
      { role: 'audit_reviewer', unitId: null },
      { role: 'administrator', unitId: null },
    ];
    const expected = PERMISSIONS.filter((p) => ROLE_PERMISSIONS.audit_reviewer.includes(p) || ROLE_PERMISSIONS.administrator.includes(p));
    expect(permissionsOf(grants)).toEqual(expected);
    expect(permissionsOf(grants)).toEqual(expect.arrayContaining(['organisation.manage', 'audit.search', 'audit.review', 'retention.manage']));
  });

  test('no grants, or roles with nothing, give nothing', () => {
    expect(permissionsOf([])).toEqual([]);
    // The analyst sees counts only: the ads register's and the statistics' (aggregates, small counts suppressed).
    expect(permissionsOf([{ role: 'analyst', unitId: null }])).toEqual(['ads.statistics', 'statistics.read']);
    // A partner holds only the invitation-scoped permission of exit plans, nothing a unit-less grant would widen.
    expect(permissionsOf([{ role: 'external_partner', unitId: null }])).toEqual(['plans.partner']);
  });

  test('each role alone gives exactly its row of the table', () => {
    for (const role of ROLES) {
      const expected = PERMISSIONS.filter((p) => ROLE_PERMISSIONS[role].includes(p));
      expect(permissionsOf([{ role, unitId: null }]), role).toEqual(expected);
    }
  });

  test('only the administrator manages the organisation and retention; only the audit reviewer searches the audit log', () => {
    for (const role of ROLES) {
      const p = permissionsOf([{ role, unitId: null }]);
      expect(p.includes('organisation.manage'), role).toBe(role === 'administrator');
      expect(p.includes('retention.manage'), role).toBe(role === 'administrator');
      expect(p.includes('audit.search'), role).toBe(role === 'audit_reviewer');
    }
  });
});

describe('checkGrants', () => {
  test('valid staff and partner grants pass', () => {
    expect(
      checkGrants(
        [
          { role: 'administrator', unitId: null },
          { role: 'caseworker', unitId: NEXUS },
          { role: 'unit_manager', unitId: BOU },
        ],
        'staff',
      ),
    ).toEqual([]);
    expect(checkGrants([{ role: 'external_partner', unitId: null }], 'partner')).toEqual([]);
    expect(checkGrants([], 'staff')).toEqual([]);
  });

  test('a partner account can only be an external partner', () => {
    expect(checkGrants([{ role: 'caseworker', unitId: NEXUS }], 'partner')).toEqual(['grant.partnerOnlyPartnerRole']);
  });

  test('staff cannot hold the external partner role', () => {
    expect(checkGrants([{ role: 'external_partner', unitId: null }], 'staff')).toEqual(['grant.partnerRoleOnlyForPartners']);
  });

  test('organisation-wide roles refuse a unit', () => {
    for (const role of ORGANISATION_WIDE_ROLES) {
      expect(checkGrants([{ role, unitId: NEXUS }], 'staff'), role).toEqual(['grant.roleIsOrganisationWide']);
    }
  });

  test('unit roles need a unit', () => {
    for (const role of ROLES.filter((r) => !ORGANISATION_WIDE_ROLES.includes(r) && r !== 'external_partner')) {
      expect(checkGrants([{ role, unitId: null }], 'staff'), role).toEqual(['grant.roleNeedsUnit']);
    }
  });

  test('each error is reported once, all kinds together', () => {
    expect(
      checkGrants(
        [
          { role: 'caseworker', unitId: null },
          { role: 'coordinator', unitId: null },
          { role: 'analyst', unitId: NEXUS },
        ],
        'staff',
      ),
    ).toEqual(['grant.roleNeedsUnit', 'grant.roleIsOrganisationWide']);
  });
});
