import type { Capability } from '../core/capability.ts';
import { seedDirectoryDemo } from './demo.ts';
import { directoryMessages } from './messages.ts';
import * as m0410 from './migrations/0410_directory.ts';
import * as m0411 from './migrations/0411_one_referral_model.ts';
import * as m0412 from './migrations/0412_entry_active.ts';
import * as m0413 from './migrations/0413_search_indexes.ts';
import * as m0414 from './migrations/0414_canned_answer_entry_fk.ts';
import { registerDirectoryRoutes } from './routes.ts';

/** The resource directory (municipal units, regional services, national lines, civil society) and referrals to its entries. */
export const directoryCapability: Capability = {
  name: 'directory',
  migrations: { '0410_directory': m0410, '0411_one_referral_model': m0411, '0412_entry_active': m0412, '0413_search_indexes': m0413, '0414_canned_answer_entry_fk': m0414 },
  scopedTables: ['referrals'],
  permissions: ['directory.read', 'directory.manage'],
  auditPurpose: 'resource directory',
  /** The purposes its routes record in the audit log, as the log review shows them. */
  auditPurposes: {
    'resource directory': { sv: 'Stödkatalog', en: 'Resource directory' },
    referral: { sv: 'Remiss och hänvisning', en: 'Referral' },
  },
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    owner: { sv: 'Ansvarig enhet', en: 'Owning unit' },
    active: { sv: 'Aktiv', en: 'Active' },
    actorKind: { sv: 'Vem som lämnar samtycket', en: 'Who gives the consent' },
    barnahusReferralNote: { sv: 'Kommentar till Barnahus-remissen', en: 'Barnahus referral comment' },
    basis: { sv: 'Grund', en: 'Basis' },
    entry: { sv: 'Post', en: 'Entry' },
    givenOn: { sv: 'Givet den', en: 'Given on' },
    import: { sv: 'Import', en: 'Import' },
    lastReviewedOn: { sv: 'Senast granskad', en: 'Last reviewed on' },
    outcome: { sv: 'Utfall', en: 'Outcome' },
    referrals: { sv: 'Hänvisningar', en: 'Referrals' },
    referredOn: { sv: 'Hänvisad den', en: 'Referred on' },
  },
  auditRecordTypes: {
    directory_entry: { sv: 'Post i resurskatalogen', en: 'Directory entry' },
    referral: { sv: 'Hänvisning', en: 'Referral' },
  },
  messages: directoryMessages,
  demo: seedDirectoryDemo,
  routes: registerDirectoryRoutes,
};
