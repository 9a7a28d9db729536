import { z } from 'zod';

/** Contract pieces every capability's schema.ts uses alike. */

/** A path parameter `:id` that is a record's uuid. */
export const Id = z.object({ id: z.uuid() });

/** The answer to a create: the new record's id. */
export const Created = z.object({ id: z.string() });
