import { authCapability } from './core/auth/routes.ts';
import type { Capability } from './core/http/server.ts';
import { signInResidueRule, type RetentionRule } from './core/retention/framework.ts';
import { auditCapability } from './audit/routes.ts';
import { organisationCapability } from './organisation/routes.ts';
import { retentionCapability } from './retention/routes.ts';
import { intakeCapability } from './intake/routes.ts';
import { casesCapability } from './cases/routes.ts';
import { questionsCapability } from './questions/routes.ts';
import { chatCapability } from './chat/routes.ts';

/** Every capability of Utväg, in the order their routes are registered. */
export const capabilities: readonly Capability[] = [
  authCapability,
  organisationCapability,
  auditCapability,
  retentionCapability,
  intakeCapability,
  casesCapability,
  questionsCapability,
  chatCapability,
];

export const retentionRules: readonly RetentionRule[] = [signInResidueRule, ...capabilities.flatMap((c) => c.retentionRules ?? [])];
