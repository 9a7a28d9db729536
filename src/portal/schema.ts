import { z } from 'zod';
import { PUBLIC_LANGUAGES } from '../chat/visitor/languages.ts';
import { PAGE_SLUGS } from './rules.ts';

/** The contract of the portal's editor routes. */
export const PageParams = z.object({ slug: z.enum(PAGE_SLUGS), lang: z.enum(PUBLIC_LANGUAGES) });
export const VersionParams = PageParams.extend({ version: z.coerce.number().int().min(1).max(100000) });
export const TextIn = z.object({ title: z.string().trim().min(1).max(200), body: z.string().max(20000) });
export const PreviewIn = z.object({ body: z.string().max(20000) });
export const PreviewOut = z.object({ html: z.string() });

export const OverviewRow = z.object({
  slug: z.string(),
  lang: z.string(),
  publishedVersion: z.number().nullable(),
  draftVersion: z.number().nullable().describe('the newest draft, when newer than the published version'),
});
export type OverviewRow = z.infer<typeof OverviewRow>;

export const VersionOut = z.object({
  id: z.string(),
  version: z.number(),
  title: z.string(),
  body: z.string(),
  status: z.enum(['draft', 'published']),
  createdAt: z.date(),
  publishedAt: z.date().nullable(),
  createdBy: z.string().nullable(),
  publishedBy: z.string().nullable(),
});
export type VersionOut = z.infer<typeof VersionOut>;
export const Created = z.object({ id: z.string(), version: z.number() });
