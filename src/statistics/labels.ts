import { AGE_BAND_LABELS } from '../core/age-band.ts';
import type { Label } from '../core/capability.ts';
import { parseTrainingCategory, type Indicator } from './rules.ts';

/**
 * The names and written-out definitions of the indicators, and the labels of their categories, in
 * both languages: the dashboard, the annual compilation (HTML, PDF, CSV) and the crime picture use
 * these, so a figure means the same wherever it is read.
 */
export const INDICATOR_LABELS: Record<Indicator, { title: Label; definition: Label }> = {
  new_cases_by_month: {
    title: { sv: 'Nya ärenden per månad', en: 'New cases per month' },
    definition: { sv: 'Ärenden som öppnades under månaden (svensk tid), i den enhet som öppnade dem.', en: 'Cases opened in the month (Swedish time), in the unit that opened them.' },
  },
  age_band: {
    title: { sv: 'Ålder när ärendet öppnades', en: 'Age when the case opened' },
    definition: {
      sv: 'Personens ålder den dag kontakten kom, enligt kommunens enda indelning (0–14, 15–17, 18–21, 22–25, 26+). Är åldern osäker räknas den lägsta troliga åldern. Uppgiften sparas när ärendet öppnas och ändras inte när personen blir äldre.',
      en: 'The person’s age on the day of the contact, in the municipality’s one set of bands (0–14, 15–17, 18–21, 22–25, 26+). When the age is uncertain the youngest plausible age counts. Kept when the case opens; it does not change as the person grows older.',
    },
  },
  gender: {
    title: { sv: 'Kön', en: 'Gender' },
    definition: { sv: 'Kön enligt personuppgifterna när ärendet öppnades.', en: 'Gender as recorded when the case opened.' },
  },
  role: {
    title: { sv: 'Roll', en: 'Role' },
    definition: {
      sv: 'Personens roll i ärendet: utsatt, köper sex, utnyttjar andra (räknas för sig), anhörig eller yrkesperson.',
      en: 'The person’s role in the case: exposed, buys sex, exploits others (counted separately), relative or professional.',
    },
  },
  channel: {
    title: { sv: 'Kanal för första kontakten', en: 'Channel of the first contact' },
    definition: { sv: 'Hur kontakten som ledde till ärendet kom in.', en: 'How the contact that led to the case came in.' },
  },
  exploitation_type: {
    title: { sv: 'Typ av exploatering', en: 'Type of exploitation' },
    definition: { sv: 'Ett ärende kan ha flera typer; summan av raderna kan därför vara större än antalet ärenden.', en: 'A case may have several types, so the rows may add up to more than the cases.' },
  },
  risk_factor: {
    title: { sv: 'Riskfaktorer', en: 'Risk factors' },
    definition: { sv: 'Riskfaktorer registrerade på personen när ärendet öppnades (en ögonblicksbild). Ett ärende kan ha flera.', en: 'Risk factors recorded on the person when the case opened (a snapshot). A case may have several.' },
  },
  trafficking_indicator: {
    title: { sv: 'Indikatorer på människohandel', en: 'Trafficking indicators' },
    definition: { sv: 'Indikatorer markerade i ärenden som öppnades under perioden. Ett ärende kan ha flera.', en: 'Indicators marked in cases opened in the period. A case may have several.' },
  },
  referrals: {
    title: { sv: 'Hänvisningar', en: 'Referrals' },
    definition: {
      sv: 'Hänvisningar till Barnahus och till den regionala samordnaren mot människohandel räknas på det datum de gjordes. Ärenden med indikatorer på människohandel räknas bland ärenden som öppnades under perioden.',
      en: 'Referrals to Barnahus and to the regional coordinator against trafficking are counted on the date they were made. Cases with trafficking indicators are counted among the cases opened in the period.',
    },
  },
  exit_plans: {
    title: { sv: 'Planer för en väg ut (SIP)', en: 'Exit plans (SIP)' },
    definition: { sv: 'Påbörjade: skapade under perioden. Aktiva: påbörjade före periodens slut och inte avslutade då. Hur planerna avslutades visas i nästa tabell.', en: 'Started: created in the period. Active: started before the end of the period and not ended by then. How plans ended is shown in the next table.' },
  },
  exit_plan_endings: {
    title: { sv: 'Avslutade planer och hur de avslutades', en: 'Plans ended and how' },
    definition: {
      sv: 'Planer som avslutades under perioden, efter skälet som angavs när planen avslutades (summan är alla avslutade planer). Planer avslutade innan skälet registrerades räknas som ”ej angivet”.',
      en: 'Plans ended in the period, by the reason given when the plan was closed (the total is every plan ended). Plans closed before reasons were recorded count as “not recorded”.',
    },
  },
  questioning: {
    title: { sv: 'Rutinmässiga frågor', en: 'Routine questioning' },
    definition: {
      sv: 'Nya ärenden, de där frågorna ställdes (varje fråga som räknas besvarad eller avböjd; ej ställd räknas inte) och de där personen svarade ja på frågan om sex mot ersättning.',
      en: 'New cases, those in which the questions were asked (each counted question answered or declined; not asked does not count), and those answering yes to the question about sex for compensation.',
    },
  },
  training: {
    title: { sv: 'Utbildningstäckning', en: 'Training coverage' },
    definition: {
      sv: 'Per obligatorisk utbildning: personal i enheten periodens sista dag med en roll som kräver utbildningen, och hur många av dem som har en giltig genomförd utbildning den dagen (inte förfallen för förnyelse). Visas bredvid frågetäckningen.',
      en: 'Per required training: staff of the unit on the period’s last day holding a role the training is required for, and how many of them have a valid completion on that day (not due for renewal). Shown beside the questioning coverage.',
    },
  },
  outreach: {
    title: { sv: 'Uppsökande arbete', en: 'Outreach' },
    definition: {
      sv: 'Pass som började under perioden, i den enhet som planerade dem, och kontakterna under dessa pass: kontakter, kontakter som fick ett erbjudande och som tackade ja till något, samt varje erbjudande som gavs och som accepterades (en kontakt kan få flera).',
      en: 'Shifts starting in the period, in the unit that planned them, and the contacts on those shifts: contacts, contacts offered something and contacts accepting something, and each offer made and accepted (a contact may get several).',
    },
  },
  chat_volume: {
    title: { sv: 'Chatten: volym och väntetid', en: 'The chat: volume and waiting time' },
    definition: {
      sv: 'Chattar per dag sparade som antal innan utskrifterna gallras efter 30 dagar. Väntetid från kön till att en rådgivare tog chatten. Chatten är anonym och räknas för hela kommunen.',
      en: 'Chats per day kept as counts before the transcripts are deleted after 30 days. Waiting time from the queue to a counsellor taking the chat. The chat is anonymous and counted for the whole municipality.',
    },
  },
  chat_outcome: {
    title: { sv: 'Chatten: ämnen', en: 'The chat: topics' },
    definition: { sv: 'Ämnet rådgivaren klassade avslutade chattar efter.', en: 'The topic the counsellor classified ended chats by.' },
  },
  ads: {
    title: { sv: 'Annonser på nätet', en: 'Online ads' },
    definition: {
      sv: 'Aktiva annonser: sedda de senaste 30 dagarna. Troliga annonsörer: grupper av annonser som troligen är samma annonsör. Nya annonsörer: först sedda under perioden.',
      en: 'Active ads: seen in the last 30 days. Probable posters: groups of ads probably placed by the same poster. New posters: first seen in the period.',
    },
  },
};


