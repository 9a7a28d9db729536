/** The HTTP contract of structured questions: validation, OpenAPI and the web app's types (`import type` + z.infer). */
import { z } from 'zod';

/** A question set is data: this schema is the contract for the bundled JSON files and for uploads. */
const Text = z.object({ sv: z.string().trim().min(1).max(1000), en: z.string().trim().min(1).max(1000) });
export const QuestionSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,59}$/),
  section: z.string().regex(/^[a-z][a-z0-9_]{0,59}$/),
  type: z.enum(['yes_no', 'choice', 'text']),
  text: Text,
  options: z.array(z.object({ value: z.string().regex(/^[a-z0-9_]{1,60}$/), label: Text })).max(20).optional(),
});
export const QuestionSetBody = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]{1,59}$/),
  title: Text,
  routineNote: Text,
  questions: z.array(QuestionSchema).min(1).max(100),
});
export const QuestionSetDefinition = QuestionSetBody.extend({ version: z.number().int().positive() });
export type QuestionSetDefinition = z.infer<typeof QuestionSetDefinition>;
export type QuestionSetBody = z.infer<typeof QuestionSetBody>;
/** A set's latest version, as listed. */
export const PublishedSet = QuestionSetDefinition.extend({ publishedAt: z.date() });
export const SetVersion = z.object({ key: z.string(), version: z.number(), publishedAt: z.date(), publishedBy: z.string().nullable() });
export type SetVersion = z.infer<typeof SetVersion>;

export const AnswersIn = z.object({ setKey: z.string().max(60), setVersion: z.number().int().positive(), answers: z.record(z.string().max(60), z.string().max(5000)) });
export type AnswersIn = z.infer<typeof AnswersIn>;

export const CoverageQuery = z.object({ setKey: z.string().max(60).default('utvag-standard'), from: z.iso.date(), to: z.iso.date() });
export type CoverageQuery = z.infer<typeof CoverageQuery>;
export const CoverageRow = z.object({ unitId: z.string(), unitName: z.string(), month: z.string(), newCases: z.number(), asked: z.number(), share: z.number() });
export type CoverageRow = z.infer<typeof CoverageRow>;
