import { SYSTEM_ACTOR, writeAudit } from '../core/audit-log/audit.ts';
import type { Db } from '../core/db/database.ts';
import { addDays } from '../core/time/stockholm.ts';
import { insertActor, insertFollowUp, insertMeasure, insertPlan, recordVersion, updateActor } from './store.ts';

const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * A fictional exit plan for the demo person Mira Exempelsdotter (Nexus – vuxna): the coordinator
 * `samordnare`, consents for the regional coordinator (the `partner` demo account is invited) and
 * for healthcare, four measures with dependencies and follow-ups, one of them overdue.
 */
export async function seedPlanDemo(db: Db): Promise<void> {
  const k = await db
    .selectFrom('cases as k')
    // scope: demo data, loaded by the system into an empty database
    .innerJoin('persons as p', 'p.id', 'k.person_id')
    .select(['k.id', 'k.person_id', 'k.unit_id'])
    .where('p.name', '=', 'Mira Exempelsdotter')
    .executeTakeFirst();
  const coordinator = await db.selectFrom('users').select('id').where('username', '=', 'samordnare').executeTakeFirst();
  const partner = await db.selectFrom('users').select('id').where('username', '=', 'partner').executeTakeFirst();
  if (!k || !coordinator || !partner) return;
  const aid = await db.selectFrom('decisions').select('id').where('case_id', '=', k.id).where('support_type', '=', 'economic_aid').executeTakeFirst();
  const today = iso(new Date());
  await db.transaction().execute(async (tx) => {
    const consent = (actorKind: string, actorName: string, scope: string, form: string, expiresOn: string | null) =>
      tx
        .insertInto('consents')
        .values({ person_id: k.person_id, actor_kind: actorKind, actor_name: actorName, scope, form, legal_basis: null, given_on: addDays(today, -30), expires_on: expiresOn, recorded_by: coordinator.id })
        .returning('id')
        .executeTakeFirstOrThrow();
    const regional = await consent('regional_coordinator', 'Regionkoordinator mot människohandel (fiktiv)', 'Planering av stöd och skydd; uppgifter om insatserna i planen', 'written', addDays(today, 180));
    const health = await consent('healthcare', 'Fiktiva traumamottagningen', 'Remiss och samordning av traumabehandling', 'oral', addDays(today, 10));

    const plan = await insertPlan(tx, {
      caseId: k.id,
      personId: k.person_id,
      unitId: k.unit_id,
      coordinatorId: coordinator.id,
      goals: 'Jag vill ha ett eget boende och kunna försörja mig utan att sälja sex. Jag vill må bättre och sova på nätterna.',
      template: 'reflection_permit',
      createdBy: coordinator.id,
    });
    const own = await insertActor(tx, plan.id, { kind: 'social_services', name: 'Socialtjänsten, Nexus – vuxna', consentId: null });
    const rk = await insertActor(tx, plan.id, { kind: 'regional_coordinator', name: 'Regionkoordinatorn (fiktiv)', consentId: regional.id });
    const hc = await insertActor(tx, plan.id, { kind: 'healthcare', name: 'Fiktiva traumamottagningen', consentId: health.id });
    await updateActor(tx, plan.id, rk.id, { partner_user_id: partner.id, invited_by: coordinator.id, invited_at: new Date() });
    const m = (actorId: string, kind: string, title: string, start: number, end: number, status: string, dependsOn: string[] = [], decisionId: string | null = null, templateKey: string | null = null) =>
      insertMeasure(tx, plan.id, { actorId, kind, title, contactPerson: null, startsOn: addDays(today, start), plannedEndOn: addDays(today, end), status, dependsOn, decisionId, templateKey });
    const housing = await m(own.id, 'protected_housing', 'Skyddat boende', -30, 150, 'active', [], null, 'shelter');
    const money = await m(own.id, 'economic_aid', 'Ekonomiskt bistånd', -30, 150, 'active', [], aid?.id ?? null, 'aid');
    await m(hc.id, 'trauma_treatment', 'Traumabehandling', 0, 330, 'planned', [housing.id], null, 'trauma');
    await m(rk.id, 'other', 'Stödsamtal och planering med regionkoordinatorn', -20, 90, 'active', [], null, null);
    await m(own.id, 'long_term_housing', 'Långsiktigt boende', 150, 500, 'planned', [housing.id, money.id], null, 'housing');
    await insertFollowUp(tx, plan.id, { dueOn: addDays(today, -14), participants: ['Mira', 'Sara Samordnare', 'Regionkoordinatorn'], notes: 'Första uppföljningen. Mira trivs i boendet.' }, coordinator.id);
    await tx.updateTable('plan_follow_ups').set({ held_on: addDays(today, -14) }).where('plan_id', '=', plan.id).execute();
    await insertFollowUp(tx, plan.id, { dueOn: addDays(today, -2), participants: ['Mira', 'Sara Samordnare'], notes: null }, coordinator.id);
    await insertFollowUp(tx, plan.id, { dueOn: addDays(today, 28), participants: ['Mira', 'Sara Samordnare', 'Fiktiva traumamottagningen'], notes: null }, coordinator.id);
    await recordVersion(tx, plan.id, 'created', coordinator.id, { lead_actor_id: own.id });
    await writeAudit(tx, SYSTEM_ACTOR, { action: 'create', recordType: 'exit_plan', recordId: plan.id, personId: k.person_id, purpose: 'demo data', fields: ['goals', 'actors', 'measures', 'followUps'] });
  });
}
