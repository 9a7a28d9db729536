/**
 * Who may do what: the one table of roles and permissions. Deny by default: a permission
 * not listed for a role is not granted, and every route names the permission it needs.
 *
 * A role is granted to a user either for one unit (a caseworker at "Nexus – vuxna") or for the
 * whole organisation (unit = null, e.g. the administrator). Data reads are scoped to the units
 * where the user holds a role that carries the permission (see `unitsWith`).
 */
export const ROLES = [
  'administrator',
  'caseworker',
  'coordinator',
  'chat_counsellor',
  'outreach_worker',
  'unit_manager',
  'analyst',
  'audit_reviewer',
  'external_partner',
  'content_editor',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'organisation.read',
  'organisation.manage',
  'audit.search',
  'audit.review',
  'retention.manage',
  'intake.register',
  'cases.read',
  'cases.write',
  'cases.decide',
  'persons.open_protected',
  'questions.manage',
  'questions.coverage',
  'chat.counsel',
  'chat.supervise',
  'chat.kast',
  'chat.escalations.read',
  'consents.read',
  'consents.record',
  'plans.read',
  'plans.write',
  'plans.invite',
  'plans.partner',
  'booking.read',
  'booking.book',
  'booking.manage',
  'directory.read',
  'directory.manage',
  'outreach.read',
  'outreach.log',
  'ads.read',
  'ads.import',
  'ads.decide',
  'ads.statistics',
  'competence.own',
  'competence.staff',
  'competence.manage',
  'statistics.read',
  'statistics.export',
  'portal.edit',
  'portal.publish',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// Competence: every staff member keeps their own development plan (competence.own); a unit manager
// sees and records the training of the staff of their units (competence.staff, scoped to them);
// the catalogue and seminars are run by the competence centre, whose staff hold the unit_manager
// role at the centre's unit, and by administrators (competence.manage: catalogue data, no unit).
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  administrator: ['organisation.read', 'organisation.manage', 'retention.manage', 'questions.manage', 'directory.read', 'directory.manage', 'competence.own', 'competence.staff', 'competence.manage'],
  caseworker: ['organisation.read', 'intake.register', 'cases.read', 'cases.write', 'cases.decide', 'persons.open_protected', 'chat.kast', 'chat.escalations.read', 'consents.read', 'consents.record', 'plans.read', 'plans.write', 'booking.read', 'booking.book', 'directory.read', 'competence.own'],
  coordinator: ['organisation.read', 'intake.register', 'cases.read', 'cases.write', 'consents.read', 'consents.record', 'plans.read', 'plans.write', 'plans.invite', 'booking.read', 'booking.book', 'directory.read', 'competence.own'],
  // Chat escalations and outreach contacts are registered by those who meet the person; the case
  // then lives in the unit the routing chose, which these roles cannot read.
  chat_counsellor: ['intake.register', 'chat.counsel', 'directory.read', 'competence.own'],
  // Outreach workers offer mini-KAST times from an outreach contact (a reception of their unit).
  outreach_worker: ['intake.register', 'booking.read', 'booking.book', 'directory.read', 'ads.read', 'ads.import', 'ads.decide', 'competence.own', 'outreach.read', 'outreach.log'],
  unit_manager: ['organisation.read', 'intake.register', 'cases.read', 'cases.decide', 'persons.open_protected', 'questions.manage', 'questions.coverage', 'chat.supervise', 'chat.escalations.read', 'consents.read', 'plans.read', 'booking.read', 'booking.book', 'booking.manage', 'directory.read', 'directory.manage', 'ads.read', 'ads.statistics', 'competence.own', 'competence.staff', 'competence.manage', 'outreach.read', 'statistics.read', 'statistics.export'],
  // Aggregates only: the statistics (counts, small ones suppressed) and the ads register's counts; never a record.
  analyst: ['ads.statistics', 'statistics.read'],
  audit_reviewer: ['organisation.read', 'audit.search', 'audit.review', 'competence.own'],
  // Partners reach plans only through a per-plan invitation and the person's consent (exit-plans),
  // never through units: their grant has no unit, which unitsWith would read as every unit.
  external_partner: ['plans.partner'],
  // Writes and publishes the public help portal's texts; reads no personal data.
  content_editor: ['portal.edit', 'portal.publish'],
};

/** Roles that only make sense for the whole organisation, never for one unit. */
export const ORGANISATION_WIDE_ROLES: readonly Role[] = ['administrator', 'audit_reviewer', 'analyst', 'content_editor'];

export interface Grant {
  role: Role;
  unitId: string | null;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** The first grant that carries the permission: the role and unit the audit log records. */
export function grantFor(grants: readonly Grant[], permission: Permission): Grant | undefined {
  return grants.find((g) => roleHas(g.role, permission));
}

export function permissionsOf(grants: readonly Grant[]): Permission[] {
  return PERMISSIONS.filter((p) => grants.some((g) => roleHas(g.role, p)));
}

/**
 * The units in which the permission holds: 'all' when a role carrying it is organisation-wide,
 * else the list (possibly empty). Stores put this into their SQL so rows outside never load.
 */
export function unitsWith(grants: readonly Grant[], permission: Permission): 'all' | string[] {
  const carrying = grants.filter((g) => roleHas(g.role, permission));
  if (carrying.some((g) => g.unitId === null)) return 'all';
  return [...new Set(carrying.map((g) => g.unitId as string))];
}

/** Validation of a set of grants an administrator wants to give. Returns error codes. */
export function checkGrants(grants: readonly Grant[], kind: 'staff' | 'partner'): string[] {
  const errors: string[] = [];
  for (const g of grants) {
    if (kind === 'partner' && g.role !== 'external_partner') errors.push('grant.partnerOnlyPartnerRole');
    if (kind === 'staff' && g.role === 'external_partner') errors.push('grant.partnerRoleOnlyForPartners');
    if (ORGANISATION_WIDE_ROLES.includes(g.role) && g.unitId !== null) errors.push('grant.roleIsOrganisationWide');
    if (!ORGANISATION_WIDE_ROLES.includes(g.role) && g.role !== 'external_partner' && g.unitId === null)
      errors.push('grant.roleNeedsUnit');
  }
  return [...new Set(errors)];
}
