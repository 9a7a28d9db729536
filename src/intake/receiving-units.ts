import { z } from 'zod';
import type { App, AppDeps } from '../core/http/server.ts';
import { CASE_UNIT_KINDS } from './rules.ts';

export const ReceivingUnit = z.object({ id: z.string(), name: z.string(), kind: z.string() });
export type ReceivingUnit = z.infer<typeof ReceivingUnit>;

/**
 * The units a contact whose age is not known can be handed to, for everyone who registers contacts
 * (the outreach worker and the chat counsellor cannot read the organisation's unit list, issue 9).
 * Unit names and kinds only: no personal data, so nothing to audit.
 */
export function registerReceivingUnitsRoute(app: App, { db }: AppDeps) {
  app.route({
    method: 'GET',
    url: '/api/intake/receiving-units',
    config: { access: 'intake.register' },
    schema: { summary: 'The active units a contact can be handed to when its age is not known', response: { 200: ReceivingUnit.array() } },
    // scope: unit names are organisation data every registrar may see; no record of a person.
    handler: () => db.selectFrom('units').select(['id', 'name', 'kind']).where('active', '=', true).where('kind', 'in', [...CASE_UNIT_KINDS]).orderBy('name').execute(),
  });
}
