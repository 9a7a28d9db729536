/** The HTTP contract of structured questions: validation, OpenAPI and the web app's types (`import type` + z.infer). */
import { z } from 'zod';
import { FOLLOW_UP_ACTIONS, FOLLOW_UP_SUGGESTIONS, SET_AUDIENCES } from './vocabulary.ts';

/** A question set is data: this schema is the contract for the bundled JSON files and for uploads. */
const Text = z.object({ sv: z.string().trim().min(1).max(1000), en: z.string().trim().min(1).max(1000) });
export const QuestionSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,59}$/),
  section: z.string().regex(/^[a-z][a-z0-9_]{0,59}$/),
  type: z.enum(['yes_no', 'choice', 'text']),
  text: Text,
  options: z.array(z.object({ value: z.string().regex(/^[a-z0-9_]{1,60}$/), label: Text })).max(20).optional(),
  /** The questions coverage counts: a case counts as asked when each of them was answered or declined (none marked: every question). */
  counts: z.boolean().optional(),
  /** What the form suggests when the answer is one of `on` (a "yes" leads somewhere). */
  followUp: z.object({ on: z.array(z.string().regex(/^[a-z0-9_]{1,60}$/)).min(1).max(20), suggestion: z.enum(FOLLOW_UP_SUGGESTIONS) }).optional(),
});
export type Question = z.infer<typeof QuestionSchema>;
export const QuestionSetBody = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]{1,59}$/),
  /** Who the set is for; the case picks its set from the person's role and age (absent: adults). */
  audience: z.enum(SET_AUDIENCES).optional(),
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

/** What was done with a suggestion a "yes" led to. */
export const FollowUpIn = z.object({ questionId: z.string().max(60), suggestion: z.enum(FOLLOW_UP_SUGGESTIONS), action: z.enum(FOLLOW_UP_ACTIONS), note: z.string().trim().max(2000).default('') });
export type FollowUpIn = z.infer<typeof FollowUpIn>;
/** A question left out of `answers` was not asked; `declined` is the person's answer that they do not want to answer. */
export const AnswersIn = z.object({
  setKey: z.string().max(60),
  setVersion: z.number().int().positive(),
  answers: z.record(z.string().max(60), z.string().max(5000)),
  followUps: z.array(FollowUpIn).max(100).default([]),
});
export type AnswersIn = z.infer<typeof AnswersIn>;

export const SetVersionParams = z.object({ key: z.string().regex(/^[a-z][a-z0-9-]{1,59}$/), version: z.coerce.number().int().positive().max(1_000_000) });
export type SetVersionParams = z.infer<typeof SetVersionParams>;

/** Without a set key, coverage counts any set (children, adults and buyers are asked different sets). */
export const CoverageQuery = z.object({ setKey: z.string().max(60).optional(), from: z.iso.date(), to: z.iso.date() });
export type CoverageQuery = z.infer<typeof CoverageQuery>;
export const CoverageRow = z.object({ unitId: z.string(), unitName: z.string(), month: z.string(), newCases: z.number(), asked: z.number(), share: z.number() });
export type CoverageRow = z.infer<typeof CoverageRow>;
