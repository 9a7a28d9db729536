import { z } from 'zod';

/** Longest ad text accepted; a longer one is a row error (not silently cut). */
export const MAX_TEXT_CHARS = 20_000;

const stringList = z.array(z.string().max(200)).max(50);

/** One ad observation, as in JSON lines (and CSV with the same columns, arrays separated by `|`). */
export const adRowSchema = z.object({
  site: z.string().max(200).optional(),
  url: z.string().min(1).max(2000),
  seen_at: z.iso.datetime({ offset: true }).optional(),
  city: z.string().max(100).optional(),
  phones: stringList.default([]),
  emails: stringList.default([]),
  text: z.string().max(MAX_TEXT_CHARS, `text longer than ${MAX_TEXT_CHARS} characters`).default(''),
  image_hashes: z.array(z.string().regex(/^[0-9a-fA-F]{16}$/, 'must be 16 hex digits')).max(50).default([]),
  images: z.array(z.string().min(1)).max(50).default([]),
});

export type AdRow = z.infer<typeof adRowSchema>;
export const AD_FIELDS: ReadonlySet<string> = new Set(Object.keys(adRowSchema.shape));
