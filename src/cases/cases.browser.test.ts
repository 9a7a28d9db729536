import { sql } from 'kysely';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { makeContact, routingUnits } from './testing.ts';

const b = useBrowserApp();
beforeAll(async () => {
  await routingUnits(b.db);
  // The Barnahus referral is the directory's (one referral model): its well-known entry must exist.
  const owner = (await b.db.selectFrom('units').select('id').limit(1).executeTakeFirstOrThrow()).id;
  await sql`insert into directory_entries (well_known, name, kind, offer_sv, offer_en, target_groups, owner_unit_id, visibility)
    values ('barnahus', 'Barnahus (test)', 'regional', 'Barnahus.', 'Barnahus.', '{children_young}', ${owner}, 'internal') on conflict (well_known) do nothing`.execute(b.db);
});

async function newPage(): Promise<Page> {
  return (await b.page({ locale: 'sv-SE' })).page;
}

describe('intake and case record in the browser', () => {
  test('a caseworker registers an anonymous contact from a 16-year-old: children’s intake, victim, Barnahus offered', async () => {
    const user = await b.user([{ role: 'caseworker', unit: 'Barn och unga (test)' }]);
    const page = await newPage();
    await signInWithTotp(page, b.baseUrl, user);
    await page.getByRole('link', { name: 'Ny kontakt' }).click();
    await page.getByRole('heading', { name: 'Registrera kontakt' }).waitFor();
    await expectNoAxeViolations(page, 'intake form');
    await page.getByLabel('Hur kom kontakten?').selectOption('street_outreach');
    await page.getByLabel('Ålder (som den uppgavs)').fill('16');
    await page.getByLabel('Sex mot ersättning/prostitution').check();
    await page.getByLabel('Vad sades om samtycke?').selectOption('yes');
    await page.getByLabel('Sammanfattning').fill('Fiktiv: träffad vid uppsök, säger att hon gör det frivilligt.');
    // The draft is autosaved on the server while the intake is being written.
    await page.getByText(/Utkastet sparades/).waitFor();
    await page.getByRole('button', { name: 'Registrera kontakt' }).click();
    await page.getByText('Kontakten är registrerad och ärendet ligger hos Barn och unga (test).').waitFor();
    await expect(page.getByText('Ärendet är klassat som utsatt för sexuell exploatering.').isVisible()).resolves.toBe(true);
    await expect(page.getByText('Barnahus kan erbjudas, även utan polisanmälan.').isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page, 'intake result');
    await page.getByRole('link', { name: 'Öppna ärendet' }).click();
    await page.getByRole('heading', { name: 'Ärende: Anonym' }).waitFor();
    await expect(page.getByText('Utsatt för sexuell exploatering').isVisible()).resolves.toBe(true);
    await expect(page.getByText('15–17 år').first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Hänvisa till Barnahus' }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page, 'child case page');
    // Irreversible: it asks first, with the date, and keeps the comment.
    await page.getByLabel('Kommentar').fill('Fiktiv: samråd med Barnahus, tid bokad.');
    await page.getByRole('button', { name: 'Hänvisa till Barnahus' }).click();
    await page.getByText(/Hänvisa till Barnahus .*\? Hänvisningen går inte att ta tillbaka här\./).waitFor();
    await expectNoAxeViolations(page, 'Barnahus confirmation');
    expect((await b.db.selectFrom('cases').select('barnahus').where('barnahus', '=', 'referred').execute()).length).toBe(0);
    await page.getByRole('button', { name: 'Ja, hänvisa' }).click();
    await page.getByText(/Hänvisad till Barnahus \d{4}-\d{2}-\d{2}\. Fiktiv: samråd med Barnahus, tid bokad\./).waitFor();
    await page.getByRole('link', { name: 'Ärenden', exact: true }).click();
    await page.getByRole('table').waitFor();
    await expectNoAxeViolations(page, 'case list');
    expect(await b.db.selectFrom('intake_drafts').select('key').execute()).toEqual([]);
  });

  test('an adult case from intake to closure, every read and write visible to the audit reviewer', async () => {
    const user = await b.user([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }], { displayName: 'Vera Vuxhandläggare' });
    const page = await newPage();
    await signInWithTotp(page, b.baseUrl, user);
    await page.goto(`${b.baseUrl}/kontakt/ny`);
    await page.getByLabel('Hur kom kontakten?').selectOption('phone');
    await page.getByLabel('Identitet').selectOption('identified');
    await page.getByLabel('Namn', { exact: true }).fill('Fiktiva Testperson');
    await page.getByLabel('Ålder (som den uppgavs)').fill('29');
    await page.getByLabel('Hemlöshet').check();
    await page.getByLabel('Sammanfattning').fill('Fiktiv: ringde om boende och försörjning.');
    await page.getByRole('button', { name: 'Registrera kontakt' }).click();
    await page.getByText('Kontakten är registrerad och ärendet ligger hos Vuxenenheten (test).').waitFor();
    await page.getByRole('link', { name: 'Öppna ärendet' }).click();
    await page.getByRole('heading', { name: 'Ärende: Fiktiva Testperson' }).waitFor();
    const caseId = page.url().split('/').pop()!;

    // The questions every client is asked, with the routine note shown to the caseworker.
    await page.getByText(/De här frågorna ställs till alla/).waitFor();
    await page.getByLabel('Har du någon gång haft sex för att få pengar, droger, någonstans att sova, mat eller något annat?').selectOption('yes');
    await page.getByLabel('Hur ofta dricker du alkohol?').selectOption('monthly');
    // A yes leads somewhere: what was done with the suggested support talk is recorded with the answers.
    await page.getByText('Nästa steg: erbjud stödsamtal.').waitFor();
    await page.getByLabel('Vad gjordes?').selectOption('offered_accepted');
    await page.getByRole('button', { name: 'Spara svaren' }).click();
    await page.getByText(/version 2, ställda/).waitFor();

    // A double click on Save makes one entry: the form is disabled while it sends, and the POST carries an Idempotency-Key.
    await page.getByLabel('Ny anteckning').fill('Fiktiv anteckning: första samtalet, behov av boende och försörjning.');
    await page.getByRole('button', { name: 'Spara', exact: true }).dblclick();
    await page.getByText(/Osignerad, skriven av Vera Vuxhandläggare/).waitFor();
    await expect.poll(async () => (await b.db.selectFrom('journal_entries').select('id').where('case_id', '=', caseId).execute()).length).toBe(1);
    // Signing asks first, and says what cannot be undone; "Avbryt" signs nothing.
    await page.getByRole('button', { name: 'Signera', exact: true }).click();
    await page.getByText(/Signera anteckningen\? En signerad anteckning kan inte ändras/).waitFor();
    await page.getByRole('button', { name: 'Avbryt', exact: true }).click();
    expect((await b.db.selectFrom('journal_entries').select('signed_at').where('case_id', '=', caseId).executeTakeFirstOrThrow()).signed_at).toBeNull();
    await page.getByRole('button', { name: 'Signera', exact: true }).click();
    await page.getByRole('button', { name: 'Ja, signera' }).click();
    await page.getByText(/Signerad .* av Vera Vuxhandläggare/).waitFor();
    expect((await b.db.selectFrom('journal_entries').select('id').where('case_id', '=', caseId).execute()).length).toBe(1);
    await page.getByLabel('Ny anteckning').fill('Fiktiv anteckning två, signeras direkt.');
    await page.getByRole('button', { name: 'Spara och signera' }).click();
    await page.getByRole('button', { name: 'Ja, signera' }).click();
    await expect.poll(() => page.getByText(/Signerad .* av Vera Vuxhandläggare/).count()).toBe(2);

    for (const [action, step] of [['Starta förhandsbedömning', 'Förhandsbedömning'], ['Starta utredning', 'Utredning'], ['Gå vidare till beslut', 'Beslut']] as const) {
      await page.getByRole('button', { name: action }).click();
      await page.getByText(`${action}? Fasbytet sparas`).waitFor();
      await page.getByRole('button', { name: action }).click();
      await page.getByRole('listitem').filter({ hasText: `${step} – ` }).waitFor();
    }
    // Nothing is preselected, and an adult who is exposed is not offered KAST talks.
    expect(await page.getByLabel('Insats', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('Insats', { exact: true }).locator('option', { hasText: 'KAST-samtal' }).count()).toBe(0);
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
    const grant = async (support: string, reasoning: string) => {
      await page.getByLabel('Insats', { exact: true }).selectOption(support);
      await page.getByLabel('Beslut', { exact: true }).selectOption('granted');
      await page.getByLabel('Insatsen börjar').fill(today);
      await page.getByLabel('Insatsen slutar (planerat)').fill('2099-12-31');
      await page.getByLabel('Motivering', { exact: true }).fill(reasoning);
      await page.getByRole('button', { name: 'Fatta beslut' }).click();
    };
    await grant('economic_aid', 'Saknar försörjning under utredningstiden.');
    await page.getByRole('cell', { name: 'Ekonomiskt bistånd', exact: true }).waitFor();
    await grant('protected_housing', 'Behöver skyddat boende omgående av säkerhetsskäl.');
    await page.getByRole('cell', { name: 'Skyddat boende', exact: true }).waitFor();
    // Refusing economic aid because of money from a sex buyer shows the guidance before anything is saved.
    await page.getByLabel('Insats', { exact: true }).selectOption('economic_aid');
    await page.getByLabel('Beslut', { exact: true }).selectOption('refused');
    await page.getByLabel('Avslagsgrund').selectOption('sufficient_income');
    await page.getByLabel('Pengar från en sexköpare').check();
    await page.getByRole('alert').getByText(/hindrar inte ekonomiskt bistånd/).waitFor();
    await page.getByLabel('Beslut', { exact: true }).selectOption('');
    // A granted measure is ended with a date and a reason.
    await page.getByRole('row').filter({ hasText: 'Skyddat boende' }).getByRole('button', { name: 'Avsluta insatsen' }).click();
    await page.getByLabel('Skäl', { exact: true }).selectOption('goal_reached');
    await page.getByRole('button', { name: 'Avsluta', exact: true }).click();
    await page.getByText(`Avslutad ${today}: Målet är nått`).waitFor();
    await expectNoAxeViolations(page, 'adult case page');
    await page.getByRole('button', { name: 'Avsluta ärendet' }).click();
    await page.getByRole('button', { name: 'Avsluta ärendet' }).click();
    await page.getByText('Avslutat', { exact: true }).first().waitFor();
    await expect(page.getByRole('button', { name: 'Fatta beslut' }).count()).resolves.toBe(0);

    await page.getByRole('link', { name: 'Ärenden', exact: true }).click();
    await page.getByLabel('Sök person').fill('Testperson');
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await page.getByRole('link', { name: 'Fiktiva Testperson' }).waitFor();
    expect(page.url()).not.toContain('Testperson');

    const { person_id: personId } = await b.db.selectFrom('cases').select('person_id').where('id', '=', caseId).executeTakeFirstOrThrow();
    const reviewer = await b.signedIn([{ role: 'audit_reviewer', unit: null }]);
    const audit = await reviewer.get<Array<{ action: string; recordType: string; actorUserId: string; recordId: string | null }>>(`/api/audit/entries?personId=${personId}&limit=500`);
    expect(audit.status).toBe(200);
    const mine = audit.body.filter((e) => e.actorUserId === user.id);
    const count = (action: string, recordType: string) => mine.filter((e) => e.action === action && e.recordType === recordType).length;
    expect(count('create', 'person')).toBe(1);
    expect(count('create', 'contact')).toBe(1);
    expect(count('create', 'case')).toBe(1);
    expect(count('create', 'question_answers')).toBe(1);
    expect(count('create', 'journal_entry')).toBe(2);
    expect(count('update', 'journal_entry')).toBe(1); // the signature
    expect(count('create', 'decision')).toBe(2);
    expect(count('update', 'decision')).toBe(1); // the measure ended
    expect(count('update', 'case')).toBe(4); // three steps and the closure
    // Every time the case page was loaded is a read.
    expect(count('read', 'case')).toBeGreaterThanOrEqual(9);
  });

  test('a long journal: the latest 20 entries first, older ones on demand, the whole journal in a print view', async () => {
    const user = await b.user([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }], { displayName: 'Lina Långjournal' });
    const registrar = await b.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    const reg = await registrar.post<{ case: { id: string } }>('/api/intake/contacts', makeContact({ statedAge: 40 }, { identityMode: 'pseudonymous', pseudonym: 'Fiktiv Långjournal' }));
    expect(reg.status).toBe(201);
    const caseId = reg.body.case.id;
    const base = Date.parse('2026-01-10T12:00:00Z');
    await b.db
      .insertInto('journal_entries')
      .values(Array.from({ length: 27 }, (_, i) => ({ case_id: caseId, entry_date: '2026-01-10', text: `Fiktiv anteckning nummer ${i + 1}.`, author_id: user.id, corrects_id: null, written_at: new Date(base - i * 60_000) })))
      .execute();
    const page = await newPage();
    await signInWithTotp(page, b.baseUrl, user);
    await page.goto(`${b.baseUrl}/arenden/${caseId}`);
    await page.getByRole('heading', { name: 'Ärende: Fiktiv Långjournal' }).waitFor();
    const entries = page.locator('#journal-h ~ article');
    await expect.poll(() => entries.count()).toBe(20);
    await page.getByText('Visar de senaste 20 av 27 anteckningar.').waitFor();
    await page.getByRole('button', { name: 'Äldre anteckningar' }).click();
    await expect.poll(() => entries.count()).toBe(27);
    await page.getByText('Fiktiv anteckning nummer 27.').waitFor();
    await expect(page.getByRole('button', { name: 'Äldre anteckningar' }).count()).resolves.toBe(0);
    await expectNoAxeViolations(page, 'case page with older entries');

    await page.getByRole('link', { name: 'Utskriftsvy av hela journalen' }).click();
    await page.getByRole('heading', { name: 'Journal: Fiktiv Långjournal' }).waitFor();
    await page.getByText('Hela journalen, 27 anteckningar, nyast först.').waitFor();
    await expect(page.locator('article').count()).resolves.toBe(27);
    await expectNoAxeViolations(page, 'journal print view');
  });

  test('a new case waits unassigned until a caseworker takes it or is assigned; lists show its case number', async () => {
    const registrar = await b.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }], { displayName: 'Fiktiv Registrator' });
    const reg = await registrar.post('/api/intake/contacts', makeContact({ statedAge: 40 }));
    expect(reg.status).toBe(201);
    const caseId = reg.body.case.id as string;
    await b.db.updateTable('cases').set({ assigned_to: null }).where('id', '=', caseId).execute();
    const number = (await b.db.selectFrom('cases').select('number').where('id', '=', caseId).executeTakeFirstOrThrow()).number;

    const user = await b.user([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }], { displayName: 'Fiktiv Tagare' });
    const page = await newPage();
    await signInWithTotp(page, b.baseUrl, user);
    await page.goto(`${b.baseUrl}/arenden/${caseId}`);
    await page.getByText(number).first().waitFor();
    const assign = page.getByRole('form', { name: 'Handläggare för ärendet' });
    await expect(assign.getByLabel('Handläggare').inputValue()).resolves.toBe('');
    await expectNoAxeViolations(page, 'case page, unassigned');
    await assign.getByRole('button', { name: 'Ta ärendet själv' }).click();
    await expect.poll(() => page.locator('dl.facts').first().innerText()).toContain('Fiktiv Tagare');

    // It is now in "Mina ärenden", with its number.
    await page.goto(`${b.baseUrl}/arenden?scope=mine`);
    const row = page.getByRole('row', { name: new RegExp(number) });
    await row.waitFor();
    await expectNoAxeViolations(page, 'case list with numbers');

    // Re-assigned to the registrar.
    await page.goto(`${b.baseUrl}/arenden/${caseId}`);
    await assign.getByLabel('Handläggare').selectOption({ label: 'Fiktiv Registrator' });
    await assign.getByRole('button', { name: 'Byt handläggare' }).click();
    await expect.poll(() => page.locator('dl.facts').first().innerText()).toContain('Fiktiv Registrator');
    expect((await b.db.selectFrom('cases').select('assigned_to').where('id', '=', caseId).executeTakeFirstOrThrow()).assigned_to).not.toBe(user.id);
  });

  test('a minute before the idle timeout a warning offers to stay; a half-written entry is kept in the tab and restored after signing in again; an unsigned entry can be discarded', async () => {
    const user = await b.user([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }], { displayName: 'Fiktiv Utkastskrivare' });
    const registrar = await b.signedIn([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }]);
    const caseId = (await registrar.post('/api/intake/contacts', makeContact({ statedAge: 33 }))).body.case.id as string;
    const page = await newPage();
    await page.clock.install();
    await signInWithTotp(page, b.baseUrl, user);
    await page.goto(`${b.baseUrl}/arenden/${caseId}`);
    await page.getByLabel('Ny anteckning').fill('Fiktiv halvskriven anteckning om boendet.');

    // 14 of 15 minutes without a request: the warning, with the focus on its button.
    await page.clock.fastForward('14:05');
    const warning = page.getByRole('alertdialog', { name: 'Du loggas snart ut' });
    await warning.waitFor();
    await expect(page.getByRole('button', { name: 'Fortsätt vara inloggad' }).evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expectNoAxeViolations(page, 'idle warning');
    await page.getByRole('button', { name: 'Fortsätt vara inloggad' }).click();
    await expect.poll(() => warning.count()).toBe(0);

    // The server ends the session anyway (idle elsewhere): after signing in again, the draft is back.
    await b.db.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    // Signing in again within the same 30-second code window would be refused as a replay; a real user comes back later.
    await b.db.updateTable('users').set({ totp_last_step: null }).where('id', '=', user.id).execute();
    await page.reload();
    await page.getByRole('heading', { name: 'Logga in' }).waitFor();
    await signInWithTotp(page, b.baseUrl, user);
    await page.goto(`${b.baseUrl}/arenden/${caseId}`);
    await expect.poll(() => page.getByLabel('Ny anteckning').inputValue()).toBe('Fiktiv halvskriven anteckning om boendet.');

    // Saved: the draft is gone from the tab. The unsigned entry is discarded by its author, after a question.
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await page.getByText(/Osignerad, skriven av Fiktiv Utkastskrivare/).waitFor();
    await expect(page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('utvag.draft.')))).resolves.toEqual([]);
    await page.getByRole('button', { name: 'Kasta', exact: true }).click();
    await page.getByText(/Kasta anteckningen\? Den är inte signerad/).waitFor();
    await expectNoAxeViolations(page, 'discard question');
    await page.getByRole('button', { name: 'Ja, kasta' }).click();
    await expect.poll(() => page.getByText(/Osignerad, skriven av Fiktiv Utkastskrivare/).count()).toBe(0);
    expect(await b.db.selectFrom('journal_entries').select('id').where('case_id', '=', caseId).execute()).toEqual([]);

    // A draft is forgotten on signing out.
    await page.getByLabel('Ny anteckning').fill('Fiktiv text som inte ska finnas kvar.');
    await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
    await page.getByRole('heading', { name: 'Logga in' }).waitFor();
    await expect(page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('utvag.draft.')))).resolves.toEqual([]);
  });
});
