import type { Generated } from 'kysely';

/** Districts (stadsdelar/nämnder), organisation's 0130; units.district_id is declared with the core's units. */
export interface OrganisationTables {
  districts: { id: Generated<string>; name: string; active: Generated<boolean>; created_at: Generated<Date> };
}

declare module '../core/db/schema.ts' {
  interface Database extends OrganisationTables {}
}
