import { sql } from 'kysely';
import type { Db } from '../core/db/database.ts';

/**
 * Fictional cases for the statistics' tests and bench, written in one statement per group: the
 * i-th case takes the i-th value of each list (round robin), opened on `from` plus i mod `days`
 * days (at noon, Swedish time). Each case has its own anonymous person and contact.
 */
export interface CaseGroup {
  n: number;
  unitId: string;
  openedBy: string;
  from: string;
  days?: number;
  ageBands?: string[];
  genders?: string[];
  roles?: string[];
  channels?: string[];
  exploitationTypes?: string[][];
  riskFactors?: string[][];
  traffickingIndicators?: string[][];
  citizenships?: (string | null)[];
  /** Referred to Barnahus / the regional coordinator on the day the case opened. */
  barnahusReferred?: boolean;
  regionalReferred?: boolean;
}

const textArray = (xs: string[]) => sql`array[${sql.join(xs.map((x) => sql`${x}`))}]::text[]`;
/** A list of text arrays as a jsonb array of arrays, picked per case (jsonb keeps the nesting). */
const nested = (xss: string[][]) => sql`${JSON.stringify(xss)}::jsonb`;

export async function insertCaseGroup(db: Db, g: CaseGroup): Promise<void> {
  const ages = g.ageBands ?? ['26_plus'];
  const genders = g.genders ?? ['woman'];
  const roles = g.roles ?? ['exposed'];
  const channels = g.channels ?? ['own_contact'];
  const types = g.exploitationTypes ?? [['sex_for_compensation']];
  const risks = g.riskFactors ?? [[]];
  const indicators = g.traffickingIndicators ?? [[]];
  const citizenships = (g.citizenships ?? [null]).map((c) => c ?? '');
  const pick = (list: ReturnType<typeof textArray>, len: number) => sql`(${list})[1 + (i % ${len})]`;
  const pickArray = (list: string[][]) => sql`array(select jsonb_array_elements_text(${nested(list)} -> (i % ${list.length})::int))`;
  await sql`
    with s as (
      select i, gen_random_uuid() as person_id, gen_random_uuid() as contact_id,
        ((${g.from}::date + (i % ${g.days ?? 1})) + time '12:00') at time zone 'Europe/Stockholm' as opened_at
      from generate_series(0, ${g.n - 1}) as i
    ), p as (
      insert into persons (id, identity_mode, gender, risk_factors, citizenship)
      select person_id, 'anonymous', ${pick(textArray(genders), genders.length)}, ${pickArray(risks)}, nullif(${pick(textArray(citizenships), citizenships.length)}, '') from s
    ), c as (
      insert into contacts (id, channel, received_on, registered_by, person_id, person_role, age_group)
      select contact_id, ${pick(textArray(channels), channels.length)}, (opened_at at time zone 'Europe/Stockholm')::date, ${g.openedBy}, person_id, ${pick(textArray(roles), roles.length)}, 'adult' from s
    )
    insert into cases (contact_id, person_id, unit_id, person_role, age_group, victim, exploitation_types, trafficking_indicators, opened_at, opened_by, last_activity_at,
      opening_age_band, opening_gender, opening_risk_factors, opening_citizenship, opening_channel, barnahus_referred_on, regional_referred_on, barnahus, regional_referral)
    select contact_id, person_id, ${g.unitId}, ${pick(textArray(roles), roles.length)}, 'adult', true, ${pickArray(types)}, ${pickArray(indicators)}, opened_at, ${g.openedBy}, opened_at,
      ${pick(textArray(ages), ages.length)}, ${pick(textArray(genders), genders.length)}, ${pickArray(risks)}, nullif(${pick(textArray(citizenships), citizenships.length)}, ''), ${pick(textArray(channels), channels.length)},
      ${g.barnahusReferred ? sql`(opened_at at time zone 'Europe/Stockholm')::date` : sql`null`}, ${g.regionalReferred ? sql`(opened_at at time zone 'Europe/Stockholm')::date` : sql`null`},
      ${g.barnahusReferred ? 'referred' : 'not_applicable'}, ${g.regionalReferred ? 'referred' : 'none'}
    from s`.execute(db);
}

/** The text of a PDF the reports write (pdfkit, uncompressed): each run of text is hex in a TJ array. */
export function pdfText(pdf: Buffer): string {
  const content = pdf.toString('latin1');
  return [...content.matchAll(/\[([^\]]*)\]\s*TJ/g)].map((m) => [...m[1]!.matchAll(/<([0-9a-f]+)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join('')).join('\n');
}
