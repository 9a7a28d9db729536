import { SYSTEM_ACTOR, writeAudit } from '../core/audit-log/audit.ts';
import type { Db } from '../core/db/database.ts';
import { ContactIn, ShiftIn } from './schema.ts';
import { insertContact, insertShift } from './store.ts';

const DAY = 86_400_000;

/** A time `days` ago at `hour`:00 UTC (demo times need no zone precision). */
function at(days: number, hour: number): string {
  const d = new Date(Date.now() - days * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
}

/**
 * Fictional outreach for the demo outreach worker `uppsokare` (Ulf Uppsökare, unit Uppsökande): a
 * street shift with a civil-society organisation, a joint evening shift with the police
 * (samverkanspass), a police action week at hotels and apartments (insatsvecka) and an online shift.
 * Every contact is anonymous (age band, gender, role, place, offers); no names, no numbers.
 */
export async function seedOutreachDemo(db: Db): Promise<void> {
  const worker = await db.selectFrom('users').select('id').where('username', '=', 'uppsokare').executeTakeFirst();
  const unit = await db.selectFrom('units').select('id').where('name', '=', 'Uppsökande').executeTakeFirst();
  if (!worker || !unit) return;
  const shift = (input: Omit<ShiftIn, 'unitId' | 'note' | 'participants'> & Partial<Pick<ShiftIn, 'note' | 'participants'>>) => ShiftIn.parse({ unitId: unit.id, ...input });
  const contact = (c: Partial<ContactIn> & Pick<ContactIn, 'personRole' | 'placeType'>) => ContactIn.parse(c);
  await db.transaction().execute(async (tx) => {
    const shifts: Array<{ input: ShiftIn; contacts: Array<ContactIn | ((police: string | undefined) => ContactIn)> }> = [
      {
        input: shift({
          kind: 'street',
          area: 'Centrum, gatorna kring Centralstationen (fiktivt)',
          startsAt: at(9, 19),
          endsAt: at(9, 23),
          note: 'Kvällspass tillsammans med Fiktiva stödföreningen.',
          participants: [{ organisation: 'civil_society', userId: null, name: 'Volontär från föreningen', organisationName: 'Fiktiva stödföreningen' }],
        }),
        contacts: [
          contact({ ageBand: '26_plus', gender: 'woman', personRole: 'exposed', placeType: 'street', offered: ['support_talk', 'medical'], accepted: ['support_talk'], followUp: 'Ses på mottagningen på tisdag' }),
          contact({ ageBand: '22_25', gender: 'woman', personRole: 'exposed', placeType: 'street', offered: ['support_talk', 'interpreter'], accepted: [] }),
        ],
      },
      {
        input: shift({
          kind: 'joint_police',
          area: 'Södra innerstaden (fiktivt), samverkanspass',
          startsAt: at(3, 20),
          endsAt: at(3, 23),
          note: 'Samverkanspass med polisen; socialtjänsten erbjuder frivilligt stöd.',
          participants: [{ organisation: 'police', userId: null, name: 'Polisinspektör (fiktiv)', organisationName: 'Polisen, region Exempel' }],
        }),
        contacts: [
          contact({ ageBand: '18_21', gender: 'woman', personRole: 'exposed', placeType: 'apartment', offered: ['support_talk', 'protection', 'shelter'], accepted: ['support_talk', 'shelter'], followUp: 'Skyddat boende ordnat i natt; samtal i morgon' }),
          (police) => contact({ ageBand: 'unknown', gender: 'man', personRole: 'buys', placeType: 'street', offered: ['kast_talks'], accepted: ['kast_talks'], followUp: 'Ringer KAST själv', onBehalfOf: police ?? null }),
          contact({ ageBand: '15_17', gender: 'not_stated', personRole: 'exposed', placeType: 'social_media', offered: ['support_talk'], accepted: ['support_talk'], followUp: 'Barn: kontakt med Ungdomsjouren samma kväll' }),
        ],
      },
      {
        input: shift({
          kind: 'police_action_week',
          area: 'Hotell och lägenheter i staden (fiktivt), insatsvecka',
          startsAt: at(20, 8),
          endsAt: at(16, 22),
          note: 'Polisens insatsvecka; stödsamtal på plats och uppföljning.',
          participants: [{ organisation: 'police', userId: null, name: 'Polisens insatsledare (fiktiv)', organisationName: 'Polisen, region Exempel' }],
        }),
        contacts: [
          contact({ ageBand: '26_plus', gender: 'woman', personRole: 'exposed', placeType: 'hotel', offered: ['support_talk', 'interpreter', 'medical'], accepted: ['interpreter', 'support_talk'] }),
          contact({ ageBand: '22_25', gender: 'trans', personRole: 'exposed', placeType: 'massage_parlour', offered: ['support_talk', 'protection'], accepted: [], followUp: 'Fick kort med chattens adress' }),
          (police) => contact({ ageBand: 'unknown', gender: 'man', personRole: 'buys', placeType: 'hotel', offered: ['kast_talks'], accepted: [], onBehalfOf: police ?? null }),
        ],
      },
      {
        input: shift({ kind: 'online', area: 'Annonssidor och sociala medier (fiktivt)', startsAt: at(1, 9), endsAt: at(1, 12), note: 'Ett meddelande per annonsör, av en handläggare; inga massutskick.' }),
        contacts: [contact({ ageBand: 'unknown', gender: 'not_stated', personRole: 'exposed', placeType: 'escort_site', offered: ['support_talk'], accepted: [], followUp: 'Svarade att hon hör av sig' })],
      },
    ];
    for (const s of shifts) {
      const id = await insertShift(tx, s.input, worker.id);
      const police = await tx.selectFrom('outreach_participants').select('id').where('shift_id', '=', id).where('organisation', '=', 'police').executeTakeFirst(); // scope: the shift just made
      for (const c of s.contacts) await insertContact(tx, id, worker.id, typeof c === 'function' ? c(police?.id) : c);
    }
    await writeAudit(tx, SYSTEM_ACTOR, { action: 'create', recordType: 'demo_data', purpose: 'demo data', details: { outreachShifts: shifts.length } });
  });
}
