/** The HTTP contract of competence: validation, OpenAPI and the web app's types (`import type` + z.infer). */
import { z } from 'zod';
import { COMPLETION_SOURCES, TRAINING_FORMATS } from './tables.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const RoleName = z.string().regex(/^[a-z_]{1,40}$/);

export const TrainingIn = z.object({
  title: z.string().trim().min(1).max(200),
  provider: z.string().trim().min(1).max(200),
  format: z.enum(TRAINING_FORMATS),
  lengthMinutes: z.number().int().min(1).max(100_000),
  description: z.string().trim().max(2000).default(''),
  targetRoles: z.array(RoleName).max(20),
  requiredForRoles: z.array(RoleName).max(20),
  renewalMonths: z.number().int().min(1).max(240).nullable(),
  beforeQuestioning: z.boolean().default(false),
  active: z.boolean().default(true),
});
export type TrainingIn = z.infer<typeof TrainingIn>;
export const TrainingOut = TrainingIn.extend({ id: z.string() });
export type TrainingOut = z.infer<typeof TrainingOut>;

export const CompletionIn = z.object({ trainingId: z.uuid(), completedOn: Day });
export type CompletionIn = z.infer<typeof CompletionIn>;
export const StaffCompletionIn = CompletionIn.extend({ userId: z.uuid() });
export type StaffCompletionIn = z.infer<typeof StaffCompletionIn>;

export const PlanItem = z.object({
  trainingId: z.string(),
  title: z.string(),
  provider: z.string(),
  format: z.enum(TRAINING_FORMATS),
  lengthMinutes: z.number(),
  required: z.boolean(),
  beforeQuestioning: z.boolean(),
  status: z.enum(['done', 'expiring', 'expired', 'missing']),
  completedOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
});
export type PlanItem = z.infer<typeof PlanItem>;
export const CompletionOut = z.object({ id: z.string(), trainingId: z.string(), title: z.string(), completedOn: z.string(), source: z.enum(COMPLETION_SOURCES) });
export const SeminarOut = z.object({ id: z.string(), trainingId: z.string(), title: z.string(), heldOn: z.string(), startsAt: z.string(), place: z.string(), units: z.array(z.object({ id: z.string(), name: z.string() })), attendees: z.number() });
export type SeminarOut = z.infer<typeof SeminarOut>;
/** The individual development plan: what my roles require, what I have done, what is due, and the seminars I am invited to. */
export const MyPlan = z.object({
  today: z.string(),
  roles: z.array(z.string()),
  items: z.array(PlanItem),
  completions: z.array(CompletionOut),
  missingBeforeQuestioning: z.array(z.object({ trainingId: z.string(), title: z.string() })),
  seminars: z.array(SeminarOut),
});
export type MyPlan = z.infer<typeof MyPlan>;

/** Staff of the caller's units, each with what they lack (the manager's view of the precondition). */
export const StaffStatus = z.object({
  userId: z.string(),
  name: z.string(),
  units: z.array(z.string()),
  missing: z.array(z.object({ trainingId: z.string(), title: z.string(), beforeQuestioning: z.boolean(), status: z.enum(['expired', 'missing']) })),
});
export type StaffStatus = z.infer<typeof StaffStatus>;

export const CoverageQuery = z.object({ from: Day, to: Day });
export type CoverageQuery = z.infer<typeof CoverageQuery>;
export const CoverageCell = z.object({ unitId: z.string(), unitName: z.string(), trainingId: z.string(), title: z.string(), on: z.string(), staff: z.number(), trained: z.number(), share: z.number() });
export type CoverageCell = z.infer<typeof CoverageCell>;
export const CoverageOut = z.object({ on: z.string(), current: z.array(CoverageCell), overTime: z.array(CoverageCell) });
export type CoverageOut = z.infer<typeof CoverageOut>;

export const ImportIn = z.object({ csv: z.string().max(2_000_000) });
export const RowError = z.object({ row: z.number(), field: z.string(), code: z.string(), message: z.string() });
export const ImportOut = z.object({ imported: z.number(), errors: z.array(RowError) });

export const SeminarIn = z.object({
  trainingId: z.uuid(),
  heldOn: Day,
  startsAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).or(z.literal('')).default(''),
  place: z.string().trim().min(1).max(200),
  unitIds: z.array(z.uuid()).min(1).max(200),
});
export type SeminarIn = z.infer<typeof SeminarIn>;
export const AttendanceIn = z.object({ userIds: z.array(z.uuid()).min(1).max(500) });
export type AttendanceIn = z.infer<typeof AttendanceIn>;
export const Invitee = z.object({ userId: z.string(), name: z.string(), unitName: z.string(), attended: z.boolean() });
