/**
 * The rules of the anonymous chat, without I/O: who goes to which queue, when the chat is open,
 * what a visitor is told about the wait, how fast a connection may send.
 */
export const TARGET_GROUPS = ['selling', 'young', 'buying', 'relative', 'professional'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

/** Buyers' chats go to the KAST queue only: a victim is never answered from the buyers' queue and vice versa. */
export const QUEUES = ['selling', 'young', 'kast', 'relative', 'professional'] as const;
export type Queue = (typeof QUEUES)[number];
export const COUNSEL_QUEUES: readonly Queue[] = ['selling', 'young', 'relative', 'professional'];
export const KAST_QUEUES: readonly Queue[] = ['kast'];

export const CHAT_LANGUAGES = ['sv', 'en'] as const;
export type ChatLanguage = (typeof CHAT_LANGUAGES)[number];

export const TOPICS = ['exploitation', 'sex_for_compensation', 'trafficking', 'violence', 'health', 'housing', 'economy', 'sexual_behaviour', 'concern_for_other', 'other'] as const;
// The age bands are the core's one definition (src/core/age-band.ts).

export const MAX_MESSAGE_LENGTH = 2000;

/**
 * Why a chat ended, as the console shows it: the visitor ended it, left with the quick exit (the
 * counsellor then knows the visitor may not be safe), went away without a word, or the counsellor
 * ended or blocked it.
 */
export const END_REASONS = ['visitor_ended', 'quick_exit', 'visitor_left', 'counsellor', 'blocked'] as const;
export type EndReason = (typeof END_REASONS)[number];

export function queueFor(group: TargetGroup): Queue {
  return group === 'buying' ? 'kast' : group;
}

/** A transfer may not move a chat between the buyers' queue and the others' queues. */
export function transferAllowed(from: Queue, to: Queue): boolean {
  return (from === 'kast') === (to === 'kast');
}

export interface OpeningHours {
  /** ISO weekday 1 (Monday) … 7 (Sunday), local times 'HH:MM'; '24:00' closes at midnight. */
  weekday: number;
  opens: string;
  closes: string;
}

// Swedish local time lives in the core now (shared with booking); the chat's names stay.
import { isChildBand, type AgeBand } from '../core/age-band.ts';
import { localTime, minutesOf, STOCKHOLM, swedishDate } from '../core/time/stockholm.ts';
export { localTime, minutesOf, swedishDate };
export const CHAT_TIME_ZONE = STOCKHOLM;

export function isOpen(hours: readonly OpeningHours[], now: Date, timeZone = CHAT_TIME_ZONE): boolean {
  const { weekday, minute } = localTime(now, timeZone);
  return hours.some((h) => h.weekday === weekday && minute >= minutesOf(h.opens) && minute < minutesOf(h.closes));
}

/** Weekly hours of one queue, or of every queue ('*') when the queue has none of its own. */
export interface QueueHours extends OpeningHours {
  queue: string;
}
export const EVERY_QUEUE = '*';

/** A day that differs from the week (a public holiday, midsummer eve, a training day): closed, or other hours. */
export interface HoursException {
  /** The Swedish calendar date, YYYY-MM-DD. */
  date: string;
  /** The queue it applies to, or every queue ('*'). */
  queue: string;
  /** Null: closed all day. */
  opens: string | null;
  closes: string | null;
}

/** The weekly hours that apply to a queue: its own when it has any, else those of every queue. */
export function hoursOfQueue(hours: readonly QueueHours[], queue: string): QueueHours[] {
  const own = hours.filter((h) => h.queue === queue);
  return own.length ? own : hours.filter((h) => h.queue === EVERY_QUEUE);
}

/**
 * Whether a queue is open at an instant, in Swedish local time (summer time included): an exception
 * for the queue on that date decides, else one for every queue, else the queue's weekly hours.
 */
export function isQueueOpen(queue: string, hours: readonly QueueHours[], exceptions: readonly HoursException[], now: Date, timeZone = CHAT_TIME_ZONE): boolean {
  const date = swedishDate(now, timeZone);
  const exception = exceptions.find((x) => x.date === date && x.queue === queue) ?? exceptions.find((x) => x.date === date && x.queue === EVERY_QUEUE);
  if (exception) {
    if (!exception.opens || !exception.closes) return false;
    const { minute } = localTime(now, timeZone);
    return minute >= minutesOf(exception.opens) && minute < minutesOf(exception.closes);
  }
  return isOpen(hoursOfQueue(hours, queue), now, timeZone);
}

/**
 * Where to turn when the chat is closed, by the visitor's group: 112 always first; the national
 * lines that answer around the clock or most of it. Phone numbers as they are dialled in Sweden.
 */
export const WHERE_TO_TURN: Record<TargetGroup, ReadonlyArray<'emergency' | 'kvinnofridslinjen' | 'bris' | 'preventell' | 'police'>> = {
  selling: ['emergency', 'kvinnofridslinjen', 'police'],
  young: ['emergency', 'bris', 'kvinnofridslinjen'],
  buying: ['emergency', 'preventell'],
  relative: ['emergency', 'kvinnofridslinjen', 'bris', 'police'],
  professional: ['emergency', 'kvinnofridslinjen', 'bris', 'police'],
};


/**
 * Whether an escalation may go to a unit of this kind. A visitor under 18 goes to the children's
 * unit whatever the queue; a buyer (18+) to KAST; an adult who is exposed, a relative or a
 * professional to the adult unit. With the age unknown, the young person's queue goes to the
 * children's unit, and otherwise both the children's and the adult unit (or KAST for buyers) fit.
 */
export function escalationTargetProblem(visitor: { targetGroup: string; ageBand: AgeBand }, unitKind: string): 'unitDoesNotFitVisitor' | null {
  return escalationTargetKinds(visitor).includes(unitKind) ? null : 'unitDoesNotFitVisitor';
}
export function escalationTargetKinds(visitor: { targetGroup: string; ageBand: AgeBand }): string[] {
  const child = isChildBand(visitor.ageBand);
  if (child) return ['children'];
  const buyer = visitor.targetGroup === 'buying';
  if (visitor.ageBand === 'unknown') return visitor.targetGroup === 'young' ? ['children'] : buyer ? ['kast', 'children'] : ['adult', 'children'];
  return buyer ? ['kast'] : ['adult'];
}

/** An escalation nobody took into a case within this many days expires and is deleted with its chat. */
export const ESCALATION_EXPIRY_DAYS = 14;
export function isEscalationExpired(e: { status: string; createdAt: Date }, now: Date, days = ESCALATION_EXPIRY_DAYS): boolean {
  return e.status === 'awaiting_intake' && e.createdAt.getTime() < now.getTime() - days * 86_400_000;
}

/** The visitor may withdraw the consent until the escalation is taken into a case. */
export function consentWithdrawalProblem(escalation: { status: string } | null | undefined): 'escalationAlreadyTaken' | null {
  return escalation?.status === 'taken_into_case' ? 'escalationAlreadyTaken' : null;
}

/**
 * What a waiting visitor is told: their place and a rough wait from how many counsellors serve
 * the queue and how long chats usually last. Never zero when there is a queue, never a promise.
 */
export function expectedWaitMinutes(position: number, counsellorsOnDuty: number, averageChatMinutes = 20): number | null {
  if (counsellorsOnDuty <= 0) return null;
  if (position <= 0) return 0;
  return Math.max(1, Math.ceil((position * averageChatMinutes) / (counsellorsOnDuty * 2)));
}

/** A token bucket per connection: `burst` frames at once, then `perSecond` a second. */
export class RateLimiter {
  private tokens: number;
  private last: number;
  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }
  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A code a person can read aloud and type: no 0/O or 1/I, grouped by four. */
export function formatCode(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return out.match(/.{1,4}/g)!.join('-');
}

/** Accepts what a person types: lower case, spaces or no dashes. */
export function normaliseCode(input: string): string {
  const clean = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return clean.match(/.{1,4}/g)?.join('-') ?? '';
}

/** What the chat itself says to both sides, in the visitor's language. */
export const SYSTEM_TEXTS = {
  sv: {
    joined: 'En rådgivare har anslutit till chatten.',
    counsellorLost: 'Rådgivaren tappade anslutningen. Du är tillbaka i kön och får hjälp av nästa lediga rådgivare.',
    transferredQueue: 'Chatten har flyttats till en annan kö. Du behåller din plats.',
    transferredColleague: 'En annan rådgivare tar över chatten.',
    ended: 'Rådgivaren har avslutat chatten. Välkommen tillbaka när du vill.',
    consent: 'Besökaren har samtyckt till att fortsätta med en identifierad kontakt.',
    escalated: 'Chatten lämnas över till en handläggare som kontaktar dig enligt det ni kommit överens om.',
    consentWithdrawn: 'Besökaren har tagit tillbaka sitt samtycke. Chatten lämnas inte över.',
  },
  en: {
    joined: 'A counsellor has joined the chat.',
    counsellorLost: 'The counsellor lost the connection. You are back in the queue and the next free counsellor will help you.',
    transferredQueue: 'The chat has moved to another queue. You keep your place.',
    transferredColleague: 'Another counsellor is taking over the chat.',
    ended: 'The counsellor has ended the chat. You are welcome back any time.',
    consent: 'The visitor has consented to continue with an identified contact.',
    escalated: 'The chat is handed over to a caseworker who will contact you as you agreed.',
    consentWithdrawn: 'The visitor has withdrawn the consent. The chat is not handed over.',
  },
} as const;

export type SystemText = keyof (typeof SYSTEM_TEXTS)['sv'];

export function systemText(language: string, key: SystemText): string {
  return SYSTEM_TEXTS[language === 'en' ? 'en' : 'sv'][key];
}

/** The words the visitor agrees to; stored as shown, with the consent. */
export const CONSENT_TEXT = {
  sv: 'Jag vill fortsätta med en identifierad kontakt hos socialtjänsten. Jag samtycker till att den här chatten sparas och lämnas över till en handläggare som öppnar ett ärende.',
  en: 'I want to continue with an identified contact at the social services. I consent to this chat being kept and handed over to a caseworker who opens a case.',
} as const;

const SENDER_LABEL: Record<string, string> = { visitor: 'Besökare', counsellor: 'Rådgivare', system: 'System' };

/**
 * The transcript as it goes into the case journal when the person has consented to continue as an
 * identified contact: the consent first, then each message (internal notes never).
 */
export function transcriptForCase(consent: { text: string; givenAt: Date }, messages: ReadonlyArray<{ sender: string; body: string; at: Date }>): string {
  const stamp = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const lines = messages.filter((m) => m.sender !== 'note').map((m) => `[${stamp(m.at)}] ${SENDER_LABEL[m.sender] ?? m.sender}: ${m.body}`);
  return [`Chattutskrift, överförd med samtycke givet ${stamp(consent.givenAt)}.`, `Samtycke: ”${consent.text}”`, '', ...lines].join('\n');
}

/** A directory entry a canned answer points at: its public name and how to reach it. */
export interface CannedEntry {
  name: string;
  phone: string | null;
  email: string | null;
  web: string | null;
  address: string | null;
  openingHours: string;
}

const REACH_WORDS = {
  sv: { phone: 'telefon', email: 'e-post', web: 'webb', address: 'adress', open: 'Öppet' },
  en: { phone: 'phone', email: 'email', web: 'web', address: 'address', open: 'Open' },
} as const;

/**
 * The text a canned answer inserts into a reply: its body, then (when it points at a directory
 * entry) the entry's public name and the ways to reach it, in the answer's language.
 * "Ring oss." + Stödlinjen → "Ring oss.\n\nStödlinjen: telefon 020-000 00 00, webb https://…. Öppet: dygnet runt."
 */
export function cannedText(body: string, entry: CannedEntry | null, language: string): string {
  if (!entry) return body;
  const w = REACH_WORDS[language === 'en' ? 'en' : 'sv'];
  const ways = [entry.phone && `${w.phone} ${entry.phone}`, entry.email && `${w.email} ${entry.email}`, entry.web && `${w.web} ${entry.web}`, entry.address && `${w.address} ${entry.address}`].filter(Boolean).join(', ');
  const hours = entry.openingHours.trim() ? ` ${w.open}: ${entry.openingHours.trim().replace(/\.$/, '')}.` : '';
  return `${body}\n\n${entry.name}${ways ? `: ${ways}` : ''}.${hours}`;
}
