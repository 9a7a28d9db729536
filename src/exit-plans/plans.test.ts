import { beforeAll, describe, expect, test } from 'vitest';
import { ROLE_PERMISSIONS } from '../core/access/policy.ts';
import type { TestUser } from '../testing/app.ts';
import type { TestClient } from '../testing/client.ts';
import { databaseTargets, useTestApp } from '../testing/harness.ts';
import { daysAgo, makeContact, routingUnits } from '../cases/testing.ts';
import { z } from 'zod';
import { pdfText } from './testing.ts';
import { PlanOut } from './schema.ts';

describe.each(databaseTargets())('exit plans and consents on $name', (target) => {
  const t = useTestApp(target);
  let worker: TestClient;
  let coordinator: TestClient;
  let coordinatorUser: TestUser;
  let otherUnitWorker: TestClient;
  let partnerUser: TestUser;
  let partner: TestClient;
  let otherPartner: TestClient;

  beforeAll(async () => {
    await routingUnits(t.db);
    worker = await t.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    coordinatorUser = await t.user([{ role: 'coordinator', unit: 'Vuxenenheten (test)' }], { displayName: 'Sara Testsamordnare' });
    coordinator = await t.client().signIn(coordinatorUser);
    otherUnitWorker = await t.signedIn([{ role: 'caseworker', unit: 'KAST (test)' }]);
    partnerUser = await t.user([{ role: 'external_partner', unit: null }], { displayName: 'Pia Testpartner' });
    partner = await t.client().signIn(partnerUser);
    otherPartner = await t.signedIn([{ role: 'external_partner', unit: null }]);
  });

  /** A case of a new fictional person in the adult unit, a plan with the coordinator, consents for two actors. */
  async function planWithActors() {
    const reg = await worker.post('/api/intake/contacts', makeContact({ statedAge: 30 }, { identityMode: 'identified', name: 'Fiktiv Planperson', protection: 'skyddad_folkbokforing', address: 'Hemliga gatan 7, 000 00 Ingenstans' }));
    expect(reg.status).toBe(201);
    const caseId = reg.body.case.id as string;
    const personId = reg.body.personId as string;
    const plan = await worker.post('/api/plans', { caseId, coordinatorId: coordinatorUser.id, goals: 'Jag vill bo i en egen lägenhet.' });
    expect(plan.status).toBe(201);
    const id = plan.body.id as string;
    const consent = async (actorKind: string, actorName: string) => {
      const r = await coordinator.post('/api/consents', { personId, actorKind, actorName, scope: 'Insatserna i planen', form: 'written', givenOn: daysAgo(1), expiresOn: null });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const healthConsent = await consent('healthcare', 'Fiktiva vårdcentralen');
    const migConsent = await consent('migrationsverket', 'Migrationsverket');
    const page = await coordinator.get(`/api/plans/${id}`);
    const own = page.body.actors[0].id as string;
    const health = (await coordinator.post(`/api/plans/${id}/actors`, { kind: 'healthcare', name: 'Fiktiva vårdcentralen', consentId: healthConsent })).body.id as string;
    const mig = (await coordinator.post(`/api/plans/${id}/actors`, { kind: 'migrationsverket', name: 'Migrationsverket', consentId: migConsent })).body.id as string;
    const measure = async (body: Record<string, unknown>) => {
      const r = await coordinator.post(`/api/plans/${id}/measures`, { kind: 'other', startsOn: daysAgo(0), plannedEndOn: daysAgo(-90), ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    const housing = await measure({ actorId: own, kind: 'protected_housing', title: 'Skyddat boende', status: 'active' });
    const aid = await measure({ actorId: own, kind: 'economic_aid', title: 'Ekonomiskt bistånd', status: 'active', dependsOn: [housing] });
    const trauma = await measure({ actorId: health, kind: 'trauma_treatment', title: 'Traumabehandling', dependsOn: [housing] });
    const permit = await measure({ actorId: mig, kind: 'residence_permit', title: 'Uppehållstillstånd' });
    return { id, caseId, personId, own, health, mig, healthConsent, migConsent, housing, aid, trauma, permit };
  }

  test('a coordinator builds a plan; ending the housing warns about what rests on it until acknowledged with a reason', async () => {
    const p = await planWithActors();
    let page = await coordinator.get(`/api/plans/${p.id}`);
    expect(page.status).toBe(200);
    expect(page.body.measures).toHaveLength(4);
    expect(page.body.warnings).toEqual([]);
    const housing = page.body.measures.find((m: { id: string }) => m.id === p.housing);
    const end = await coordinator.patch(`/api/plans/${p.id}/measures/${p.housing}`, { version: housing.version, status: 'ended', statusReason: 'Följde inte planeringen.' });
    expect(end.status).toBe(409);
    expect(end.body.error).toBe('warningsNeedAcknowledgement');
    expect(end.body.warnings).toEqual([expect.objectContaining({ rule: 'dependency', measureId: p.housing, dependentIds: expect.arrayContaining([p.aid, p.trauma]) })]);
    // Nothing changed.
    expect((await coordinator.get(`/api/plans/${p.id}`)).body.measures.find((m: { id: string }) => m.id === p.housing).status).toBe('active');
    const short = await coordinator.patch(`/api/plans/${p.id}/measures/${p.housing}`, { version: housing.version, status: 'ended', acknowledgement: { reason: 'ok' } });
    expect(short.body.error).toBe('acknowledgementNeedsReason');
    const ok = await coordinator.patch(`/api/plans/${p.id}/measures/${p.housing}`, { version: housing.version, status: 'ended', statusReason: 'Flyttar till släkting.', acknowledgement: { reason: 'Personen bor hos en släkting under tiden.' } });
    expect(ok.status).toBe(200);
    page = await coordinator.get(`/api/plans/${p.id}`);
    expect(page.body.warnings).toEqual([expect.objectContaining({ key: `dependency:${p.housing}`, acknowledged: expect.objectContaining({ reason: 'Personen bor hos en släkting under tiden.', by: 'Sara Testsamordnare' }) })]);
    // A stale edit (the version read before the change) is refused.
    const stale = await coordinator.patch(`/api/plans/${p.id}/measures/${p.housing}`, { version: housing.version, title: 'Gammal version' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('conflict');
    const versions = await coordinator.get(`/api/plans/${p.id}/versions`);
    expect(versions.body[0]).toMatchObject({ version: page.body.version, changedBy: 'Sara Testsamordnare' });
    expect(versions.body.length).toBeGreaterThanOrEqual(8);
  });

  test('bad input: a cycle is refused and named, end before start, an actor without consent, a refusal citing a sex buyer warns', async () => {
    const p = await planWithActors();
    const page = await coordinator.get(`/api/plans/${p.id}`);
    const housing = page.body.measures.find((m: { id: string }) => m.id === p.housing);
    const cycle = await coordinator.patch(`/api/plans/${p.id}/measures/${p.housing}`, { version: housing.version, dependsOn: [p.aid] });
    expect(cycle.status).toBe(422);
    expect(cycle.body.error).toBe('dependencyCycle');
    expect(cycle.body.message).toContain('Skyddat boende → Ekonomiskt bistånd → Skyddat boende');
    const dates = await coordinator.post(`/api/plans/${p.id}/measures`, { actorId: p.own, kind: 'other', title: 'Fel datum', startsOn: '2026-05-01', plannedEndOn: '2026-04-01' });
    expect(dates.body.error).toBe('endBeforeStart');
    const noConsent = (await coordinator.post(`/api/plans/${p.id}/actors`, { kind: 'police', name: 'Polisen', consentId: null })).body.id;
    const refused = await coordinator.post(`/api/plans/${p.id}/measures`, { actorId: noConsent, kind: 'police_report', title: 'Polisanmälan', startsOn: daysAgo(0) });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe('actorWithoutConsent');
    const aid = page.body.measures.find((m: { id: string }) => m.id === p.aid);
    const sexBuyer = await coordinator.patch(`/api/plans/${p.id}/measures/${p.aid}`, { version: aid.version, status: 'refused', statusReason: 'Bedöms ha inkomster från sexköpare.' });
    expect(sexBuyer.status).toBe(409);
    expect(sexBuyer.body.warnings.map((w: { rule: string }) => w.rule)).toEqual(['economic_aid_sex_buyer']);
    // A refusal of economic aid in the case's decisions warns on the plan too.
    await t.db.insertInto('decisions').values({ case_id: p.caseId, support_type: 'economic_aid', outcome: 'refused', refusal_ground: 'other', reasoning: 'Har fått pengar från en köpare.', decided_by: coordinatorUser.id }).execute();
    const after = await coordinator.get(`/api/plans/${p.id}`);
    expect(after.body.warnings.map((w: { rule: string }) => w.rule)).toEqual(['economic_aid_sex_buyer']);
  });

  test('the printable plan holds the plan and no protected address; other units cannot read the plan', async () => {
    const p = await planWithActors();
    const doc = await coordinator.get(`/api/plans/${p.id}/document`);
    expect(doc.status).toBe(200);
    expect(doc.body.person).toEqual({ label: 'Fiktiv Planperson', protectedIdentity: true, address: null });
    expect(doc.body.measures.map((m: { title: string }) => m.title)).toContain('Skyddat boende');
    expect(JSON.stringify(doc.body)).not.toContain('Hemliga gatan');
    // The PDF: a tagged document in the person's language, the plan in it, the protected address not.
    const pdf = await coordinator.get(`/api/plans/${p.id}/document.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.raw.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const raw = pdf.raw.toString('latin1');
    expect(raw).toContain("/MarkInfo");
    expect(raw).toContain("/Marked true");
    expect(raw).toMatch(/\/Lang \(sv-SE\)/);
    expect(raw).toContain('/StructTreeRoot');
    const text = pdfText(pdf.raw);
    for (const shown of ['Min plan', 'Fiktiv Planperson', 'Adressen visas inte (skyddade personuppgifter).', 'Jag vill bo i en egen lägenhet.', 'Skyddat boende', 'Traumabehandling', 'Fiktiva vårdcentralen', 'Uppehållstillstånd', 'Behöver först: Skyddat boende']) {
      expect(text).toContain(shown);
    }
    expect(text).not.toContain('Hemliga gatan');
    expect(raw).not.toContain('Hemliga gatan');
    const en = pdfText((await coordinator.get(`/api/plans/${p.id}/document.pdf?lang=en`)).raw);
    expect(en).toContain('My plan');
    expect(en).toContain('What will happen');
    const exports = await t.db.selectFrom('audit_log').select(['details']).where('record_id', '=', p.id).where('action', '=', 'export').execute();
    expect(exports.map((e) => (e.details as { document: string }).document).sort()).toEqual(['pdf', 'pdf', 'print']);
    expect((await otherUnitWorker.get(`/api/plans/${p.id}/document.pdf`)).status).toBe(404);
    expect((await otherUnitWorker.get(`/api/plans/${p.id}`)).status).toBe(404);
    expect((await otherUnitWorker.get(`/api/consents/person/${p.personId}`)).status).toBe(404);
  });

  test('a partner invited with consent in force sees only their measures; not invited is refused; a withdrawn consent refuses the next request and is audited', async () => {
    const p = await planWithActors();
    // Invitations are the coordinator's: a caseworker may not.
    expect((await worker.post(`/api/plans/${p.id}/actors/${p.health}/invitation`, { partnerUserId: partnerUser.id })).status).toBe(403);
    expect((await coordinator.post(`/api/plans/${p.id}/actors/${p.health}/invitation`, { partnerUserId: coordinatorUser.id })).body.error).toBe('notAPartner');
    expect((await coordinator.post(`/api/plans/${p.id}/actors/${p.health}/invitation`, { partnerUserId: partnerUser.id })).status).toBe(200);

    const seen = await partner.get(`/api/partner/plans/${p.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.measures.map((m: { title: string }) => m.title)).toEqual(['Traumabehandling']);
    expect(JSON.stringify(seen.body)).not.toMatch(/Skyddat boende|Uppehållstillstånd|Hemliga gatan|egen lägenhet/);
    expect((await partner.get('/api/partner/plans')).body).toContainEqual(expect.objectContaining({ id: p.id, consentInForce: true, measures: 1 }));
    // A partner updates their own measure, never another's.
    const trauma = seen.body.measures[0];
    expect((await partner.patch(`/api/partner/plans/${p.id}/measures/${trauma.id}`, { version: trauma.version, status: 'active', partnerNote: 'Första besöket bokat.' })).status).toBe(200);
    expect((await partner.patch(`/api/partner/plans/${p.id}/measures/${p.permit}`, { version: 1, status: 'ended' })).status).toBe(404);
    // The case record, the journal and the staff plan routes stay closed to partners.
    expect((await partner.get(`/api/plans/${p.id}`)).status).toBe(403);
    expect((await partner.get(`/api/cases/${p.caseId}`)).status).toBe(403);
    // Not invited: refused.
    expect((await otherPartner.get(`/api/partner/plans/${p.id}`)).status).toBe(404);

    const reads = await t.db.selectFrom('audit_log').select(['action', 'details']).where('actor_user_id', '=', partnerUser.id).where('record_id', '=', p.id).execute();
    expect(reads.filter((r) => r.action === 'read')).toHaveLength(1);

    expect((await coordinator.post(`/api/consents/${p.healthConsent}/withdraw`, { note: 'Personen återkallade muntligt.' })).status).toBe(200);
    const after = await partner.get(`/api/partner/plans/${p.id}`);
    expect(after.status).toBe(403);
    expect(after.body.error).toBe('consentNotInForce');
    const refusal = await t.db.selectFrom('audit_log').select(['action', 'details', 'person_id']).where('actor_user_id', '=', partnerUser.id).where('record_id', '=', p.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(refusal).toMatchObject({ action: 'read', person_id: p.personId, details: expect.objectContaining({ outcome: 'refused', reason: 'consentNotInForce' }) });
    expect((await partner.patch(`/api/partner/plans/${p.id}/measures/${trauma.id}`, { version: trauma.version + 1, status: 'completed' })).status).toBe(403);
    const list = await partner.get('/api/partner/plans');
    expect(list.body).toContainEqual({ id: p.id, personLabel: null, coordinatorName: 'Sara Testsamordnare', measures: 0, consentInForce: false });
    // And the coordinator can no longer add measures for that actor.
    const m = await coordinator.post(`/api/plans/${p.id}/measures`, { actorId: p.health, kind: 'healthcare', title: 'Vårdbesök', startsOn: daysAgo(0) });
    expect(m.body.error).toBe('actorWithoutConsent');
  });

  test('revoking an invitation: the partner loses the plan at once; a lapsed consent behind a partner warns on the plan', async () => {
    const p = await planWithActors();
    expect((await coordinator.post(`/api/plans/${p.id}/actors/${p.health}/invitation`, { partnerUserId: partnerUser.id })).status).toBe(200);
    expect((await partner.get(`/api/partner/plans/${p.id}`)).status).toBe(200);
    // Only the coordinator's permission may revoke.
    expect((await worker.request('DELETE', `/api/plans/${p.id}/actors/${p.health}/invitation`)).status).toBe(403);
    const revoked = await coordinator.request('DELETE', `/api/plans/${p.id}/actors/${p.health}/invitation`);
    expect(revoked.status).toBe(200);
    expect((await partner.get(`/api/partner/plans/${p.id}`)).status).toBe(404);
    expect((await partner.get('/api/partner/plans')).body).not.toContainEqual(expect.objectContaining({ id: p.id }));
    const page = await coordinator.get(`/api/plans/${p.id}`);
    expect(page.body.actors.find((a: { id: string }) => a.id === p.health)).toMatchObject({ partnerUserId: null, partnerName: null });
    expect((await coordinator.request('DELETE', `/api/plans/${p.id}/actors/${p.health}/invitation`)).body.error).toBe('notInvited');
    const audit = await t.db.selectFrom('audit_log').select(['details']).where('record_id', '=', p.health).where('actor_user_id', '=', coordinatorUser.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ invitation: 'revoked', partnerUserId: partnerUser.id });
    expect((await coordinator.get(`/api/plans/${p.id}/versions`)).body[0].change).toBe('actor:revoke_invitation');

    // Invited again, then the consent behind Migrationsverket's partner is withdrawn: the plan warns.
    expect((await coordinator.post(`/api/plans/${p.id}/actors/${p.mig}/invitation`, { partnerUserId: partnerUser.id })).status).toBe(200);
    expect((await coordinator.get(`/api/plans/${p.id}`)).body.warnings).toEqual([]);
    expect((await coordinator.post(`/api/consents/${p.migConsent}/withdraw`, { note: 'Återkallat muntligt.' })).status).toBe(200);
    const after = await coordinator.get(`/api/plans/${p.id}`);
    expect(after.body.warnings).toEqual([
      expect.objectContaining({ rule: 'consent_lapsed', key: `consent_lapsed:${p.mig}:${p.migConsent}`, actorId: p.mig, consentId: p.migConsent, dependentIds: [p.permit], date: daysAgo(0), acknowledged: null }),
    ]);
    // Acknowledged with a reason, it stays shown as acknowledged.
    expect((await coordinator.post(`/api/plans/${p.id}/acknowledgements`, { key: `consent_lapsed:${p.mig}:${p.migConsent}`, reason: 'Nytt samtycke inhämtas på mötet i morgon.' })).status).toBe(201);
    expect((await coordinator.get(`/api/plans/${p.id}`)).body.warnings[0].acknowledged).toMatchObject({ reason: 'Nytt samtycke inhämtas på mötet i morgon.' });
  });

  test('a measure linked to a decision ends when the case ends the decision (ended_on), and the dependency warning fires', async () => {
    const p = await planWithActors();
    const decision = await t.db
      .insertInto('decisions')
      .values({ case_id: p.caseId, support_type: 'protected_housing', outcome: 'granted', reasoning: 'Behov av skyddat boende.', decided_by: coordinatorUser.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const page = await coordinator.get(`/api/plans/${p.id}`);
    const housing = page.body.measures.find((m: { id: string }) => m.id === p.housing);
    expect((await coordinator.patch(`/api/plans/${p.id}/measures/${p.housing}`, { version: housing.version, decisionId: decision.id })).status).toBe(200);
    let plan = (await coordinator.get(`/api/plans/${p.id}`)).body;
    expect(plan.decisions).toContainEqual(expect.objectContaining({ id: decision.id, endedOn: null }));
    expect(plan.warnings).toEqual([]);
    await t.db.updateTable('decisions').set({ ended_on: daysAgo(1), end_reason: 'other' }).where('id', '=', decision.id).execute();
    plan = (await coordinator.get(`/api/plans/${p.id}`)).body;
    expect(plan.decisions).toContainEqual(expect.objectContaining({ id: decision.id, endedOn: daysAgo(1) }));
    expect(plan.measures.find((m: { id: string }) => m.id === p.housing)).toMatchObject({ status: 'active', effectiveStatus: 'ended' });
    expect(plan.warnings).toEqual([expect.objectContaining({ rule: 'dependency', measureId: p.housing, dependentIds: expect.arrayContaining([p.aid, p.trauma]) })]);
  });

  test('the plan page is one read and one audit entry: its answer is exactly PlanOut’s encoding, its consents the consents capability’s own', async () => {
    const p = await planWithActors();
    // Every part filled: a decision the case ended (linked), a refusal citing a buyer, an acknowledged warning, a withdrawn consent.
    const ended = await t.db
      .insertInto('decisions')
      .values({ case_id: p.caseId, support_type: 'protected_housing', outcome: 'granted', reasoning: 'Behov av skyddat boende.', decided_by: coordinatorUser.id, ended_on: daysAgo(1), end_reason: 'other' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('decisions').values({ case_id: p.caseId, support_type: 'economic_aid', outcome: 'refused', refusal_ground: 'other', reasoning: 'Har fått pengar från en köpare.', decided_by: coordinatorUser.id }).execute();
    const before = (await coordinator.get(`/api/plans/${p.id}`)).body;
    const housing = before.measures.find((m: { id: string }) => m.id === p.housing);
    const linked = await coordinator.patch(`/api/plans/${p.id}/measures/${p.housing}`, { version: housing.version, decisionId: ended.id, acknowledgement: { reason: 'Boendet ordnas av släktingen tills vidare.' } });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    await coordinator.post(`/api/plans/${p.id}/follow-ups`, { dueOn: daysAgo(2), participants: ['Personen', 'Samordnaren'], notes: 'Fiktiva anteckningar.' });
    expect((await coordinator.post(`/api/consents/${p.migConsent}/withdraw`, { note: 'Återkallat muntligt.' })).status).toBe(200);

    const page = await coordinator.get(`/api/plans/${p.id}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('application/json; charset=utf-8');
    const rules = page.body.warnings.map((w: { rule: string }) => w.rule).sort();
    expect(rules).toEqual(['consent_lapsed', 'dependency', 'economic_aid_sex_buyer', 'follow_up_overdue']);
    expect(page.body.warnings.find((w: { rule: string }) => w.rule === 'dependency').acknowledged).toMatchObject({ reason: 'Boendet ordnas av släktingen tills vidare.', by: 'Sara Testsamordnare' });
    expect(page.body.decisions.map((d: { id: string }) => d.id)).toContain(ended.id);
    // Written without PlanOut's encoder: the same answer as the encoder gives (no field more, none less, the same values).
    const revived = { ...page.body, consents: page.body.consents.map((c: { recordedAt: string; withdrawnAt: string | null }) => ({ ...c, recordedAt: new Date(c.recordedAt), withdrawnAt: c.withdrawnAt && new Date(c.withdrawnAt) })) };
    expect(JSON.parse(JSON.stringify(z.encode(PlanOut, revived)))).toEqual(page.body);
    // The person's consents as the consents capability answers them (read there with its own query).
    const consents = await coordinator.get(`/api/consents/person/${p.personId}`);
    expect(consents.status).toBe(200);
    expect(page.body.consents).toEqual(consents.body);
    expect(page.body.consents.find((c: { id: string }) => c.id === p.migConsent)).toMatchObject({ status: 'withdrawn', withdrawnAt: expect.any(String), withdrawnBy: 'Sara Testsamordnare' });

    // Every read audited: one entry per read, naming the warnings shown; a read outside the scope finds nothing and writes nothing.
    const reads = () => t.db.selectFrom('audit_log').select(['action', 'record_type', 'person_id', 'fields', 'details', 'purpose', 'actor_role']).where('record_id', '=', p.id).where('action', '=', 'read').orderBy('id').execute();
    const n = (await reads()).length;
    expect((await coordinator.get(`/api/plans/${p.id}`)).status).toBe(200);
    expect((await otherUnitWorker.get(`/api/plans/${p.id}`)).status).toBe(404);
    const after = await reads();
    expect(after).toHaveLength(n + 1);
    expect(after.at(-1)).toEqual({
      action: 'read',
      record_type: 'exit_plan',
      person_id: p.personId,
      fields: ['goals', 'coordinator', 'leadActor', 'actors', 'measures', 'followUps', 'warnings', 'consents', 'decisions'],
      details: { warnings: 4 },
      purpose: expect.any(String),
      actor_role: 'coordinator',
    });
  });

  test('the case page finds the case’s plan; another unit does not find the case', async () => {
    const p = await planWithActors();
    expect((await worker.get(`/api/plans/for-case/${p.caseId}`)).body).toEqual({ id: p.id, status: 'active' });
    // Another unit's case is not found at all (an answer of "no plan" would confirm that the case exists).
    expect((await otherUnitWorker.get(`/api/plans/for-case/${p.caseId}`)).status).toBe(404);
    expect((await partner.get(`/api/plans/for-case/${p.caseId}`)).status).toBe(403);
  });

  test('partners hold only the invitation permission: no unit-scoped permission a unit-less grant would widen to every unit', () => {
    expect(ROLE_PERMISSIONS.external_partner).toEqual(['plans.partner']);
  });

  test('the coordinator sees the plans they coordinate across units, with what is due', async () => {
    const child = await t.signedIn([{ role: 'caseworker', unit: 'Barn och unga (test)' }]);
    const reg = await child.post('/api/intake/contacts', makeContact({ statedAge: 15 }));
    const plan = await child.post('/api/plans', { caseId: reg.body.case.id, coordinatorId: coordinatorUser.id, goals: 'Gå i skolan.', template: 'child_barnahus' });
    expect(plan.status).toBe(201);
    await child.post(`/api/plans/${plan.body.id}/follow-ups`, { dueOn: daysAgo(3), participants: ['Barnet', 'Samordnaren'] });
    const list = await coordinator.get('/api/plans');
    expect(list.body).toContainEqual(expect.objectContaining({ id: plan.body.id, mine: true, overdueFollowUps: 1 }));
    const page = await coordinator.get(`/api/plans/${plan.body.id}`);
    expect(page.status).toBe(200);
    expect(page.body.warnings.map((w: { rule: string }) => w.rule)).toEqual(['follow_up_overdue']);
    expect(page.body.suggestions.map((s: { key: string }) => s.key)).toContain('barnahus');
    expect(page.body.referrals.barnahus).toBe('offered');
    // A caseworker of the adult unit does not see the children's plan.
    expect((await worker.get(`/api/plans/${plan.body.id}`)).status).toBe(404);
  });
});
