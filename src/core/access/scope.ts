import { sql, type RawBuilder } from 'kysely';
import { unitsWith, type Grant, type Permission } from './policy.ts';

/**
 * The units a request may see, derived once from the permission its route declares (Medplum's
 * security filter, as a value). Stores take a scope, never a bare list of ids, and every store
 * query on a unit-scoped table starts from a base that applies it, so a new query cannot forget it.
 */
export interface UnitScope {
  /** The permission the units were derived from, or null for the system (jobs, retention). */
  readonly permission: Permission | null;
  /** 'all' when a role carrying the permission is organisation-wide; else the unit ids (maybe none). */
  readonly units: 'all' | readonly string[];
}

/** The system's own work (retention, background jobs): every unit, recorded as the system in the audit log. */
export const SYSTEM_SCOPE: UnitScope = Object.freeze({ permission: null, units: 'all' as const });

/** No unit at all: what a public or merely signed-in route gets. */
export const NO_UNITS: UnitScope = Object.freeze({ permission: null, units: Object.freeze([]) as readonly string[] });

export function scopeFor(grants: readonly Grant[], permission: Permission): UnitScope {
  return { permission, units: unitsWith(grants, permission) };
}

/** One unit: a scope narrowed to a unit the caller chose, only if the scope already holds it. */
export function scopeIncludes(scope: UnitScope, unitId: string): boolean {
  return scope.units === 'all' || scope.units.includes(unitId);
}

/**
 * The SQL condition "the row's unit column is one of the scope's units". One unit (the usual case)
 * is an equality, so the planner can walk an index on (unit_id, …) in order.
 */
export function inScope(unitColumn: string, scope: UnitScope): RawBuilder<boolean> {
  if (scope.units === 'all') return sql<boolean>`true`;
  if (scope.units.length === 0) return sql<boolean>`false`;
  if (scope.units.length === 1) return sql<boolean>`${sql.ref(unitColumn)} = ${scope.units[0]}`;
  return sql<boolean>`${sql.ref(unitColumn)} = any(${sql.val(scope.units)}::uuid[])`;
}