const CATEGORY_LABELS: Record<string, Label> = {
  ...AGE_BAND_LABELS,
  woman: { sv: 'Kvinna', en: 'Woman' },
  man: { sv: 'Man', en: 'Man' },
  trans: { sv: 'Transperson', en: 'Trans person' },
  non_binary: { sv: 'Icke-binär', en: 'Non-binary' },
  other: { sv: 'Annat', en: 'Other' },
  not_stated: { sv: 'Ej angivet', en: 'Not stated' },
  exposed: { sv: 'Utsatt', en: 'Exposed' },
  buys: { sv: 'Köper sex', en: 'Buys sex' },
  exploits: { sv: 'Utnyttjar andra', en: 'Exploits others' },
  relative: { sv: 'Anhörig', en: 'Relative' },
  professional: { sv: 'Yrkesperson', en: 'Professional' },
  barnahus: { sv: 'Hänvisade till Barnahus', en: 'Referred to Barnahus' },
  regional_coordinator: { sv: 'Hänvisade till regional samordnare', en: 'Referred to the regional coordinator' },
  with_trafficking_indicators: { sv: 'Nya ärenden med indikatorer på människohandel', en: 'New cases with trafficking indicators' },
  started: { sv: 'Påbörjade', en: 'Started' },
  active: { sv: 'Aktiva', en: 'Active' },
  ended: { sv: 'Avslutade', en: 'Ended' },
  goals_reached: { sv: 'Målen är nådda', en: 'Goals reached' },
  person_declined: { sv: 'Personen avböjde fortsatt stöd', en: 'The person declined further support' },
  contact_lost: { sv: 'Kontakten bröts', en: 'Contact was lost' },
  moved: { sv: 'Flyttade från kommunen', en: 'Moved out of the municipality' },
  handed_over: { sv: 'Överlämnad till annan huvudman', en: 'Handed over to another organisation' },
  returned_home_country: { sv: 'Återvände till hemlandet', en: 'Returned to their home country' },
  not_recorded: { sv: 'Ej angivet', en: 'Not recorded' },
  new_cases: { sv: 'Nya ärenden', en: 'New cases' },
  asked: { sv: 'Frågorna ställda', en: 'Questions asked' },
  answered_yes: { sv: 'Svarade ja', en: 'Answered yes' },
  live_chats: { sv: 'Chattar', en: 'Chats' },
  offline_chats: { sv: 'Meddelanden utanför öppettid', en: 'Offline messages' },
  answered: { sv: 'Besvarade', en: 'Answered' },
  unanswered: { sv: 'Obesvarade (lämnade kön)', en: 'Unanswered (left the queue)' },
  waited_under_1_min: { sv: 'Väntade under 1 minut', en: 'Waited under 1 minute' },
  waited_1_5_min: { sv: 'Väntade 1–5 minuter', en: 'Waited 1–5 minutes' },
  waited_5_15_min: { sv: 'Väntade 5–15 minuter', en: 'Waited 5–15 minutes' },
  waited_over_15_min: { sv: 'Väntade över 15 minuter', en: 'Waited over 15 minutes' },
  referral_given: { sv: 'Hänvisning given', en: 'Referral given' },
  active_ads: { sv: 'Aktiva annonser', en: 'Active ads' },
  probable_posters: { sv: 'Troliga annonsörer', en: 'Probable posters' },
  new_posters: { sv: 'Nya troliga annonsörer', en: 'New probable posters' },
  sex_for_compensation: { sv: 'Sex mot ersättning', en: 'Sex for compensation' },
  trafficking: { sv: 'Människohandel', en: 'Trafficking' },
  online_exploitation: { sv: 'Exploatering på nätet', en: 'Online exploitation' },
  pornography: { sv: 'Pornografi', en: 'Pornography' },
  grooming: { sv: 'Grooming', en: 'Grooming' },
  unknown: { sv: 'Okänt', en: 'Unknown' },
  shifts: { sv: 'Pass', en: 'Shifts' },
  contacts: { sv: 'Kontakter', en: 'Contacts' },
  contacts_offered: { sv: 'Kontakter som fick ett erbjudande', en: 'Contacts offered something' },
  contacts_accepted: { sv: 'Kontakter som tackade ja', en: 'Contacts accepting something' },
};

