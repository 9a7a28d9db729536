import type { Capability } from '../core/capability.ts';
import { personMessages } from './messages.ts';
import * as m0131 from './migrations/0131_person_file.ts';
import * as m0132 from './migrations/0132_person_merges.ts';
import * as m0133 from './migrations/0133_person_merge_requests.ts';
import * as m0135 from './migrations/0135_merge_request_withdrawal.ts';
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
  migrations: { '0131_person_file': m0131, '0132_person_merges': m0132, '0133_person_merge_requests': m0133, '0135_merge_request_withdrawal': m0135 },
  scopedTables: ['persons'],
  permissions: ['persons.open_protected'],
  auditPurpose: 'case work',
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    foundBy: { sv: 'Hittad genom', en: 'Found by' },
    message: { sv: 'Meddelande', en: 'Message' },
    address: { sv: 'Adress', en: 'Address' },
    birthDate: { sv: 'Födelsedatum', en: 'Date of birth' },
    birthYear: { sv: 'Födelseår', en: 'Year of birth' },
    citizenship: { sv: 'Medborgarskap', en: 'Citizenship' },
    email: { sv: 'E-post', en: 'Email' },
    euCitizen: { sv: 'EU-medborgare', en: 'EU citizen' },
    gender: { sv: 'Kön', en: 'Gender' },
    identityMode: { sv: 'Identitet', en: 'Identity' },
    interpreterNeeded: { sv: 'Behöver tolk', en: 'Interpreter needed' },
    languages: { sv: 'Språk', en: 'Languages' },
    merge: { sv: 'Sammanslagning', en: 'Merge' },
    mergeUndone: { sv: 'Ångrad sammanslagning', en: 'Merge undone' },
    mergedInto: { sv: 'Sammanslagen med', en: 'Merged into' },
    name: { sv: 'Namn', en: 'Name' },
    personnummer: { sv: 'Personnummer', en: 'Personal identity number' },
    phone: { sv: 'Telefon', en: 'Phone' },
    protection: { sv: 'Skyddade personuppgifter', en: 'Protected personal data' },
    pseudonym: { sv: 'Pseudonym', en: 'Pseudonym' },
    residenceStatus: { sv: 'Uppehållsstatus', en: 'Residence status' },
    riskFactors: { sv: 'Riskfaktorer', en: 'Risk factors' },
  },
  auditRecordTypes: { person: { sv: 'Person', en: 'Person' }, person_merge: { sv: 'Sammanslagning av personposter', en: 'Merge of person records' }, person_merge_request: { sv: 'Begäran om sammanslagning till annan enhet', en: 'Merge request to another unit' } },
  messages: personMessages,
  routes: (app) => {
    registerPersonRoutes(app);
    registerMergeRoutes(app);
    registerMergeRequestRoutes(app);
  },
};
