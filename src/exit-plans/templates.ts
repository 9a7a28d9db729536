/**
 * Templates for the exits the seeds name: the actors and measures a plan usually needs, with their
 * order over months and their dependencies. A template proposes; the coordinator adds each
 * measure once its actor has consent. Titles are the plan's data (Swedish, as written with the person).
 */
import type { ActorKind } from '../consents/rules.ts';
import type { MeasureKind } from './rules.ts';

export interface TemplateMeasure {
  key: string;
  actor: ActorKind;
  kind: MeasureKind;
  title: string;
  /** Months after the plan starts; how long it is planned to run. */
  startMonth: number;
  months: number;
  dependsOn: string[];
}

export interface PlanTemplate {
  key: string;
  /** Where the template comes from in the seeds. */
  source: string;
  measures: TemplateMeasure[];
}

export const PLAN_TEMPLATES: readonly PlanTemplate[] = [
  {
    key: 'child_barnahus',
    source: '003 (Göteborg): barn utsatta för sexuell exploatering får samordnade insatser via Barnahus',
    measures: [
      { key: 'barnahus', actor: 'barnahus', kind: 'barnahus', title: 'Samråd och stöd via Barnahus (även utan polisanmälan)', startMonth: 0, months: 3, dependsOn: [] },
      { key: 'protection', actor: 'social_services', kind: 'protected_housing', title: 'Skydd och placering vid behov', startMonth: 0, months: 6, dependsOn: [] },
      { key: 'trauma', actor: 'healthcare', kind: 'trauma_treatment', title: 'Traumabehandling (BUP)', startMonth: 1, months: 12, dependsOn: ['barnahus'] },
      { key: 'school', actor: 'other', kind: 'school', title: 'Skolgång och stöd i skolan', startMonth: 1, months: 12, dependsOn: ['protection'] },
    ],
  },
  {
    key: 'relocation_kompotten',
    source: '004 (Stockholm): Kompotten, flytt till annan kommun vid allvarlig hotbild, och hjälp med myndighetskontakter',
    measures: [
      { key: 'threat', actor: 'police', kind: 'police_report', title: 'Hotbedömning och polisanmälan', startMonth: 0, months: 1, dependsOn: [] },
      { key: 'protected_housing', actor: 'social_services', kind: 'protected_housing', title: 'Skyddat boende under tiden', startMonth: 0, months: 3, dependsOn: [] },
      { key: 'aid', actor: 'social_services', kind: 'economic_aid', title: 'Ekonomiskt bistånd under övergången', startMonth: 0, months: 6, dependsOn: [] },
      { key: 'move', actor: 'other_municipality', kind: 'relocation', title: 'Flytt till annan kommun via Kompotten', startMonth: 2, months: 2, dependsOn: ['threat'] },
      { key: 'housing', actor: 'other_municipality', kind: 'long_term_housing', title: 'Långsiktigt boende i den nya kommunen', startMonth: 4, months: 12, dependsOn: ['move', 'aid'] },
      { key: 'authorities', actor: 'forsakringskassan', kind: 'social_insurance', title: 'Hjälp med kontakter med Försäkringskassan och Arbetsförmedlingen', startMonth: 1, months: 6, dependsOn: [] },
    ],
  },
  {
    key: 'return_home',
    source: '002 (Uppsala): återvändande till hemlandet med stöd av ambassad eller IOM, regionkoordinatorn och Migrationsverket',
    measures: [
      { key: 'shelter', actor: 'social_services', kind: 'protected_housing', title: 'Skyddat boende fram till resan', startMonth: 0, months: 2, dependsOn: [] },
      { key: 'coordinator', actor: 'regional_coordinator', kind: 'other', title: 'Planering med regionkoordinatorn', startMonth: 0, months: 2, dependsOn: [] },
      { key: 'documents', actor: 'embassy_or_iom', kind: 'other', title: 'Resehandlingar via ambassaden', startMonth: 0, months: 1, dependsOn: [] },
      { key: 'journey', actor: 'embassy_or_iom', kind: 'journey_home', title: 'Hemresa och mottagande via IOM:s återvändarprogram', startMonth: 2, months: 1, dependsOn: ['documents', 'coordinator'] },
    ],
  },
  {
    key: 'reflection_permit',
    source: 'SOU 2023:97 och 002: betänketid och uppehållstillstånd för brottsoffer genom Migrationsverket',
    measures: [
      { key: 'shelter', actor: 'social_services', kind: 'protected_housing', title: 'Skyddat boende', startMonth: 0, months: 6, dependsOn: [] },
      { key: 'aid', actor: 'social_services', kind: 'economic_aid', title: 'Ekonomiskt bistånd', startMonth: 0, months: 6, dependsOn: [] },
      { key: 'reflection', actor: 'migrationsverket', kind: 'reflection_period', title: 'Betänketid (30 dagar) via förundersökningsledaren och Migrationsverket', startMonth: 0, months: 1, dependsOn: [] },
      { key: 'permit', actor: 'migrationsverket', kind: 'residence_permit', title: 'Tidsbegränsat uppehållstillstånd för brottsoffer', startMonth: 1, months: 6, dependsOn: ['reflection'] },
      { key: 'trauma', actor: 'healthcare', kind: 'trauma_treatment', title: 'Traumabehandling', startMonth: 1, months: 12, dependsOn: ['shelter'] },
      { key: 'housing', actor: 'social_services', kind: 'long_term_housing', title: 'Långsiktigt boende', startMonth: 6, months: 12, dependsOn: ['aid', 'permit'] },
    ],
  },
];

export const TEMPLATE_KEYS = PLAN_TEMPLATES.map((t) => t.key) as [string, ...string[]];

export function templateByKey(key: string | null | undefined): PlanTemplate | undefined {
  return PLAN_TEMPLATES.find((t) => t.key === key);
}
