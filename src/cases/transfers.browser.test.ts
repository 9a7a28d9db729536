import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { daysAgo, makeContact, routingUnits } from './testing.ts';
import { addDays, todayInStockholm } from '../core/time/stockholm.ts';

const b = useBrowserApp();
beforeAll(() => routingUnits(b.db));

async function newPage(): Promise<Page> {
  return (await b.page({ locale: 'sv-SE' })).page;
}
const inDays = (n: number) => addDays(todayInStockholm(), n);

describe('who called, concern reports and transfers in the browser (issue 16)', () => {
  test('a school reports a concern about a 13-year-old: protection assessment today, due in 14 days, feedback to the school recorded', async () => {
    const user = await b.user([{ role: 'caseworker', unit: 'Barn och unga (test)' }], { displayName: 'Bea Barnhandläggare' });
    const page = await newPage();
    await signInWithTotp(page, b.baseUrl, user);
    await page.goto(`${b.baseUrl}/kontakt/ny`);
    await page.getByLabel('Hur kom kontakten?').selectOption('school');
    await page.getByLabel('Anmälare', { exact: true }).selectOption('school');
    await page.getByLabel('Anmälarens namn').fill('Fiktiv Kurator');
    await page.getByLabel('Organisation').fill('Fiktiva skolan');
    await page.getByLabel('Ålder (som den uppgavs)').fill('13');
    await page.getByLabel('Sammanfattning').fill('Fiktiv: skolan är orolig för en elev som får pengar av äldre män.');
    await expectNoAxeViolations(page, 'intake form with reporter');
    await page.getByRole('button', { name: 'Registrera kontakt' }).click();
    await page.getByText('Orosanmälan: skyddsbedömning i dag, förhandsbedömning inom 14 dagar.').waitFor();
    await page.getByText(`Förhandsbedömningen ska vara klar senast ${inDays(14)}.`).waitFor();
    await page.getByRole('link', { name: 'Öppna ärendet' }).click();
    await page.getByRole('heading', { name: 'Orosanmälan' }).waitFor();
    await page.getByText(/brottet är våldtäkt mot barn/).waitFor();
    await page.getByText('ska göras i dag').waitFor();
    await page.getByLabel('Underlag för skyddsbedömningen').fill('Fiktiv: bor hos förälder, inget akut skyddsbehov.');
    await page.getByRole('button', { name: 'Registrera skyddsbedömning' }).click();
    await page.getByText(`Gjord ${inDays(0)} av Bea Barnhandläggare: Inget omedelbart skyddsbehov`).waitFor();
    await page.getByText(inDays(14), { exact: false }).first().waitFor();
    await page.getByLabel('Vad anmälaren fick veta').fill('Fiktiv: skolan informerad om att en utredning inleds.');
    await page.getByRole('button', { name: 'Registrera återkoppling' }).click();
    await page.getByText(`Återkoppling given ${inDays(0)} av Bea Barnhandläggare`).waitFor();
    await expectNoAxeViolations(page, 'concern panel');
    const caseId = page.url().split('/').pop()!;
    const stored = await b.db
      .selectFrom('cases as k')
      .innerJoin('contact_reporters as r', 'r.contact_id', 'k.contact_id')
      .select(['k.assessment_due', 'k.protection_assessed_by', 'r.feedback_given_on', 'r.kind'])
      .where('k.id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ assessment_due: inDays(14), protection_assessed_by: user.id, feedback_given_on: inDays(0), kind: 'school' });
  });

  test('a 17-year-old’s case goes to the adult unit on their 18th birthday and is accepted there with the journal intact', async () => {
    const child = await b.user([{ role: 'caseworker', unit: 'Barn och unga (test)' }]);
    const adult = await b.user([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    // API clients are other users of the same units: one TOTP step signs a user in once.
    const registrar = await b.signedIn([{ role: 'caseworker', unit: 'Barn och unga (test)' }]);
    // 18 today in Stockholm, where the age is counted (UTC's date is yesterday's after midnight there).
    const today = inDays(0);
    const birthDate = `${Number(today.slice(0, 4)) - 18}${today.slice(4)}`;
    const reg = await registrar.post<{ case: { id: string; unitKind: string } }>(
      '/api/intake/contacts',
      makeContact({ receivedOn: daysAgo(1), receivedOnReason: 'Efterregistrering av gårdagens samtal', statedAge: null }, { identityMode: 'pseudonymous', pseudonym: 'Fiktiv Artonåring', birthDate }),
    );
    expect(reg.status).toBe(201);
    expect(reg.body.case.unitKind).toBe('children');
    const caseId = reg.body.case.id;
    expect((await registrar.post(`/api/cases/${caseId}/journal`, { text: 'Fiktiv anteckning från tiden på barn och unga.', sign: true })).status).toBe(201);

    const page = await newPage();
    await signInWithTotp(page, b.baseUrl, child);
    await page.goto(`${b.baseUrl}/arenden/${caseId}`);
    await page.getByRole('heading', { name: 'Överföring till annan enhet' }).waitFor();
    await page.getByText('Ålder i dag: Vuxen.', { exact: false }).waitFor();
    await page.getByLabel('Till enhet', { exact: true }).selectOption({ label: 'Vuxenenheten (test)' });
    await page.getByLabel('Skäl', { exact: true }).selectOption('turned_18');
    await page.getByRole('button', { name: 'Erbjud överföring' }).click();
    await page.getByText(/från Barn och unga \(test\) till Vuxenenheten \(test\) \(Fyllt 18\) – väntar på svar/).waitFor();
    await expectNoAxeViolations(page, 'transfer panel');

    // The adult unit sees only the offer until it accepts.
    const adultApi = await b.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    expect((await adultApi.get(`/api/cases/${caseId}`)).status).toBe(404);
    const adultPage = await newPage();
    await signInWithTotp(adultPage, b.baseUrl, adult);
    await adultPage.goto(`${b.baseUrl}/arenden/vantar`);
    await adultPage.getByText(/Från Barn och unga \(test\) till Vuxenenheten \(test\): Fyllt 18, Vuxen/).waitFor();
    await expect(adultPage.getByText('Fiktiv Artonåring').count()).resolves.toBe(0);
    await expectNoAxeViolations(adultPage, 'waiting page');
    await adultPage.getByRole('button', { name: 'Ta emot' }).click();
    await adultPage.getByRole('link', { name: 'Öppna ärendet' }).click();
    await adultPage.getByRole('heading', { name: 'Ärende: Fiktiv Artonåring' }).waitFor();
    await adultPage.getByText('Fiktiv anteckning från tiden på barn och unga.').waitFor();
    await expect(adultPage.getByText('Vuxenenheten (test)').first().isVisible()).resolves.toBe(true);
    // The children's unit no longer holds it.
    expect((await registrar.get(`/api/cases/${caseId}`)).status).toBe(404);
  });

  test('a relative’s call creates a case about the person, with the relative as reporter', async () => {
    const user = await b.user([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    const page = await newPage();
    await signInWithTotp(page, b.baseUrl, user);
    await page.goto(`${b.baseUrl}/kontakt/ny`);
    await page.getByLabel('Hur kom kontakten?').selectOption('relative');
    await page.getByLabel('Anmälare', { exact: true }).selectOption('relative');
    await page.getByLabel('Anmälarens namn').fill('Fiktiv Moster');
    await page.getByLabel('Identitet').selectOption('pseudonymous');
    await page.getByLabel('Namn personen vill kallas').fill('Fiktiv Nora');
    await page.getByLabel('Ålder (som den uppgavs)').fill('24');
    await page.getByLabel('Sammanfattning').fill('Fiktiv: mostern är orolig.');
    await page.getByRole('button', { name: 'Registrera kontakt' }).click();
    await page.getByText('Kontakten är registrerad och ärendet ligger hos Vuxenenheten (test).').waitFor();
    await page.getByRole('link', { name: 'Öppna ärendet' }).click();
    await page.getByRole('heading', { name: 'Ärende: Fiktiv Nora' }).waitFor();
    await page.getByRole('heading', { name: 'Vem hörde av sig' }).waitFor();
    await page.getByText('Anhörig, Fiktiv Moster').waitFor();
    const caseId = page.url().split('/').pop()!;
    const row = await b.db.selectFrom('cases as k').innerJoin('persons as p', 'p.id', 'k.person_id').select(['p.pseudonym', 'p.name']).where('k.id', '=', caseId).executeTakeFirstOrThrow();
    expect(row).toEqual({ pseudonym: 'Fiktiv Nora', name: null });
  });
});
