import { beforeAll, describe, expect, test } from 'vitest';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { TestClient } from '../testing/client.ts';
import { makeContact, routingUnits } from '../cases/testing.ts';

const b = useBrowserApp();

describe('merging two records of the same person from the case page (issue 16)', () => {
  beforeAll(async () => {
    await routingUnits(b.db);
  });

  test('find the other record, see the preview (stricter protection wins), confirm, and undo', async () => {
    const worker = await b.user([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    // Another caseworker of the same unit registers the two contacts (a TOTP code is used once).
    const api = await new TestClient(b.app.app).signIn(await b.user([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]));
    const register = async (person: Record<string, unknown>) => {
      const res = await api.post('/api/intake/contacts', makeContact({ statedAge: 40 }, person));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body as { personId: string; case: { id: string } };
    };
    const pseudo = await register({ identityMode: 'pseudonymous', pseudonym: 'Fiktiva Greta' });
    const known = await register({ identityMode: 'identified', name: 'Greta Påhittad', personnummer: '19850715-9831', protection: 'sekretessmarkering' });

    const { page } = await b.page({ locale: 'sv-SE' });
    await signInWithTotp(page, b.baseUrl, worker);
    await page.goto(`${b.baseUrl}/arenden/${pseudo.case.id}`);
    const merge = page.getByRole('region', { name: 'Slå ihop med en annan post för samma person' });
    await merge.getByLabel(/Sök ärende/).fill('Greta Påhittad');
    await merge.getByRole('button', { name: 'Sök', exact: true }).click();
    await merge.getByRole('button', { name: /Välj Greta Påhittad/ }).click();
    const preview = merge.getByRole('table', { name: 'Förhandsvisning' });
    await preview.waitFor();
    const row = (field: string) => preview.getByRole('row').filter({ has: page.getByRole('rowheader', { name: field, exact: true }) }).locator('th, td').allInnerTexts();
    expect(await row('Skyddsnivå')).toEqual(['Skyddsnivå', 'Inga', 'Sekretessmarkering', 'Sekretessmarkering']);
    await merge.getByText(/striktare skyddsnivån gäller/).waitFor();
    await merge.getByText('1 ärende, 1 kontakt').waitFor();
    await expectNoAxeViolations(page, 'case page with a merge preview');

    await merge.getByRole('button', { name: 'Slå ihop posterna' }).click();
    await merge.getByRole('group', { name: /Slå ihop posterna\?/ }).getByRole('button', { name: 'Ja, slå ihop' }).click();
    await merge.getByText(/Posterna är sammanslagna/).waitFor();
    expect((await b.db.selectFrom('cases').select('person_id').where('id', '=', known.case.id).executeTakeFirstOrThrow()).person_id).toBe(pseudo.personId);
    expect((await b.db.selectFrom('persons').select('protection').where('id', '=', pseudo.personId).executeTakeFirstOrThrow()).protection).toBe('sekretessmarkering');
    await expectNoAxeViolations(page, 'case page after a merge');

    const merges = merge.getByRole('table', { name: 'Sammanslagningar' });
    await merges.getByRole('button', { name: 'Ångra sammanslagningen' }).click();
    await merge.getByRole('button', { name: 'Ja, ångra' }).click();
    await merge.getByText(/Sammanslagningen är ångrad/).waitFor();
    expect((await b.db.selectFrom('cases').select('person_id').where('id', '=', known.case.id).executeTakeFirstOrThrow()).person_id).toBe(known.personId);
    expect((await b.db.selectFrom('persons').select(['protection', 'merged_into']).where('id', '=', pseudo.personId).executeTakeFirstOrThrow())).toEqual({ protection: 'none', merged_into: null });
  });
});
