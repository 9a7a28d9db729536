import type { Capability } from '../core/capability.ts';
import { personMessages } from './messages.ts';
import * as m0131 from './migrations/0131_person_file.ts';
import * as m0132 from './migrations/0132_person_merges.ts';
import * as m0133 from './migrations/0133_person_merge_requests.ts';
import { registerMergeRequestRoutes } from './merge-request-routes.ts';
import { registerMergeRoutes } from './merge-routes.ts';
import { registerPersonRoutes } from './routes.ts';

/**
 * Persons: the record a contact and a case are about, the personnummer, pseudonyms and protected
 * identity. Its table was created by the intake migration (0100_intake), before it was a capability;
 * it has no migration of its own. Intake and cases use persons; persons uses neither.
 */
export const personsCapability: Capability = {
  name: 'persons',
  migrations: { '0131_person_file': m0131, '0132_person_merges': m0132, '0133_person_merge_requests': m0133 },
  scopedTables: ['persons'],
  permissions: ['persons.open_protected'],
  auditPurpose: 'case work',
  auditRecordTypes: { person: { sv: 'Person', en: 'Person' }, person_merge: { sv: 'Sammanslagning av personposter', en: 'Merge of person records' }, person_merge_request: { sv: 'Begäran om sammanslagning till annan enhet', en: 'Merge request to another unit' } },
  messages: personMessages,
  routes: (app) => {
    registerPersonRoutes(app);
    registerMergeRoutes(app);
    registerMergeRequestRoutes(app);
  },
};
