import { beforeAll, describe, expect, test } from 'vitest';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { makeContact, routingUnits } from '../cases/testing.ts';
import { pdfText } from './testing.ts';

// 409: the answer that carries the warnings a change brings, before they are acknowledged.
const b = useBrowserApp({ expectedHttpErrors: [409] });
beforeAll(() => routingUnits(b.db));

describe('exit plan in the browser', () => {
  test('a coordinator builds a plan with three actors and dependencies, ends the housing and acknowledges the warning; the partner sees only their measure; the printout has no protected address', async () => {
    const worker = await b.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    const reg = await worker.post('/api/intake/contacts', makeContact({ statedAge: 28 }, { identityMode: 'identified', name: 'Fiktiva Webbperson', protection: 'skyddad_folkbokforing', address: 'Skyddade stigen 9, 000 00 Ingenstans' }));
    expect(reg.status).toBe(201);
    const coordinator = await b.user([{ role: 'coordinator', unit: 'Vuxenenheten (test)' }], { displayName: 'Stina Samordnare' });
    const partnerUser = await b.user([{ role: 'external_partner', unit: null }], { displayName: 'Vera Vårdpartner' });

    const { page } = await b.page({ locale: 'sv-SE' });
    await signInWithTotp(page, b.baseUrl, coordinator);
    await page.getByRole('link', { name: 'Planer (SIP)' }).click();
    await page.getByRole('heading', { name: 'Samordnade planer' }).waitFor();
    await page.getByLabel('Ärende').selectOption({ label: 'Fiktiva Webbperson – Vuxenenheten (test)' });
    await page.getByLabel('Samordnare').selectOption({ label: 'Stina Samordnare' });
    await page.getByLabel('Mål med personens egna ord').fill('Jag vill ha en egen bostad och må bättre.');
    await page.getByRole('button', { name: 'Skapa plan' }).click();
    await page.getByRole('heading', { name: 'Plan: Fiktiva Webbperson' }).waitFor();
    await expectNoAxeViolations(page, 'new plan page');

    // Two consents, given in writing, then the actors resting on them.
    for (const [kind, name] of [['healthcare', 'Fiktiva vårdcentralen'], ['migrationsverket', 'Migrationsverket']] as const) {
      const form = page.getByRole('form', { name: 'Registrera samtycke' });
      await form.getByLabel('Typ av aktör').selectOption(kind);
      await form.getByLabel('Aktörens namn').fill(name);
      await form.getByLabel('Vad får delas (omfattning)').fill('Insatserna i planen');
      await form.getByRole('button', { name: 'Registrera samtycke' }).click();
      await page.getByRole('rowheader', { name: new RegExp(name) }).first().waitFor();
      const actors = page.getByRole('form', { name: 'Lägg till aktör' });
      await actors.getByLabel('Typ av aktör').selectOption(kind);
      await actors.getByLabel('Aktörens namn').fill(name);
      const consentSelect = actors.getByLabel('Samtycke som aktören vilar på');
      await consentSelect.selectOption((await consentSelect.locator('option', { hasText: name }).getAttribute('value'))!);
      await actors.getByRole('button', { name: 'Lägg till aktör' }).click();
      await page.getByRole('table', { name: 'Aktörer' }).getByRole('rowheader', { name: new RegExp(name) }).waitFor();
    }

    const addMeasure = async (actor: string, kind: string, title: string, dependsOn: string[] = []) => {
      const form = page.getByRole('form', { name: 'Lägg till insats' });
      await form.getByLabel('Ansvarig aktör').selectOption({ label: actor });
      await form.getByLabel('Typ av insats').selectOption(kind);
      await form.getByLabel('Insatsen', { exact: true }).fill(title);
      await form.getByLabel('Planerat slut').fill('2027-06-30');
      for (const d of dependsOn) await form.getByRole('checkbox', { name: d }).check();
      await form.getByRole('button', { name: 'Lägg till insats' }).click();
      await page.getByRole('table', { name: 'Insatser' }).getByRole('rowheader', { name: title }).waitFor();
    };
    await addMeasure('Socialtjänsten', 'protected_housing', 'Skyddat boende');
    await addMeasure('Fiktiva vårdcentralen', 'trauma_treatment', 'Traumabehandling', ['Skyddat boende']);
    await addMeasure('Migrationsverket', 'residence_permit', 'Uppehållstillstånd');
    await addMeasure('Socialtjänsten', 'long_term_housing', 'Långsiktigt boende', ['Skyddat boende', 'Uppehållstillstånd']);
    await expect(page.getByRole('img', { name: /Tidslinje över insatserna/ }).isVisible()).resolves.toBe(true);

    // End the housing: the warning names what rests on it; going ahead needs a reason.
    await page.getByLabel('Ny status för Skyddat boende').selectOption('ended');
    await page.getByLabel('Skäl för Skyddat boende').fill('Följde inte planeringen.');
    await page.getByRole('button', { name: 'Spara status för Skyddat boende' }).click();
    await page.getByText('Ändringen ger varningar. Läs dem och skriv varför du går vidare.').waitFor();
    const warning = await page.getByRole('alert').filter({ hasText: 'Ändringen ger varningar' }).innerText();
    expect(warning).toMatch(/Att Skyddat boende har avslutats eller avslagits lämnar .+ utan grund\./);
    expect(warning).toContain('Traumabehandling');
    expect(warning).toContain('Långsiktigt boende');
    await expectNoAxeViolations(page, 'plan with a warning to acknowledge');
    await page.getByLabel('Skäl att gå vidare').fill('Personen bor hos en släkting tills vidare.');
    await page.getByRole('button', { name: 'Bekräfta och spara ändringen' }).click();
    await page.getByText('Bekräftad av Stina Samordnare: Personen bor hos en släkting tills vidare.').waitFor();

    // Invite the partner account for the healthcare actor.
    await page.getByLabel('Partnerkonto att bjuda in (Fiktiva vårdcentralen)').selectOption({ label: 'Vera Vårdpartner' });
    await page.getByRole('form', { name: 'Bjud in partner: Fiktiva vårdcentralen' }).getByRole('button', { name: 'Bjud in partner' }).click();
    await page.getByText('Inbjuden: Vera Vårdpartner').waitFor();

    // The printable plan: the plan, and no protected address.
    await page.getByRole('link', { name: 'Utskrift för personen' }).click();
    await page.getByRole('heading', { name: 'Min plan' }).waitFor();
    const printed = await page.locator('article').innerText();
    expect(printed).toContain('Jag vill ha en egen bostad och må bättre.');
    expect(printed).toContain('Traumabehandling');
    expect(printed).toContain('Adressen visas inte (skyddade personuppgifter).');
    expect(await page.content()).not.toContain('Skyddade stigen');
    await expectNoAxeViolations(page, 'printable plan');
    // The PDF for the person: the plan in it, the protected address not.
    const pdfHref = await page.getByRole('link', { name: 'Hämta som PDF' }).getAttribute('href');
    const pdf = await page.request.get(new URL(pdfHref!, b.baseUrl).href);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const pdfShows = pdfText(Buffer.from(await pdf.body()));
    expect(pdfShows).toContain('Jag vill ha en egen bostad och må bättre.');
    expect(pdfShows).toContain('Traumabehandling');
    expect(pdfShows).toContain('Adressen visas inte (skyddade personuppgifter).');
    expect(pdfShows).not.toContain('Skyddade stigen');
    await page.getByLabel('Språk för utskriften').selectOption('en');
    await page.getByRole('heading', { name: 'My plan' }).waitFor();

    // The partner signs in and sees only their own measure.
    const partnerPage = (await b.page({ locale: 'sv-SE' })).page;
    await signInWithTotp(partnerPage, b.baseUrl, partnerUser);
    await partnerPage.getByRole('link', { name: 'Mina planer' }).click();
    await partnerPage.getByRole('heading', { name: 'Plan för Fiktiva Webbperson' }).waitFor();
    const table = partnerPage.getByRole('table', { name: 'Mina insatser i planen' });
    await expect(table.getByRole('rowheader').allInnerTexts()).resolves.toEqual(['Traumabehandling']);
    expect(await partnerPage.content()).not.toMatch(/Skyddat boende|Uppehållstillstånd|Skyddade stigen/);
    await expectNoAxeViolations(partnerPage, 'partner page');

    // The case page links to the plan; from the plan the coordinator revokes the invitation, and the partner loses it.
    await page.goto(`${b.baseUrl}/arenden/${reg.body.case.id}`);
    await page.getByRole('link', { name: 'Öppna ärendets plan' }).click();
    await page.getByRole('heading', { name: 'Plan: Fiktiva Webbperson' }).waitFor();
    await page.getByRole('button', { name: 'Återkalla inbjudan' }).click();
    await page.getByRole('group', { name: 'Återkalla inbjudan till Vera Vårdpartner? Partnern ser inte längre planen.' }).getByRole('button', { name: 'Återkalla inbjudan' }).click();
    await page.getByText('Inbjuden: Vera Vårdpartner').waitFor({ state: 'detached' });
    await partnerPage.reload();
    await partnerPage.getByText('Du är inte inbjuden till någon plan.').waitFor();
  }, 120_000); // the whole flow in one browser session (two users, the PDF, the case page): longer than the default budget on a loaded machine
});
