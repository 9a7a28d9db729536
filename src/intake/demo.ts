import { sql } from 'kysely';
import { SYSTEM_ACTOR, writeAudit } from '../core/audit-log/audit.ts';
import type { Db, Tx } from '../core/db/database.ts';
import type { CaseStatus, PersonRole } from '../cases/rules.ts';
import { addStep, insertDecision, insertJournal } from '../cases/store.ts';
import type { z } from 'zod';
import { PersonIn } from '../persons/schema.ts';
import { createOrFindPerson } from '../persons/store.ts';
import { bundledSets, insertAnswers, syncBundledSets } from '../questions/store.ts';
import { ageGroupOf, ageRange, type Channel } from './rules.ts';
import { openCaseForContact } from './service.ts';
import { insertContact, insertReporter } from './store.ts';
import type { ReporterIn } from './schema.ts';

interface DemoCase {
  worker: string;
  channel: Channel;
  receivedOn: string;
  role: PersonRole;
  statedAge: number | null;
  /** As registered, without a personnummer; the contract's defaults fill in the rest. */
  person: Omit<z.input<typeof PersonIn>, 'personnummer'>;
  summary: string;
  exploitation?: string[];
  indicators?: string[];
  steps?: CaseStatus[];
  journal?: string[];
  decisions?: Array<{ supportType: string; outcome: 'granted' | 'refused'; refusalGround?: string; reasoning: string }>;
  asked?: boolean;
  /** Someone else who reported the contact (fictional). */
  reporter?: ReporterIn;
  /** The person's district, by name (see the organisation's demo districts). */
  district?: string;
  /** A report of concern whose protection assessment was made, by the worker, on the day. */
  protectionAssessed?: boolean;
  /** Feedback given to the professional reporter on this date. */
  feedbackOn?: string;
}

