import type { Capability } from './core/capability.ts';
import { retentionRulesOf } from './core/retention-framework/framework.ts';
import { authCapability } from './core/auth/capability.ts';
import { auditCapability } from './audit/capability.ts';
import { organisationCapability } from './organisation/capability.ts';
import { retentionCapability } from './retention/capability.ts';
import { personsCapability } from './persons/capability.ts';
import { intakeCapability } from './intake/capability.ts';
import { casesCapability } from './cases/capability.ts';
import { questionsCapability } from './questions/capability.ts';
import { chatCapability } from './chat/capability.ts';
import { consentsCapability } from './consents/capability.ts';
import { exitPlansCapability } from './exit-plans/capability.ts';
import { bookingCapability } from './booking/capability.ts';
import { directoryCapability } from './directory/capability.ts';
import { adsRegisterCapability } from './ads-register/capability.ts';
import { competenceCapability } from './competence/capability.ts';
import { outreachCapability } from './outreach/capability.ts';
import { statisticsCapability } from './statistics/capability.ts';
import { portalCapability } from './portal/capability.ts';

/**
 * Every capability of Utväg, in the order their routes are registered and their demo data is
 * loaded. Adding a capability: its folder with a manifest, one line here, one in
 * `src/web/capabilities.tsx`, and its row in the role table (`src/core/access/policy.ts`).
 */
export const capabilities: readonly Capability[] = [
  authCapability,
  organisationCapability,
  auditCapability,
  retentionCapability,
  personsCapability,
  intakeCapability,
  casesCapability,
  questionsCapability,
  chatCapability,
  consentsCapability,
  exitPlansCapability,
  bookingCapability,
  directoryCapability,
  adsRegisterCapability,
  competenceCapability,
  outreachCapability,
  statisticsCapability,
  portalCapability,
];

export const retentionRules = retentionRulesOf(capabilities);
