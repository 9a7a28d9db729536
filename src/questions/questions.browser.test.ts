import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { unitId } from '../testing/app.ts';
import { daysAgo, makeContact } from '../cases/testing.ts';
import { todayInStockholm } from '../core/time/stockholm.ts';

const b = useBrowserApp();

describe('structured questions in the browser', () => {
  test('the question form: untouched is not asked, declining is recorded, a yes shows a suggestion; coverage counts only what was asked', async () => {
    await unitId(b.db, 'Vuxenenheten (frågor)', 'adult');
    const worker = await b.user([{ role: 'caseworker', unit: 'Vuxenenheten (frågor)' }]);
    const registrar = await b.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (frågor)' }]);
    const manager = await b.signedIn([{ role: 'unit_manager', unit: 'Vuxenenheten (frågor)' }]);
    const reg = await registrar.post('/api/intake/contacts', makeContact());
    const caseId = reg.body.case.id as string;
    const asked = async () => {
      const month = todayInStockholm().slice(0, 7);
      const cov = await manager.get(`/api/questions/coverage?from=${month}-01&to=${daysAgo(0)}`);
      return (cov.body as Array<{ unitName: string; asked: number }>).find((r) => r.unitName === 'Vuxenenheten (frågor)')?.asked ?? 0;
    };
    const rows = () => b.db.selectFrom('question_answers').select(['answers', 'follow_ups', 'counts_as_asked', 'set_key', 'set_version']).where('case_id', '=', caseId).execute();

    const { page } = await b.page({ locale: 'sv-SE' });
    await signInWithTotp(page, b.baseUrl, worker);
    await page.goto(`${b.baseUrl}/arenden/${caseId}`);
    const form = page.getByRole('form', { name: 'Frågor till alla vuxna klienter' });
    await form.waitFor();
    // The set proposed for an exposed adult, and no answer preselected: every question starts "not asked".
    expect(await form.getByLabel('Formulär').inputValue()).toBe('utvag-standard');
    const sexQuestion = form.getByLabel(/Har du någon gång haft sex för att få pengar/);
    expect(await sexQuestion.inputValue()).toBe('');
    expect(await form.getByLabel('Hur ofta dricker du alkohol?').inputValue()).toBe('');
    await expectNoAxeViolations(page, 'case questions');

    // Saving the untouched form records nothing and the coverage stays.
    await form.getByRole('button', { name: 'Spara svaren' }).click();
    await form.getByText(/Ingen fråga är besvarad/).waitFor();
    expect(await rows()).toEqual([]);
    expect(await asked()).toBe(0);

    // Declined is an answer; a yes suggests the next step, and what was done is recorded.
    await sexQuestion.selectOption({ label: 'Vill inte svara' });
    await form.getByLabel(/Har någon slagit, hotat, kontrollerat/).selectOption({ label: 'Ja' });
    await form.getByText('Nästa steg: gör en riskbedömning.').waitFor();
    await form.getByLabel('Vad gjordes?').selectOption({ label: 'Planerat' });
    await form.getByLabel('Anteckning om nästa steg').fill('Riskbedömning bokad till tisdag.');
    await expectNoAxeViolations(page, 'case questions with a suggestion');
    await form.getByRole('button', { name: 'Spara svaren' }).click();
    await expect.poll(async () => (await rows()).length).toBe(1);
    const [row] = await rows();
    expect(row).toEqual({
      answers: { sex_for_compensation: 'declined', violence: 'yes' },
      follow_ups: [{ questionId: 'violence', suggestion: 'risk_assessment', action: 'planned', note: 'Riskbedömning bokad till tisdag.' }],
      counts_as_asked: true,
      set_key: 'utvag-standard',
      set_version: 2,
    });
    expect(await asked()).toBe(1);

    // The answers are shown in the wording of their version, the untouched questions as not asked.
    const record = page.locator('details').filter({ hasText: 'Frågor till alla vuxna klienter version 2' });
    await record.locator('summary').click();
    await record.getByText('Förslag: gör en riskbedömning – Planerat').waitFor();
    const facts = record.locator('dl');
    expect(await facts.locator('div', { hasText: 'Hur ofta dricker du alkohol?' }).locator('dd').innerText()).toBe('Inte frågat');
    expect(await facts.locator('div', { hasText: 'Har du någon gång haft sex' }).locator('dd').innerText()).toBe('Vill inte svara');

    // Any loaded set can be asked: the buyers' set is there to choose.
    await form.getByLabel('Formulär').selectOption('utvag-kast');
    await page.getByRole('form', { name: 'Frågor till personer som köper sex' }).getByLabel('Har du köpt sex det senaste året?').waitFor();

    // The unit manager's view: a second new case, never asked, leaves the unit at one of two (50 %).
    await registrar.post('/api/intake/contacts', makeContact());
    const managerUser = await b.user([{ role: 'unit_manager', unit: 'Vuxenenheten (frågor)' }]);
    const { page: managerPage } = await b.page({ locale: 'sv-SE' });
    await signInWithTotp(managerPage, b.baseUrl, managerUser);
    await managerPage.getByRole('link', { name: 'Frågetäckning' }).click();
    const coverageRow = managerPage.getByRole('table', { name: 'Frågetäckning' }).getByRole('row').filter({ hasText: 'Vuxenenheten (frågor)' });
    await coverageRow.waitFor();
    const month = todayInStockholm().slice(0, 7);
    expect((await coverageRow.locator('td').allInnerTexts()).map((c) => c.trim())).toEqual(['Vuxenenheten (frågor)', month, '2', '1', '50 %']);
    await expectNoAxeViolations(managerPage, 'question coverage');
  });

  test('the set editor: start from a set, change it, preview it as the caseworker sees it, publish a new version; the old one is unchanged', async () => {
    const user = await b.user([{ role: 'unit_manager', unit: 'Vuxenenheten (frågor)' }]);
    const before = await b.db.selectFrom('question_sets').select(sql<string>`definition::text`.as('d')).where('key', '=', 'utvag-barn').where('version', '=', 1).executeTakeFirstOrThrow();
    const { page } = await b.page({ locale: 'sv-SE' });
    await signInWithTotp(page, b.baseUrl, user);
    await page.getByRole('link', { name: 'Frågeformulär' }).click();
    await page.getByRole('cell', { name: 'utvag-kast' }).waitFor();
    const editor = page.getByRole('form', { name: 'Ny version av ett formulär' });
    await page.getByLabel('Utgå från').selectOption('utvag-barn');
    expect(await editor.getByLabel('Formulärets nyckel').inputValue()).toBe('utvag-barn');
    expect(await editor.getByLabel('Vem formuläret är för').inputValue()).toBe('children');

    await editor.getByLabel('Rubrik (svenska)').fill('Frågor till unga (reviderad)');
    const first = editor.getByRole('group', { name: 'Fråga 1' });
    await first.getByLabel('Frågan (svenska)').fill('Känner du dig trygg hemma?');
    await first.getByLabel('Nästa steg vid svaret').selectOption({ label: 'erbjud stödsamtal' });
    await first.getByRole('checkbox', { name: 'Nej' }).check();
    await first.getByRole('checkbox', { name: 'Ja' }).uncheck();

    // The preview is the form as the caseworker meets it, with the suggestion the answer leads to.
    const preview = editor.getByRole('region', { name: 'Förhandsvisning' });
    await preview.getByRole('heading', { name: 'Frågor till unga (reviderad)' }).waitFor();
    const q = preview.getByLabel('Känner du dig trygg hemma?');
    expect(await q.inputValue()).toBe('');
    await q.selectOption({ label: 'Nej' });
    await preview.getByText('Nästa steg: erbjud stödsamtal.').waitFor();
    await expectNoAxeViolations(page, 'set editor with preview');

    await editor.getByRole('button', { name: 'Publicera ny version' }).click();
    await page.getByText('Version 2 av utvag-barn är publicerad.').waitFor();
    await page.getByRole('row').filter({ hasText: 'utvag-barn' }).filter({ hasText: /^\s*utvag-barn\s*2/ }).first().waitFor();
    const published = await b.db.selectFrom('question_sets').select(['definition']).where('key', '=', 'utvag-barn').where('version', '=', 2).executeTakeFirstOrThrow();
    const def = published.definition as { title: { sv: string }; audience: string; questions: Array<{ text: { sv: string }; followUp?: unknown }> };
    expect(def.title.sv).toBe('Frågor till unga (reviderad)');
    expect(def.audience).toBe('children');
    expect(def.questions[0]).toMatchObject({ text: { sv: 'Känner du dig trygg hemma?' }, followUp: { on: ['no'], suggestion: 'support_talk' } });
    const after = await b.db.selectFrom('question_sets').select(sql<string>`definition::text`.as('d')).where('key', '=', 'utvag-barn').where('version', '=', 1).executeTakeFirstOrThrow();
    expect(after.d).toBe(before.d);
  });
});
