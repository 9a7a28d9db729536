import type { Capability } from '../core/capability.ts';
import { seedAdsDemo } from './demo.ts';
import { adsMessages } from './messages.ts';
import * as m0500 from './migrations/0500_ads_register.ts';
import * as m0510 from './migrations/0510_ads_contact_attempts.ts';
import * as m0511 from './migrations/0511_ads_incremental.ts';
import { adsImportJob } from './jobs.ts';
import { registerAdsRoutes } from './routes.ts';
import { adsRawTextRule } from './store.ts';

/**
 * The online ads register (issue 12): ad observations imported from files, grouped into probable
 * posters ("troligen samma annonsör") by the engine in engine.ts, which `npm run ads` also runs.
 * Only HMACs of phone numbers and e-mail addresses and perceptual image hashes are stored.
 */
export const adsRegisterCapability: Capability = {
  name: 'ads-register',
  migrations: { '0500_ads_register': m0500, '0510_ads_contact_attempts': m0510, '0511_ads_incremental': m0511 },
  permissions: ['ads.read', 'ads.import', 'ads.decide', 'ads.statistics'],
  auditPurpose: 'online ads register',
  /** The purposes its routes record in the audit log, as the log review shows them. */
  auditPurposes: {
    'online ads register': { sv: 'Annonsregister', en: 'Online ads register' },
  },
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    ads: { sv: 'Annonser', en: 'Ads' },
    allowPartial: { sv: 'Tillåt delvis import', en: 'Allow partial import' },
    answer: { sv: 'Svar', en: 'Answer' },
    attemptedOn: { sv: 'Kontaktförsök den', en: 'Attempted on' },
    attempts: { sv: 'Kontaktförsök', en: 'Contact attempts' },
    channel: { sv: 'Kanal', en: 'Channel' },
    decision: { sv: 'Beslut', en: 'Decision' },
    fileName: { sv: 'Filnamn', en: 'File name' },
    links: { sv: 'Kopplingar', en: 'Links' },
    note: { sv: 'Anteckning', en: 'Note' },
    template: { sv: 'Mall', en: 'Template' },
    text: { sv: 'Text', en: 'Text' },
  },
  auditRecordTypes: {
    ads_raw_text: { sv: 'Annonstext i annonsregistret', en: 'Ad text in the ads register' },
    ads_import: { sv: 'Import till annonsregistret', en: 'Import into the ads register' },
    ads_group: { sv: 'Trolig annonsör (grupp av annonser)', en: 'Probable poster (group of ads)' },
    ads_decision: { sv: 'Beslut om länk mellan annonser', en: 'Decision on a link between ads' },
    ads_contact_attempt: { sv: 'Kontaktförsök till annonsör', en: 'Contact attempt to a poster' },
  },
  messages: adsMessages,
  routes: registerAdsRoutes,
  retentionRules: [adsRawTextRule],
  jobs: [adsImportJob],
  demo: seedAdsDemo,
};