// Every person here is invented; names, places and stories are fictional.
const DEMO_CASES: DemoCase[] = [
  {
    worker: 'handlaggare',
    channel: 'phone',
    receivedOn: '2026-09-02',
    role: 'exposed',
    statedAge: null,
    person: { identityMode: 'identified', name: 'Mira Exempelsdotter', birthYear: 1994, gender: 'woman', languages: ['sv', 'en'], riskFactors: ['homelessness'] },
    summary: 'Ringde själv efter att ha sett kommunens hjälpsida. Har sex mot ersättning för att ha någonstans att sova.',
    exploitation: ['sex_for_compensation'],
    steps: ['initial_assessment', 'investigation', 'decisions'],
    journal: ['Första samtalet. Mira vill ha hjälp med boende och försörjning.', 'Besök på mottagningen. Vi gick igenom frågorna till alla tillsammans.'],
    decisions: [
      { supportType: 'economic_aid', outcome: 'granted', reasoning: 'Saknar inkomst under utredningstiden.' },
      { supportType: 'support_talks', outcome: 'granted', reasoning: 'Önskar regelbundna stödsamtal.' },
    ],
    asked: true,
  },
  {
    worker: 'handlaggare',
    channel: 'police',
    receivedOn: '2026-10-14',
    role: 'exposed',
    statedAge: 23,
    person: { identityMode: 'pseudonymous', pseudonym: 'Lina', gender: 'woman', languages: ['ro'], interpreterNeeded: true, citizenship: 'Rumänien', euCitizen: true, riskFactors: ['migration'] },
    summary: 'Påträffad under polisens insatsvecka. Vet inte adressen där hon bor, någon annan har hennes pass.',
    exploitation: ['trafficking', 'sex_for_compensation'],
    indicators: ['documents_held_by_others', 'does_not_know_address', 'recently_arrived'],
    journal: ['Samtal med tolk. Lina vill fundera på kontakt med regionkoordinatorn.'],
  },
  {
    worker: 'handlaggare',
    channel: 'healthcare',
    receivedOn: '2026-10-20',
    role: 'exposed',
    statedAge: 31,
    person: { identityMode: 'identified', name: 'Sanna Påhittad', gender: 'woman', protection: 'skyddad_folkbokforing', address: 'Fiktiva vägen 1, 000 00 Ingenstans', phone: '070-000 00 01' },
    summary: 'Hänvisad från Ebbamottagningen (fiktiv kontakt). Skyddad folkbokföring.',
    exploitation: ['online_exploitation'],
    steps: ['initial_assessment'],
  },
  {
    worker: 'handlaggare',
    channel: 'own_contact',
    receivedOn: '2026-02-03',
    role: 'exposed',
    statedAge: 40,
    person: { identityMode: 'pseudonymous', pseudonym: 'Kim', gender: 'non_binary' },
    summary: 'Sökte stöd för att lämna prostitution.',
    exploitation: ['sex_for_compensation'],
    steps: ['initial_assessment', 'investigation', 'decisions', 'follow_up', 'closed'],
    journal: ['Planen följd upp. Kim har egen bostad och arbete och vill avsluta kontakten.'],
    decisions: [{ supportType: 'long_term_housing', outcome: 'granted', reasoning: 'Behöver långsiktigt boende för att kunna lämna.' }],
    asked: true,
  },
  {
    worker: 'bou',
    channel: 'street_outreach',
    receivedOn: '2026-10-30',
    role: 'exposed',
    statedAge: 16,
    person: { identityMode: 'anonymous', gender: 'woman' },
    summary: 'Träffad vid uppsök. Säger att hon gör det frivilligt. Ett barn kan inte samtycka.',
    exploitation: ['sex_for_compensation', 'grooming'],
  },
  {
    worker: 'bou',
    channel: 'concern_report',
    receivedOn: '2026-09-20',
    role: 'exposed',
    statedAge: 14,
    person: { identityMode: 'anonymous', gender: 'man' },
    summary: 'Orosanmälan från skolan: pojken har fått pengar för bilder på nätet.',
    exploitation: ['online_exploitation'],
    reporter: { kind: 'school', name: 'Kim Kurator (fiktiv)', organisation: 'Exempelskolan (fiktiv)', reach: '000-000 00 00', wantsFeedback: true },
    district: 'Norra stadsdelen (fiktiv)',
    protectionAssessed: true,
    feedbackOn: '2026-09-25',
  },
  {
    worker: 'handlaggare',
    channel: 'relative',
    receivedOn: '2026-11-02',
    role: 'exposed',
    statedAge: 19,
    person: { identityMode: 'pseudonymous', pseudonym: 'Noor', gender: 'woman', residenceStatus: 'permit', riskFactors: ['gang_environment'] },
    summary: 'Storasystern ringde: orolig för att Noor säljer sex åt någon i ett gäng. Noor vet inte om samtalet ännu.',
    exploitation: ['sex_for_compensation'],
    reporter: { kind: 'relative', name: 'Storasyster (fiktiv)', organisation: null, reach: null, wantsFeedback: false },
    district: 'Norra stadsdelen (fiktiv)',
  },
  {
    worker: 'kast',
    channel: 'own_contact',
    receivedOn: '2026-10-05',
    role: 'buys',
    statedAge: 45,
    person: { identityMode: 'pseudonymous', pseudonym: 'Per', gender: 'man' },
    summary: 'Kontaktade KAST efter insatsveckan. Vill ha samtal om sitt sexköp.',
    steps: ['initial_assessment'],
    journal: ['Första samtalet på KAST-mottagningen (dag utan besök från utsatta).'],
  },
];

