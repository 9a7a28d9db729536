import { beforeAll, describe, expect, test } from 'vitest';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { TestClient } from '../testing/client.ts';
import { unitId } from '../testing/app.ts';
import { makeContact, routingUnits } from '../cases/testing.ts';

const b = useBrowserApp();

/** Issue 16: unit A asks unit B to merge B's record of the person into A's; B previews and accepts, in the browser. */
describe('asking another unit to merge, in the browser (issue 16)', () => {
  let unitB: string;
  beforeAll(async () => {
    await routingUnits(b.db);
    unitB = await unitId(b.db, 'Vuxenenheten Öster (merge-browser)', 'adult');
  });

  test('A sends the request from the case page and sees nothing of B’s record; B sees the preview in words and accepts', async () => {
    const workerA = await b.user([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    const workerB = await b.user([{ role: 'caseworker', unit: 'Vuxenenheten Öster (merge-browser)' }]);
    const register = async (unit: string, person: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      const api = await new TestClient(b.app.app).signIn(await b.user([{ role: 'caseworker', unit }]));
      const res = await api.post('/api/intake/contacts', makeContact({ statedAge: 40, ...extra }, person));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body as { personId: string; case: { id: string } };
    };
    const mine = await register('Vuxenenheten (test)', { identityMode: 'pseudonymous', pseudonym: 'Fiktiva Ingrid' });
    const theirs = await register('Vuxenenheten Öster (merge-browser)', { identityMode: 'identified', name: 'Ingrid Påhittad', personnummer: '19880404-9826' }, { unitId: unitB });

    const a = (await b.page({ locale: 'sv-SE' })).page;
    await signInWithTotp(a, b.baseUrl, workerA);
    await a.goto(`${b.baseUrl}/arenden/${mine.case.id}`);
    const ask = a.getByRole('region', { name: 'Be en annan enhet slå ihop' });
    await ask.getByLabel('Personnummer', { exact: true }).fill('19880404-9826');
    await ask.getByLabel(/Meddelande till enheten/).fill('Hon berättade att hon har kontakt med er.');
    await ask.getByRole('button', { name: 'Skicka begäran' }).click();
    await ask.getByText(/Begäran är skickad/).waitFor();
    await ask.getByRole('table', { name: 'Från dina enheter' }).getByText('Väntar på svar').waitFor();
    expect(await a.content()).not.toContain('Ingrid Påhittad');
    await expectNoAxeViolations(a, 'case page after asking another unit to merge');

    const bPage = (await b.page({ locale: 'sv-SE' })).page;
    await signInWithTotp(bPage, b.baseUrl, workerB);
    await bPage.goto(`${b.baseUrl}/personer/sammanslagningar`);
    await bPage.getByRole('heading', { name: 'Begärda sammanslagningar' }).waitFor();
    await bPage.getByText('Hon berättade att hon har kontakt med er.').waitFor();
    await bPage.getByRole('button', { name: 'Visa förhandsvisning' }).click();
    // The preview counts what follows in words, not table names.
    await bPage.getByText('1 ärende, 1 kontakt').first().waitFor();
    expect(await bPage.locator('main').innerText()).not.toMatch(/question_answers|journal_entries|contacts\b/);
    await expectNoAxeViolations(bPage, 'merge request with its preview');
    await bPage.getByRole('button', { name: 'Godkänn och slå ihop' }).click();
    await bPage.getByRole('button', { name: 'Ja, slå ihop' }).click();
    await bPage.getByText(/Posterna är sammanslagna/).waitFor();
    const moved = await b.db.selectFrom('cases').select(['person_id', 'unit_id']).where('id', '=', theirs.case.id).executeTakeFirstOrThrow();
    expect(moved).toEqual({ person_id: mine.personId, unit_id: unitB });

    await a.reload();
    await a.getByRole('region', { name: 'Be en annan enhet slå ihop' }).getByText('Godkänd och sammanslagen').waitFor();
  });

  test('A withdraws its unanswered request from the case page after a confirmation that says what happens; B no longer sees it', async () => {
    const unitC = await unitId(b.db, 'Vuxenenheten Norr (merge-browser)', 'adult');
    const workerA = await b.user([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    const workerC = await b.user([{ role: 'caseworker', unit: 'Vuxenenheten Norr (merge-browser)' }]);
    const register = async (unit: string, person: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      const api = await new TestClient(b.app.app).signIn(await b.user([{ role: 'caseworker', unit }]));
      const res = await api.post('/api/intake/contacts', makeContact({ statedAge: 40, ...extra }, person));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body as { personId: string; case: { id: string } };
    };
    const mine = await register('Vuxenenheten (test)', { identityMode: 'pseudonymous', pseudonym: 'Fiktiva Greta' });
    await register('Vuxenenheten Norr (merge-browser)', { identityMode: 'identified', name: 'Greta Påhittad', personnummer: '19900606-9802' }, { unitId: unitC });
    // Sent by a colleague in A's unit (a TOTP code signs in once): the unit asked, so A may withdraw it.
    const asker = await new TestClient(b.app.app).signIn(await b.user([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]));
    const asked = await asker.post(`/api/persons/${mine.personId}/merge-requests`, { personnummer: '19900606-9802', message: 'Kanske samma person som hos er.' });
    expect(asked.status).toBe(201);

    const a = (await b.page({ locale: 'sv-SE' })).page;
    await signInWithTotp(a, b.baseUrl, workerA);
    await a.goto(`${b.baseUrl}/arenden/${mine.case.id}`);
    const ask = a.getByRole('region', { name: 'Be en annan enhet slå ihop' });
    const table = ask.getByRole('table', { name: 'Från dina enheter' });
    await table.getByText('Väntar på svar').waitFor();
    await table.getByRole('button', { name: /^Dra tillbaka begäran som skickades/ }).click();
    // The confirmation says what follows, and nothing has happened yet.
    const question = ask.getByRole('group', { name: /^Dra tillbaka begäran\?/ });
    await question.getByText('Den andra enheten ser den inte längre och kan inte slå ihop posterna på den.', { exact: false }).waitFor();
    expect((await b.db.selectFrom('person_merge_requests').select('status').where('id', '=', asked.body.id).executeTakeFirstOrThrow()).status).toBe('pending');
    await expectNoAxeViolations(a, 'withdrawing a merge request');
    await question.getByRole('button', { name: 'Ja, dra tillbaka' }).click();
    await ask.getByText('Begäran är tillbakadragen. Den andra enheten ser den inte längre.').waitFor();
    await table.getByText('Tillbakadragen').waitFor();
    expect(await table.getByRole('button', { name: /^Dra tillbaka/ }).count()).toBe(0);
    expect((await b.db.selectFrom('person_merge_requests').select('status').where('id', '=', asked.body.id).executeTakeFirstOrThrow()).status).toBe('withdrawn');

    const c = (await b.page({ locale: 'sv-SE' })).page;
    await signInWithTotp(c, b.baseUrl, workerC);
    await c.goto(`${b.baseUrl}/personer/sammanslagningar`);
    await c.getByRole('heading', { name: 'Begärda sammanslagningar' }).waitFor();
    await c.getByText('Inga obesvarade begäranden.').waitFor();
    expect(await c.locator('main').innerText()).not.toContain('Kanske samma person som hos er.');
  });
});
