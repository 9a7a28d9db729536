import type { Capability } from '../core/capability.ts';
import { statisticsMessages } from './messages.ts';
import * as m0710 from './migrations/0710_statistics.ts';
import * as m0711 from './migrations/0711_case_days.ts';
import { registerStatisticsRoutes } from './routes.ts';
import { freezeEndedYears } from './store.ts';

/**
 * Statistics (issue 15): the dashboard's indicators, the annual compilation and the PMM section of
 * the crime picture, national reporting. Aggregates only, small counts suppressed (rules.ts); the
 * facts are kept at their source (the case's opening snapshot, the chat's daily figures) and each
 * ended year's figures are kept here, since the cases behind them are deleted after five years.
 */
export const statisticsCapability: Capability = {
  name: 'statistics',
  migrations: { '0710_statistics': m0710, '0711_case_days': m0711 },
  scopedTables: ['statistics_case_days'],
  permissions: ['statistics.read', 'statistics.export'],
  auditPurpose: 'statistics',
  /** The purposes its routes record in the audit log, as the log review shows them. */
  auditPurposes: {
    statistics: { sv: 'Statistik', en: 'Statistics' },
    'statistics report': { sv: 'Statistikrapport', en: 'Statistics report' },
    'national reporting': { sv: 'Nationell rapportering', en: 'National reporting' },
  },
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    adultOrChild: { sv: 'Vuxen eller barn', en: 'Adult or child' },
    gender: { sv: 'Kön', en: 'Gender' },
    kind: { sv: 'Typ', en: 'Kind' },
    originCountry: { sv: 'Ursprungsland', en: 'Country of origin' },
    purpose: { sv: 'Ändamål', en: 'Purpose' },
  },
  auditRecordTypes: {
    national_report: { sv: 'Nationell rapportering (pseudonymiserad)', en: 'National reporting (pseudonymised)' },
  },
  messages: statisticsMessages,
  // Each night: the figures of every ended year not yet kept (long before its cases can be deleted).
  jobs: [{ name: 'statistics-keep-ended-years', cron: '50 1 * * *', run: async ({ db }) => void (await freezeEndedYears(db)) }],
  routes: registerStatisticsRoutes,
};
