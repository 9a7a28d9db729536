import type { Capability } from '../core/capability.ts';
import { intakeMessages } from './messages.ts';
import * as m0100 from './migrations/0100_intake.ts';
import * as m0101 from './migrations/0101_contact_date_reason.ts';
import * as m0102 from './migrations/0102_reporters_consultations.ts';
import { seedIntakeDemo } from './demo.ts';
import { draftsRule, registerIntakeRoutes } from './routes.ts';
import { registerConcernRoutes } from './concern-routes.ts';
import { registerTransferRoutes } from './transfer-routes.ts';
import { registerConsultationRoutes } from './consultation-routes.ts';

/** Intake: contacts from every channel, routing into a case (through persons and cases), drafts. */
export const intakeCapability: Capability = {
  name: 'intake',
  migrations: { '0100_intake': m0100, '0101_contact_date_reason': m0101, '0102_reporters_consultations': m0102 },
  scopedTables: ['contacts', 'consultations'],
  permissions: ['intake.register'],
  auditPurpose: 'intake',
  /** The purposes its routes record in the audit log, as the log review shows them. */
  auditPurposes: {
    intake: { sv: 'Mottagning', en: 'Intake' },
  },
  /** The fields its audit entries name, as the log review shows them. */
  auditFields: {
    policeReport: { sv: 'Polisanmälan', en: 'Police report' },
    statedAge: { sv: 'Uppgiven ålder', en: 'Stated age' },
    advice: { sv: 'Råd', en: 'Advice' },
    ageGroup: { sv: 'Åldersgrupp', en: 'Age group' },
    askerKind: { sv: 'Vem som frågar', en: 'Who asks' },
    assessmentDue: { sv: 'Bedömning senast', en: 'Assessment due' },
    assignedTo: { sv: 'Handläggare', en: 'Caseworker' },
    barnahus: { sv: 'Barnahus', en: 'Barnahus' },
    case: { sv: 'Ärende', en: 'Case' },
    channel: { sv: 'Kanal', en: 'Channel' },
    concern: { sv: 'Oro', en: 'Concern' },
    concernReport: { sv: 'Orosanmälan', en: 'Report of concern' },
    consent: { sv: 'Samtycke', en: 'Consent' },
    declineReason: { sv: 'Skäl att avböja', en: 'Reason for declining' },
    exploitationTypes: { sv: 'Typ av utnyttjande', en: 'Types of exploitation' },
    feedbackGivenOn: { sv: 'Återkoppling given den', en: 'Feedback given on' },
    feedbackNote: { sv: 'Återkoppling', en: 'Feedback note' },
    givenOn: { sv: 'Givet den', en: 'Given on' },
    kind: { sv: 'Typ', en: 'Kind' },
    name: { sv: 'Namn', en: 'Name' },
    note: { sv: 'Anteckning', en: 'Note' },
    organisation: { sv: 'Organisation', en: 'Organisation' },
    personRole: { sv: 'Personens roll', en: 'Person’s role' },
    personnummer: { sv: 'Personnummer', en: 'Personal identity number' },
    policeReportRef: { sv: 'Polisanmälans diarienummer', en: 'Police report reference' },
    policeReportedOn: { sv: 'Polisanmäld den', en: 'Reported to the police on' },
    protection: { sv: 'Skyddade personuppgifter', en: 'Protected personal data' },
    protectionAssessment: { sv: 'Skyddsbedömning', en: 'Protection assessment' },
    reach: { sv: 'Nåbarhet', en: 'How to reach' },
    reason: { sv: 'Skäl', en: 'Reason' },
    receivedOn: { sv: 'Mottagen den', en: 'Received on' },
    receivedOnReason: { sv: 'Skäl till mottagningsdatum', en: 'Reason for the received date' },
    referral: { sv: 'Hänvisning', en: 'Referral' },
    regionalReferral: { sv: 'Regional hänvisning', en: 'Regional referral' },
    reporter: { sv: 'Anmälare', en: 'Reporter' },
    status: { sv: 'Status', en: 'Status' },
    summary: { sv: 'Sammanfattning', en: 'Summary' },
    text: { sv: 'Text', en: 'Text' },
    toUnit: { sv: 'Till enhet', en: 'To unit' },
    topic: { sv: 'Ämne', en: 'Topic' },
    traffickingIndicators: { sv: 'Indikatorer på människohandel', en: 'Trafficking indicators' },
    transcript: { sv: 'Chattutskrift', en: 'Chat transcript' },
    transfers: { sv: 'Överföringar', en: 'Transfers' },
    unit: { sv: 'Enhet', en: 'Unit' },
    victim: { sv: 'Brottsoffer', en: 'Victim' },
    wantsFeedback: { sv: 'Vill ha återkoppling', en: 'Wants feedback' },
  },
  auditRecordTypes: {
    contact: { sv: 'Kontakt', en: 'Contact' },
    intake_draft: { sv: 'Utkast till kontakt', en: 'Intake draft' },
    contact_reporter: { sv: 'Anmälare/uppgiftslämnare', en: 'Reporter' },
    consultation: { sv: 'Konsultation utan ärende', en: 'Consultation without a case' },
  },
  messages: intakeMessages,
  retentionRules: [draftsRule],
  demo: seedIntakeDemo,
  // Reports of concern and transfers between units follow the routing rules, which are intake's;
  // they are case work, so their audit purpose is the cases capability's.
  routes: (app, deps) => {
    registerConcernRoutes(app);
    registerTransferRoutes(app);
    registerIntakeRoutes(app, deps);
    registerConsultationRoutes(app);
  },
};
