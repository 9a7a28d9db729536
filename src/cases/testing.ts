import type { Db } from '../core/db/database.ts';
import { unitId } from '../testing/app.ts';

/** The three units routing sends cases to, by the names the tests use. */
export async function routingUnits(db: Db) {
  return {
    adult: await unitId(db, 'Vuxenenheten (test)', 'adult'),
    children: await unitId(db, 'Barn och unga (test)', 'children'),
    kast: await unitId(db, 'KAST (test)', 'kast'),
  };
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

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
