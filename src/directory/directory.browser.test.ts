import { beforeAll, describe, expect, test } from 'vitest';
import { makeContact } from '../cases/testing.ts';
import { unitId } from '../testing/app.ts';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { DEMO_ENTRIES, seedDirectoryDemo } from './demo.ts';

describe('the resource directory in the browser', () => {
  // 400 and 422: the editor's refused e-mail address and the import's rows with errors, both shown on the page.
  const b = useBrowserApp({ expectedHttpErrors: [400, 422] });
  beforeAll(async () => {
    for (const owner of new Set(DEMO_ENTRIES.map((e) => e.owner))) await unitId(b.db, owner);
    await seedDirectoryDemo(b.db);
  });

  test('finds housing for a young trans man, in Swedish and in English', async () => {
    const { page } = await b.page();
    await signInWithTotp(page, b.baseUrl, await b.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }]));
    await page.getByRole('link', { name: 'Resurskatalog' }).click();
    await page.getByLabel('Sökord').fill('boende');
    await page.getByLabel('Ålder').fill('19');
    await page.getByLabel('Kön').selectOption('trans');
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    const table = page.getByRole('table', { name: 'Träffar' });
    await table.getByText('Skyddat boende Regnbågen (fiktivt)').waitFor();
    await table.getByText('Skyddat boende för män, pojkar och transpersoner', { exact: false }).waitFor();
    await expectNoAxeViolations(page, 'directory');

    await page.getByLabel('Språk').selectOption('en');
    await page.getByLabel('Search words').fill('housing');
    await page.getByLabel('Age', { exact: true }).fill('19');
    await page.getByLabel('Gender', { exact: true }).selectOption('trans');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = page.getByRole('table', { name: 'Results' });
    await results.getByText('Protected housing for men, boys and trans persons', { exact: false }).waitFor();
  });

  test('a unit manager edits an entry (target groups, exclusion criteria, evidence, reviewed date) and sees a CSV import’s row errors', async () => {
    const { page } = await b.page();
    await signInWithTotp(page, b.baseUrl, await b.user([{ role: 'unit_manager', unit: 'Nexus – vuxna' }]));
    await page.getByRole('link', { name: 'Katalogens poster' }).click();
    await page.getByRole('link', { name: 'Skyddat boende Regnbågen (fiktivt)' }).click();
    const form = page.getByRole('form', { name: 'Ändra post' });
    await form.getByLabel('Namn', { exact: true }).waitFor();
    await expect.poll(() => form.getByLabel('Namn', { exact: true }).inputValue()).toBe('Skyddat boende Regnbågen (fiktivt)');
    await form.getByRole('checkbox', { name: 'Anhöriga' }).check();
    await form.getByRole('checkbox', { name: 'Inga uteslutningskriterier' }).uncheck();
    await form.getByLabel('Uteslutningskriterier', { exact: true }).fill('Pågående hot från närstående i samma kommun (fiktivt).');
    await form.getByLabel('Evidens').fill('Fiktiv uppföljning 2026.');
    await form.getByLabel('Senast granskad').fill('2026-02-01');
    await expectNoAxeViolations(page, 'directory entry editor');
    await form.getByRole('button', { name: 'Spara' }).click();
    await page.getByText('Posten är sparad.').waitFor();
    const saved = await b.db.selectFrom('directory_entries').select(['target_groups', 'exclusion_criteria', 'evidence_note', 'last_reviewed_on']).where('name', '=', 'Skyddat boende Regnbågen (fiktivt)').executeTakeFirstOrThrow();
    expect(saved.target_groups).toContain('relatives');
    expect(saved.exclusion_criteria).toBe('Pågående hot från närstående i samma kommun (fiktivt).');
    expect(saved.evidence_note).toBe('Fiktiv uppföljning 2026.');
    expect(String(saved.last_reviewed_on)).toContain('2026');
    // A bad e-mail address: refused, the error beside the field.
    await form.getByLabel('E-post').fill('inte-en-adress');
    await form.getByRole('button', { name: 'Spara' }).click();
    await form.locator('.field-error').first().waitFor();

    await page.getByRole('link', { name: 'Till katalogens poster' }).click();
    await page.getByRole('link', { name: 'Importera CSV' }).click();
    const header = 'name,kind,offer_sv,offer_en,target_groups,age_min,age_max,genders,languages,opening_hours,phone,email,web,address,anonymous_contact,exclusion_criteria,means_tested,evidence_note,visibility,last_reviewed_on';
    const good = 'Importlinjen (fiktiv),national,Stöd dygnet runt,Support day and night,exposed_adults,18,,women;men,sv,Alla dagar,020-40 40 41,,,,ja,inga,nej,,public,2026-01-01';
    const bad = 'Trasig rad,other,x,Support,,tjugo,,,,,,inte-en-epost,,,kanske,,nej,,public,';
    await page.getByLabel('Eller klistra in texten').fill([header, good, bad].join('\n'));
    await page.getByRole('button', { name: 'Importera', exact: true }).click();
    await page.getByText('Ingenting importerades: 1 rader har fel.', { exact: false }).waitFor();
    const errors = page.getByRole('table', { name: 'Rader med fel' });
    await errors.getByRole('rowheader', { name: '3' }).first().waitFor();
    for (const field of ['kind', 'email', 'ageMin']) await errors.getByRole('cell', { name: field, exact: true }).first().waitFor();
    expect(await b.db.selectFrom('directory_entries').select('id').where('name', '=', 'Importlinjen (fiktiv)').executeTakeFirst()).toBeUndefined();
    await expectNoAxeViolations(page, 'directory import errors');
    // Taking the good rows: the one good row is imported, the bad one still listed.
    await page.getByRole('checkbox', { name: 'Importera de felfria raderna', exact: false }).check();
    await page.getByRole('button', { name: 'Importera', exact: true }).click();
    await page.getByText('1 poster importerades. Raderna nedan har fel', { exact: false }).waitFor();
    expect(await b.db.selectFrom('directory_entries').select('id').where('name', '=', 'Importlinjen (fiktiv)').executeTakeFirst()).toBeDefined();
  });

  test('the case page lists the case’s referrals: "Hänvisa till stöd" to a directory entry, then its outcome recorded', async () => {
    const adult = await unitId(b.db, 'Vuxenenheten (test)', 'adult');
    const intake = await b.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    const contact = await intake.post('/api/intake/contacts', makeContact({ statedAge: 30, unitId: adult }, { identityMode: 'pseudonymous', pseudonym: 'Fiktiv Hänvisad' }));
    const caseId = contact.body.case.id as string;
    const { page } = await b.page();
    await signInWithTotp(page, b.baseUrl, await b.user([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]));
    await page.goto(`${b.baseUrl}/arenden/${caseId}`);
    const section = page.getByRole('region', { name: 'Hänvisningar till stöd' });
    await section.getByText('Ärendet har inga hänvisningar.').waitFor();
    await section.getByLabel('Sök i resurskatalogen').fill('stödlinjen');
    await section.getByRole('button', { name: 'Sök', exact: true }).click();
    await section.getByLabel('Till', { exact: true }).selectOption({ label: 'Nationella stödlinjen för personer som säljer sex (fiktiv)' });
    await section.getByRole('button', { name: 'Hänvisa till stöd' }).click();
    await section.getByText('Hänvisningen till Nationella stödlinjen för personer som säljer sex (fiktiv) är registrerad.').waitFor();
    const table = section.getByRole('table', { name: 'Hänvisningar till stöd' });
    await table.getByRole('rowheader', { name: 'Nationella stödlinjen för personer som säljer sex (fiktiv)' }).waitFor();
    await expectNoAxeViolations(page, 'case referrals');
    await table.getByLabel('Utfall för Nationella stödlinjen för personer som säljer sex (fiktiv)', { exact: true }).selectOption('accepted');
    await table.getByRole('button', { name: 'Spara utfall' }).click();
    await expect.poll(async () => (await b.db.selectFrom('referrals').select('outcome').where('case_id', '=', caseId).executeTakeFirst())?.outcome).toBe('accepted');
    const row = await b.db.selectFrom('referrals').select(['basis', 'consent_id', 'referred_by']).where('case_id', '=', caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ basis: 'consent' });
    expect(row.consent_id).not.toBeNull();
    expect(row.referred_by).not.toBeNull();
  });
});
