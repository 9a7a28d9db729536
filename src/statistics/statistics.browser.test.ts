import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { unitId } from '../testing/app.ts';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { insertCaseGroup, pdfText } from './testing.ts';
import { makeTraining } from '../competence/testing.ts';

const b = useBrowserApp();
const YEAR = new Date().getUTCFullYear() - 1;

describe('the statistics dashboard in the browser', () => {
  test('a unit manager filters by year and unit, sees charts with their tables, downloads the annual report as PDF and CSV; small counts suppressed in all three', async () => {
    const a = await unitId(b.db, 'Nexus statistik (test)', 'adult');
    const other = await unitId(b.db, 'Barn statistik (test)', 'children');
    const opener = await b.user([{ role: 'caseworker', unit: 'Nexus statistik (test)' }]);
    const base = { openedBy: opener.id, from: `${YEAR}-01-01`, days: 200 };
    await insertCaseGroup(b.db, { ...base, unitId: a, n: 3, ageBands: ['15_17'] });
    await insertCaseGroup(b.db, { ...base, unitId: a, n: 24, ageBands: ['18_21', '22_25'], genders: ['woman', 'man', 'woman'] });
    await insertCaseGroup(b.db, { ...base, unitId: a, n: 9, ageBands: ['26_plus'], roles: ['buys'] });
    await insertCaseGroup(b.db, { ...base, unitId: other, n: 30, ageBands: ['15_17', '0_14'] });
    const manager = await b.user([{ role: 'unit_manager', unit: 'Nexus statistik (test)' }, { role: 'unit_manager', unit: 'Barn statistik (test)' }]);
    // Training coverage: the unit's one caseworker, trained, counted on the period's last day.
    const training = await makeTraining(b.db, { requiredForRoles: ['caseworker'] });
    await b.db.updateTable('users').set({ created_at: new Date(`${YEAR}-01-01T12:00:00Z`) }).where('id', '=', opener.id).execute();
    await b.db.updateTable('competence_role_periods').set({ valid_from: new Date(`${YEAR}-01-01T12:00:00Z`) }).where('user_id', '=', opener.id).execute();
    await b.db.insertInto('training_completions').values({ user_id: opener.id, training_id: training.id, completed_on: `${YEAR}-03-01`, source: 'manager' }).execute();

    const { page } = await b.page({ locale: 'sv-SE', acceptDownloads: true });
    await signInWithTotp(page, b.baseUrl, manager);
    await page.getByRole('link', { name: 'Statistik', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();
    await page.getByLabel('År', { exact: true }).selectOption(String(YEAR));
    await page.getByLabel('Enhet', { exact: true }).selectOption({ label: 'Nexus statistik (test)' });
    await page.getByRole('button', { name: 'Visa' }).click();

    const ages = page.getByRole('table', { name: 'Tabell: Ålder när ärendet öppnades' });
    await ages.waitFor();
    // Only the chosen unit, and its 3 cases aged 15–17 shown as "<5" (never 3).
    expect(await ages.getByRole('columnheader').allInnerTexts()).toEqual(['Kategori', 'Nexus statistik (test)']);
    const young = ages.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '15–17 år' }) });
    expect(await young.getByRole('cell').allInnerTexts()).toEqual(['<5']);
    // Each chart is a described figure with an SVG, and its table is beside it.
    const chart = page.getByRole('img', { name: /Diagram: Ålder när ärendet öppnades/ });
    await chart.locator('svg.recharts-surface').first().waitFor();
    await page.getByRole('table', { name: 'Tabell: Kön' }).waitFor();
    await page.getByRole('table', { name: 'Tabell: Roll' }).waitFor();
    // Training coverage beside the questioning, its small count suppressed.
    const trainingTable = page.getByRole('table', { name: 'Tabell: Utbildningstäckning' });
    const trained = trainingTable.getByRole('row').filter({ has: page.getByRole('rowheader', { name: `${training.title}: utbildade` }) });
    expect(await trained.getByRole('cell').allInnerTexts()).toEqual(['<5']);
    await expectNoAxeViolations(page, 'statistics dashboard');

    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Årsvis sammanställning (PDF)' }).click()]);
    const pdf = await readFile((await pdfDownload.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const words = pdfText(pdf);
    expect(words).toContain(`Årsvis sammanställning ${YEAR}`);
    expect(words).toContain('<5');
    expect(words).not.toContain('Barn statistik (test)');

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Årsvis sammanställning (CSV)' }).click()]);
    const csv = await readFile((await csvDownload.path())!, 'utf8');
    expect(csv).toContain('age_band,15_17,Nexus statistik (test),<5');
    expect(csv).not.toMatch(/age_band,15_17,Nexus statistik \(test\),3\b/);

    // Equal treatment: all units side by side.
    await page.getByLabel('Enhet', { exact: true }).selectOption({ label: 'Alla mina enheter' });
    await page.getByRole('button', { name: 'Visa' }).click();
    await page.getByLabel(/Jämför enheterna sida vid sida/).check();
    await expect.poll(async () => ages.getByRole('columnheader').allInnerTexts()).toEqual(['Kategori', 'Barn statistik (test)', 'Nexus statistik (test)', 'Totalt']);
    await expectNoAxeViolations(page, 'statistics dashboard, units side by side');
  });
});
