import { z } from 'zod';
import { BOOKING_GROUPS } from './rules.ts';

const Group = z.enum(BOOKING_GROUPS);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const Id = z.object({ id: z.string().uuid() });
export const ErrorOut = z.object({ error: z.string(), message: z.string() });

export const WeekRowOut = z.object({
  weekday: z.number(),
  targetGroup: Group,
  opens: z.string(),
  closes: z.string(),
  slotMinutes: z.number(),
  roomId: z.string(),
  staffUserId: z.string().nullable(),
});

export const ReceptionOut = z.object({
  id: z.string(),
  name: z.string(),
  place: z.string(),
  kind: z.enum(['regular', 'mini_kast']),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  week: z.array(WeekRowOut),
  rooms: z.array(z.object({ id: z.string(), name: z.string() })),
  separation: z.string().describe('What the published schedule says about the two groups, in the language asked for'),
});
export type ReceptionOut = z.infer<typeof ReceptionOut>;

export const SlotsQuery = z.object({ receptionId: z.string().uuid(), group: Group, from: IsoDate.optional(), weeks: z.coerce.number().int().min(1).max(8).default(4) });
export const SlotOut = z.object({ localDate: z.string(), startsAt: z.date(), endsAt: z.date() });
export type SlotOut = z.infer<typeof SlotOut>;

export const PublicBookingIn = z.object({
  receptionId: z.string().uuid(),
  group: Group,
  startsAt: z.coerce.date(),
  pseudonym: z.string().trim().min(1).max(60).describe('Any name the person wants to be called; never a real name required'),
  contact: z.string().trim().max(200).optional().describe('An optional way to be reached; nothing is sent by default'),
});
export const BookingCodeIn = z.object({ code: z.string().min(4).max(40) });
export const ChangeIn = BookingCodeIn.extend({ startsAt: z.coerce.date() });

export const PublicBookingOut = z.object({
  code: z.string().optional(),
  receptionName: z.string(),
  place: z.string(),
  targetGroup: Group,
  startsAt: z.date(),
  endsAt: z.date(),
});

export const StaffBookingIn = z.object({
  group: Group,
  startsAt: z.coerce.date(),
  endsAt: z.coerce.date().optional(),
  roomId: z.string().uuid().optional(),
  staffUserId: z.string().uuid().nullable().optional(),
  caseId: z.string().uuid().optional(),
  pseudonym: z.string().trim().min(1).max(60),
  contact: z.string().trim().max(200).optional(),
  override: z.boolean().default(false).describe('Book a time outside the slot grid (within opening hours); never another group’s day'),
  source: z.enum(['staff', 'outreach']).default('staff'),
});
export type StaffBookingIn = z.infer<typeof StaffBookingIn>;

export const CalendarQuery = z.object({ from: IsoDate, to: IsoDate });
export const CalendarEntry = z.object({
  id: z.string(),
  receptionId: z.string(),
  receptionName: z.string(),
  place: z.string(),
  roomName: z.string(),
  staffName: z.string().nullable(),
  targetGroup: Group,
  localDate: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  pseudonym: z.string(),
  contact: z.string().nullable(),
  caseId: z.string().nullable(),
  source: z.string(),
});
export type CalendarEntry = z.infer<typeof CalendarEntry>;
export const Created = z.object({ id: z.string() });

const Time = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/);
/** One row of a reception's week as its manager writes it. */
export const WeekRowIn = z.object({
  weekday: z.number().int().min(1).max(7),
  targetGroup: Group,
  opens: Time,
  closes: Time,
  slotMinutes: z.number().int().min(15).max(480),
  roomId: z.string().uuid(),
  staffUserId: z.string().uuid().nullable().default(null),
});
export const WeekIn = z.object({ week: z.array(WeekRowIn).max(100) });
export const RoomIn = z.object({ name: z.string().trim().min(1).max(100) });
export const StaffOut = z.object({ id: z.string(), name: z.string() });
