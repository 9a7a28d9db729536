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
});
