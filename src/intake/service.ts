import type { Tx } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { insertCase } from '../cases/store.ts';
import { getUnit, unitForKind } from './store.ts';
import { assessmentDueDate, classifyVictim, proposesRegionalReferral, routeContact, type AgeGroup, type Channel, type PersonRole, type Routing } from './rules.ts';

export interface ContactForCase {
  id: string;
  channel: string;
  received_on: string;
  person_id: string;
  person_role: string;
  age_group: string;
  exploitation_types: string[];
  trafficking_indicators: string[];
}

export interface OpenedCase {
  id: string;
  unitId: string;
  unitName: string;
  unitKind: string;
  victim: boolean;
  barnahus: 'not_applicable' | 'offered';
  regionalReferral: 'none' | 'proposed';
  assessmentDue: string | null;
}

const ROUTABLE_KINDS = ['children', 'adult', 'kast'];

/**
 * Turns a contact into a case in the unit the routing rule chooses. When the age is not known the
 * caller must name the unit; a unit that contradicts a known routing is refused.
 */
export async function openCaseForContact(tx: Tx, contact: ContactForCase, user: { id: string; unitIds: string[] }, chosenUnitId: string | null): Promise<{ routing: Routing; case: OpenedCase }> {
  const role = contact.person_role as PersonRole;
  const ageGroup = contact.age_group as AgeGroup;
  const routing = routeContact({ ageGroup, personRole: role });
  let unit: { id: string; name: string; kind: string };
  let victim: boolean;
  let barnahusOffered: boolean;
  if (routing.outcome === 'age_not_known') {
    if (!chosenUnitId) throw new AppError(422, 'ageNotKnown');
    unit = await getUnit(tx, chosenUnitId);
    if (!ROUTABLE_KINDS.includes(unit.kind)) throw new AppError(400, 'unitNotForCases');
    victim = classifyVictim(role);
    barnahusOffered = unit.kind === 'children' && victim;
  } else {
    if (chosenUnitId) {
      unit = await getUnit(tx, chosenUnitId);
      if (unit.kind !== routing.unitKind) throw new AppError(400, 'unitDoesNotMatchRouting', { kind: routing.unitKind });
    } else {
      unit = await unitForKind(tx, routing.unitKind, user.unitIds);
    }
    victim = routing.victim;
    barnahusOffered = routing.barnahusOffered;
  }
  const assessmentDue = assessmentDueDate({ channel: contact.channel as Channel, aboutChild: unit.kind === 'children', receivedOn: contact.received_on });
  const regionalReferral = proposesRegionalReferral(contact.trafficking_indicators) ? 'proposed' : 'none';
  const barnahus = barnahusOffered ? 'offered' : 'not_applicable';
  const id = await insertCase(tx, {
    contactId: contact.id,
    personId: contact.person_id,
    unitId: unit.id,
    personRole: role,
    ageGroup,
    victim,
    exploitationTypes: contact.exploitation_types,
    traffickingIndicators: contact.trafficking_indicators,
    barnahus,
    regionalReferral,
    assessmentDue,
    openedBy: user.id,
    assignedTo: user.unitIds.includes(unit.id) ? user.id : null,
  });
  return { routing, case: { id, unitId: unit.id, unitName: unit.name, unitKind: unit.kind, victim, barnahus, regionalReferral, assessmentDue } };
}