/** The offers of outreach (src/outreach/rules.ts OFFERS). */
const OFFER_LABELS: Record<string, Label> = {
  support_talk: { sv: 'stödsamtal', en: 'support talk' },
  protection: { sv: 'skydd', en: 'protection' },
  shelter: { sv: 'boende', en: 'shelter' },
  medical: { sv: 'vård', en: 'medical care' },
  interpreter: { sv: 'tolk', en: 'interpreter' },
  kast_talks: { sv: 'KAST-samtal (köpare)', en: 'KAST talks (buyers)' },
};

const TRAINING_PARTS: Record<'staff' | 'trained', Label> = {
  staff: { sv: 'personal som ska ha den', en: 'staff required to have it' },
  trained: { sv: 'utbildade', en: 'trained' },
};

/** A category's label; a code without one is shown readable (underscores as spaces). */
export function categoryLabel(category: string, lang: 'sv' | 'en'): string {
  const training = parseTrainingCategory(category);
  if (training) return `${training.title}: ${TRAINING_PARTS[training.what][lang]}`;
  const offer = /^(offered|accepted):(.+)$/.exec(category);
  if (offer) {
    const what = OFFER_LABELS[offer[2]!]?.[lang] ?? offer[2]!.replace(/_/g, ' ');
    return offer[1] === 'offered' ? `${lang === 'sv' ? 'Erbjudet' : 'Offered'}: ${what}` : `${lang === 'sv' ? 'Accepterat' : 'Accepted'}: ${what}`;
  }
  return CATEGORY_LABELS[category]?.[lang] ?? category.replace(/_/g, ' ');
}

/** The column of figures for the whole municipality (chat, ads). */
export const WHOLE_MUNICIPALITY: Label = { sv: 'Hela kommunen', en: 'Whole municipality' };
export const TOTAL: Label = { sv: 'Totalt', en: 'Total' };
