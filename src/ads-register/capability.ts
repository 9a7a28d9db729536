import type { Capability } from '../core/capability.ts';
import * as m0500 from './migrations/0500_ads_register.ts';
import { adsRawTextRule } from './store.ts';

/**
 * The online ads register (issue 12): ad observations imported from files, grouped into probable
 * posters ("troligen samma annonsör") by the engine in engine.ts, which `npm run ads` also runs.
 * Only HMACs of phone numbers and e-mail addresses and perceptual image hashes are stored.
 */
export const adsRegisterCapability: Capability = {
  name: 'ads-register',
  migrations: { '0500_ads_register': m0500 },
  permissions: ['ads.read', 'ads.import', 'ads.decide', 'ads.statistics'],
  auditPurpose: 'online ads register',
  auditRecordTypes: {
    ads_raw_text: { sv: 'Annonstext i annonsregistret', en: 'Ad text in the ads register' },
  },
  retentionRules: [adsRawTextRule],
};
