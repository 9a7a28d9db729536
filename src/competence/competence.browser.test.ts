import { describe, expect, test } from 'vitest';
import { makeContact } from '../cases/testing.ts';
import { swedishDate } from '../core/time/stockholm.ts';
import { bundledSets } from '../questions/store.ts';
import { unitId } from '../testing/app.ts';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { addMonths } from './rules.ts';
import { makeTraining } from './testing.ts';

// The CSV import answers 422 with its row errors (shown on the page).
const b = useBrowserApp({ expectedHttpErrors: [422] });
const UNIT = 'Vuxenenheten (kompetens)';

describe('competence in the browser', () => {
  test('a manager sees training coverage beside questioning coverage and who lacks the training; the untrained caseworker sees the notice on the case and their plan', async () => {
    const unit = await unitId(b.db, UNIT, 'adult');
    const training = await makeTraining(b.db, { title: 'Sex mot ersättning – vuxna (fiktiv webbutbildning)', requiredForRoles: ['caseworker'], targetRoles: ['caseworker', 'unit_manager'], renewalMonths: 36 });
    const trained = await b.user([{ role: 'caseworker', unit: UNIT }], { displayName: 'Tina Tränad' });
    const untrained = await b.user([{ role: 'caseworker', unit: UNIT }], { displayName: 'Ulla Otränad' });
    const manager = await b.user([{ role: 'unit_manager', unit: UNIT }], { displayName: 'Maja Chef' });
    await b.db.insertInto('training_completions').values({ user_id: trained.id, training_id: training.id, completed_on: addMonths(swedishDate(new Date()), -2), source: 'self', seminar_id: null, recorded_by: trained.id }).execute();

    // Four new cases this month, the questions asked in one: asks 25 %. One of two caseworkers trained: 50 %.
    const registrar = await b.client().signIn(trained);
    const standard = bundledSets().filter((s) => s.key === 'utvag-standard').sort((x, y) => y.version - x.version)[0]!;
    const caseIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await registrar.post('/api/intake/contacts', makeContact({ unitId: unit }));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      caseIds.push(r.body.case.id);
    }
    const answers = Object.fromEntries(standard.questions.map((q) => [q.id, 'declined']));
    expect((await registrar.post(`/api/cases/${caseIds[0]}/answers`, { setKey: standard.key, setVersion: standard.version, answers })).status).toBe(201);

    const { page } = await b.page({ locale: 'sv-SE' });
    await signInWithTotp(page, b.baseUrl, manager);
    await page.getByRole('link', { name: 'Utbildningstäckning' }).click();
    const summary = page.getByRole('table', { name: 'Utbildade och frågar per enhet' });
    const row = summary.getByRole('row').filter({ hasText: UNIT }).filter({ hasText: training.title });
    await row.waitFor();
    expect((await row.getByRole('cell').allInnerTexts()).map((s) => s.trim())).toEqual([training.title, '2', '50 %', '25 %']);
    const lacking = page.getByRole('table', { name: 'Medarbetare som saknar obligatorisk utbildning' });
    await lacking.getByRole('rowheader', { name: 'Ulla Otränad' }).waitFor();
    expect(await lacking.getByRole('rowheader', { name: 'Tina Tränad' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'training coverage');

    // The CSV import reports bad rows and imports nothing.
    await page.getByLabel('CSV-innehåll').fill(`username,training,completed_on\n${untrained.username},${training.title},2099-01-01`);
    await page.getByRole('button', { name: 'Importera' }).click();
    await page.getByRole('alert').getByText('Rad 2, completed_on: Datumet ligger i framtiden.').waitFor();

    // The untrained caseworker: a notice above the questions on the case (the questions can still be asked), and their plan.
    const other = await b.page({ locale: 'sv-SE' });
    await signInWithTotp(other.page, b.baseUrl, untrained);
    await other.page.goto(`${b.baseUrl}/arenden/${caseIds[1]}`);
    await other.page.getByText(`Du ställer de strukturerade frågorna men har inte genomfört: ${training.title}.`).waitFor();
    await other.page.getByRole('form', { name: 'Frågor till alla vuxna klienter' }).waitFor();
    await expectNoAxeViolations(other.page, 'case with the training notice');
    await other.page.getByRole('link', { name: 'Se din utvecklingsplan' }).click();
    const plan = other.page.getByRole('table', { name: 'Utvecklingsplan' });
    const item = plan.getByRole('row').filter({ hasText: training.title });
    await item.getByText('Inte genomförd').waitFor();
    expect(await item.innerText()).toContain('Obligatorisk');
    await expectNoAxeViolations(other.page, 'my development plan');

    // They record it themselves; the plan shows it done and the notice is gone.
    const form = other.page.getByRole('form', { name: 'Registrera en genomförd utbildning' });
    await form.getByLabel('Utbildning').selectOption({ label: training.title });
    await form.getByRole('button', { name: 'Registrera' }).click();
    await item.getByText('Genomförd', { exact: true }).waitFor();
    await other.page.getByLabel('Språk').selectOption('en');
    await other.page.getByRole('table', { name: 'Development plan' }).getByText('Completed', { exact: true }).first().waitFor();
  });

  test('the competence centre adds a training to the catalogue, plans a seminar for a unit and records who attended', async () => {
    await unitId(b.db, 'Kompetenscentrum (fiktivt)', 'other');
    const unit = 'Barnenheten (kompetens)';
    await unitId(b.db, unit, 'children');
    const centre = await b.user([{ role: 'unit_manager', unit: 'Kompetenscentrum (fiktivt)' }]);
    const attendee = await b.user([{ role: 'caseworker', unit }], { displayName: 'Sam Seminariesson' });
    const { page } = await b.page({ locale: 'sv-SE' });
    await signInWithTotp(page, b.baseUrl, centre);
    await page.getByRole('link', { name: 'Utbildningskatalog' }).click();
    const add = page.getByRole('region', { name: 'Lägg till utbildning' });
    await add.getByLabel('Titel').fill('Samtal om sexuell exploatering (fiktivt seminarium)');
    await add.getByLabel('Anordnare').fill('Kompetenscentrum (fiktivt)');
    await add.getByLabel('Form').selectOption('seminar');
    await add.getByLabel('Längd i minuter').fill('120');
    await add.getByRole('group', { name: 'Målgrupp (roller)' }).getByLabel('Handläggare').check();
    await add.getByRole('button', { name: 'Lägg till' }).click();
    await page.getByRole('table', { name: 'Utbildningar' }).getByText('Samtal om sexuell exploatering (fiktivt seminarium)').waitFor();
    await expectNoAxeViolations(page, 'training catalogue');

    const plan = page.getByRole('region', { name: 'Planera ett seminarium' });
    await plan.getByLabel('Utbildning').selectOption({ label: 'Samtal om sexuell exploatering (fiktivt seminarium)' });
    await plan.getByLabel('Datum').fill(swedishDate(new Date()));
    await plan.getByLabel('Plats').fill('Fiktiva salen');
    await plan.getByRole('group', { name: 'Bjud in enheter' }).getByLabel(unit).check();
    await plan.getByRole('button', { name: 'Planera' }).click();
    await page.getByRole('table', { name: 'Planerade och hållna seminarier' }).getByText('Fiktiva salen').waitFor();

    const attendance = page.getByRole('region', { name: 'Närvaro' });
    await attendance.getByLabel('Sam Seminariesson (Barnenheten (kompetens))').check();
    await attendance.getByRole('button', { name: 'Spara närvaro' }).click();
    await attendance.getByText('1 deltagare registrerades.').waitFor();
    const rows = await b.db.selectFrom('training_completions').select(['source', 'completed_on']).where('user_id', '=', attendee.id).execute();
    expect(rows).toEqual([{ source: 'seminar', completed_on: swedishDate(new Date()) }]);
    await expectNoAxeViolations(page, 'seminars');
  });
});