async function seedOne(tx: Tx, d: DemoCase, users: Map<string, string>, units: Map<string, string>) {
  const userId = users.get(d.worker)!;
  const districtId = d.district ? ((await tx.selectFrom('districts').select('id').where('name', '=', d.district).executeTakeFirst())?.id ?? null) : null;
  const person = await createOrFindPerson(tx, { ...PersonIn.parse({ ...d.person, districtId }), personnummer: null });
  const ageGroup = ageGroupOf(ageRange({ birthYear: d.person.birthYear ?? null, statedAge: d.statedAge }, new Date(`${d.receivedOn}T12:00:00Z`)));
  const contact = {
    channel: d.channel,
    receivedOn: d.receivedOn,
    registeredBy: userId,
    registeredUnitId: units.get(d.worker) ?? null,
    personId: person.id,
    personRole: d.role,
    ageGroup,
    summary: d.summary,
    statedConsent: null,
    exploitationTypes: d.exploitation ?? [],
    traffickingIndicators: d.indicators ?? [],
  };
  const contactId = await insertContact(tx, { ...contact, statedAge: d.statedAge });
  if (d.reporter) await insertReporter(tx, contactId, d.reporter);
  const { case: c } = await openCaseForContact(tx, { id: contactId, ...contact, hasReporter: !!d.reporter, districtId }, { id: userId, unitIds: [units.get(d.worker)!] }, null);
  if (!c) throw new Error(`demo: several units fit ${d.summary}`);
  if (d.protectionAssessed) {
    await tx
      .updateTable('cases')
      .set({ protection_assessed_at: new Date(`${d.receivedOn}T11:00:00Z`), protection_assessed_by: userId, protection_outcome: 'no_immediate_need', protection_note: 'Fiktiv: bor hos en förälder, inget akut skyddsbehov i dag.' })
      .where('id', '=', c.id)
      .execute();
  }
  if (d.feedbackOn) await tx.updateTable('contact_reporters').set({ feedback_given_on: d.feedbackOn, feedback_given_by: userId, feedback_note: 'Fiktiv: skolan informerad om att en utredning inleds.' }).where('contact_id', '=', contactId).execute();
  await tx.updateTable('cases').set({ opened_at: new Date(`${d.receivedOn}T09:00:00Z`) }).where('id', '=', c.id).execute();
  for (const text of d.journal ?? []) {
    const e = await insertJournal(tx, { caseId: c.id, entryDate: d.receivedOn, text, authorId: userId, correctsId: null });
    await tx.updateTable('journal_entries').set({ signed_at: new Date(`${d.receivedOn}T15:00:00Z`) }).where('id', '=', e.id).execute();
  }
  if (d.asked) {
    const set = bundledSets().find((s) => s.key === 'utvag-standard')!;
    const answers = Object.fromEntries(set.questions.map((q) => [q.id, q.id.startsWith('sex_for_compensation') ? 'yes' : 'declined']));
    await insertAnswers(tx, { caseId: c.id, setKey: set.key, setVersion: set.version, answers, followUps: [], countsAsAsked: true, askedBy: userId });
  }
  for (const status of d.steps ?? []) {
    if (status === 'closed') {
      for (const dec of d.decisions ?? []) await insertDecision(tx, { caseId: c.id, ...dec, refusalGround: dec.refusalGround ?? null, decidedBy: userId });
    }
    await addStep(tx, c.id, status, userId, null);
    await tx.updateTable('cases').set({ status, ...(status === 'closed' && { closed_at: sql`now()` as unknown as Date }) }).where('id', '=', c.id).execute();
  }
  if (!d.steps?.includes('closed')) for (const dec of d.decisions ?? []) await insertDecision(tx, { caseId: c.id, ...dec, refusalGround: dec.refusalGround ?? null, decidedBy: userId });
}

/**
 * Fictional contacts, persons and the cases they became in the demo units: adults, children, a
 * protected person, a buyer at KAST — registered and routed as intake does, then worked on
 * (journal, decisions, answers to the questions for everyone). Intake's, because it is the
 * capability that uses the others (persons, cases, questions) and none of them uses it.
 */
export async function seedIntakeDemo(db: Db): Promise<void> {
  await syncBundledSets(db);
  await db.transaction().execute(async (tx) => {
    const rows = await tx.selectFrom('users as u').innerJoin('user_roles as r', 'r.user_id', 'u.id').select(['u.username', 'u.id', 'r.unit_id']).where('u.username', 'in', ['handlaggare', 'bou', 'kast']).execute();
    const users = new Map(rows.map((r) => [r.username, r.id]));
    const units = new Map(rows.map((r) => [r.username, r.unit_id!]));
    if (users.size < 3) return;
    for (const d of DEMO_CASES) await seedOne(tx, d, users, units);
    await writeAudit(tx, SYSTEM_ACTOR, { action: 'create', recordType: 'demo_data', purpose: 'demo data', details: { cases: DEMO_CASES.length } });
  });
}
