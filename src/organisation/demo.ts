import { SYSTEM_ACTOR, writeAudit } from '../core/audit-log/audit.ts';
import type { Db } from '../core/db/database.ts';

/** Fictional districts (stadsdelar); the demo units of the north belong to the north. */
export const DEMO_DISTRICTS = ['Norra stadsdelen (fiktiv)', 'Södra stadsdelen (fiktiv)'] as const;

/**
 * Districts for the demo: the existing adult and children's units belong to the north, a second
 * adult unit serves the south, and KAST, economic aid, outreach and the chat serve the whole
 * municipality (no district). Routing then picks by the person's district.
 */
export async function seedOrganisationDemo(db: Db): Promise<void> {
  await db.transaction().execute(async (tx) => {
    if (await tx.selectFrom('districts').select('id').limit(1).executeTakeFirst()) return;
    const districts = await tx.insertInto('districts').values(DEMO_DISTRICTS.map((name) => ({ name }))).returning(['id', 'name']).execute();
    const [north, south] = DEMO_DISTRICTS.map((n) => districts.find((d) => d.name === n)!.id) as [string, string];
    await tx.updateTable('units').set({ district_id: north }).where('name', 'in', ['Nexus – vuxna', 'Barn och unga mottagning']).execute();
    await tx.insertInto('units').values({ name: 'Vuxenenheten Söder (fiktiv)', kind: 'adult', district_id: south }).onConflict((oc) => oc.column('name').doNothing()).execute();
    await writeAudit(tx, SYSTEM_ACTOR, { action: 'create', recordType: 'demo_data', purpose: 'demo data', details: { districts: DEMO_DISTRICTS.length } });
  });
}
