import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { generateCorpus } from './generator.ts';

// The job runner on: the import runs as a job.
const b = useBrowserApp({ env: { ADS_REGISTER_ENABLED: 'true', ADS_HMAC_KEY: 'browser-test-key-0123456789abcdef0123', RUN_JOBS: 'true' } });

describe('the ads register in the browser', () => {
  test('an import of generated ads shows progress, groups appear with their evidence, a split link stays split after a re-run', { timeout: 300_000 }, async () => {
    const corpus = generateCorpus({ ads: 2000, seed: 21 });
    const file = (ads: typeof corpus) => ({ name: 'annonser.jsonl', mimeType: 'application/json', buffer: Buffer.from(ads.map((c) => JSON.stringify(c.ad)).join('\n')) });
    const user = await b.user([{ role: 'outreach_worker', unit: 'Uppsökarna (test)' }]);
    const { page } = await b.page({ locale: 'sv-SE' });
    await signInWithTotp(page, b.baseUrl, user);
    await page.getByRole('link', { name: 'Annonsregistret' }).click();
    await page.getByRole('heading', { name: 'Annonsregistret', level: 1 }).waitFor();
    await page.getByLabel('Fil').setInputFiles(file(corpus.slice(0, 1800)));
    await expectNoAxeViolations(page, 'ads register');
    await page.getByRole('button', { name: 'Starta importen' }).click();
    await page.getByText(/Rader lästa: \d+ av 1800/).waitFor();
    await page.getByText('Klart: 1800 annonser importerade och grupperade.').waitFor({ timeout: 120_000 });
    await expect(page.locator('#import-progress').getAttribute('value')).resolves.toBe('1800');

    // The largest group: its evidence, and a split of its first link.
    await page.getByRole('link', { name: /^Grupp med \d+ annonser/ }).first().click();
    await page.getByRole('heading', { name: /Troligen samma annonsör/ }).waitFor();
    await page.getByText('Den säger ingenting om människohandel').waitFor();
    const evidence = page.getByRole('table', { name: 'Skäl till länkarna' });
    await evidence.waitFor();
    const firstRow = evidence.locator('tbody tr').first();
    const between = (await firstRow.locator('th').textContent())!;
    expect(await firstRow.locator('td').first().textContent()).toMatch(/Samma telefonnummer|Samma e-postadress|Liknande text|Liknande bild/);
    await expectNoAxeViolations(page, 'ads group page');
    const [adA, adB] = between.split(' – ').map((s) => Number(s.replace('Annons ', '')));
    const urlsBefore = await page.getByRole('table', { name: 'Annonserna över tid och orter' }).locator('tbody th').allTextContents();
    expect(urlsBefore.length).toBeGreaterThan(1);
    const groupId = new URL(page.url()).searchParams.get('id')!;
    const ads = await b.db.selectFrom('ads_ads').select('url').where('group_id', '=', groupId).orderBy('first_seen_at').orderBy('url').execute();
    const urlA = ads[adA! - 1]!.url;
    const urlB = ads[adB! - 1]!.url;
    await firstRow.getByRole('button', { name: /^Dela/ }).click();
    await page.getByText('Länken är delad.', { exact: false }).waitFor();
    const split = await b.db.selectFrom('ads_ads').select(['url', 'group_id']).where('url', 'in', [urlA, urlB]).execute();
    expect(split[0]!.group_id).not.toBe(split[1]!.group_id);

    // A re-run: the whole corpus again with the rest; the split is kept.
    await page.getByRole('link', { name: 'Tillbaka till annonsregistret' }).click();
    await page.getByLabel('Fil').setInputFiles(file(corpus));
    await page.getByRole('button', { name: 'Starta importen' }).click();
    await page.getByText('Klart: 2000 annonser importerade och grupperade.').waitFor({ timeout: 120_000 });
    const after = await b.db.selectFrom('ads_ads').select(['url', 'group_id']).where('url', 'in', [urlA, urlB]).execute();
    expect(after[0]!.group_id).not.toBe(after[1]!.group_id);
    const decision = await b.db.selectFrom('ads_decisions').select(['decision', 'decided_by']).executeTakeFirstOrThrow();
    expect(decision).toEqual({ decision: 'split', decided_by: user.id });
  });
});
