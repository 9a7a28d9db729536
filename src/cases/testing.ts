import type { Db } from '../core/db/database.ts';
import { unitId } from '../testing/app.ts';
import { addDays, todayInStockholm } from '../core/time/stockholm.ts';

/** The three units routing sends cases to, by the names the tests use. */
export async function routingUnits(db: Db) {
  return {
    adult: await unitId(db, 'Vuxenenheten (test)', 'adult'),
    children: await unitId(db, 'Barn och unga (test)', 'children'),
    kast: await unitId(db, 'KAST (test)', 'kast'),
  };
}

/** A date n days before today, on the Swedish calendar the server uses. */
const daysAgo = (n: number) => addDays(todayInStockholm(), -n);

/** A contact body for POST /api/intake/contacts, fictional, with overrides. */
export function makeContact(overrides: Record<string, unknown> = {}, person: Record<string, unknown> = {}) {
  return {
    channel: 'own_contact',
    receivedOn: daysAgo(0),
    personRole: 'exposed',
    statedAge: 25,
    summary: 'Fiktiv kontakt för test.',
    ...overrides,
    person: { identityMode: 'anonymous', ...person },
  };
}

export { daysAgo };
