import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { currentTotp } from '../core/auth/totp.ts';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { TEST_PASSWORD, unitId } from '../testing/app.ts';
import { todayIso } from './kit/data.ts';

/**
 * The staff web app in a real Chromium under the server's strict CSP: the administrator's pages,
 * the audit reviewer's pages, TOTP enrolment and the idle timeout. Every page visited is checked
 * with axe (WCAG 2.1 AA) and for CSP violations and script errors.
 */
// Every page is watched by the harness for CSP violations, console errors and script errors. The
// test provokes conflicts on purpose, so a 409 answer (logged by Chromium as an error) is expected.
const b = useBrowserApp({ expectedHttpErrors: [409] });
const unitIdOf = (name: string, kind: string) => unitId(b.db, name, kind);

/** Every page visited: no axe violations, no CSP violation or script error so far; a screenshot to look at. */
async function checkPage(page: Page, problems: string[], name: string) {
  await expectNoAxeViolations(page, name);
  expect(problems, `console errors or CSP violations on ${name}`).toEqual([]);
  await page.screenshot({ path: `/tmp/utvag-${name}.png`, fullPage: true });
}

async function openFromMenu(page: Page, label: string, heading: string) {
  await page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

describe('staff web app', () => {
  test('the administrator manages units, staff, partners and retention; the audit reviewer sees it in the log', async () => {
    const admin = await b.user([{ role: 'administrator' }], { displayName: 'Astrid Admin' });
    const reviewer = await b.user([{ role: 'audit_reviewer' }], { displayName: 'Rut Granskare' });
    const { page, problems } = await b.page();

    await page.goto(b.baseUrl + '/');
    await page.getByRole('heading', { name: 'Logga in' }).waitFor();
    await checkPage(page, problems, 'sign-in');
    await signInWithTotp(page, b.baseUrl, admin);
    await page.getByRole('heading', { name: 'Välkommen, Astrid Admin' }).waitFor();
    await checkPage(page, problems, 'home');

    // Units: create one and see it listed.
    await openFromMenu(page, 'Enheter', 'Enheter');
    const newUnit = page.getByRole('region', { name: 'Ny enhet' });
    await newUnit.getByLabel('Namn', { exact: true }).fill('Testenheten Norr');
    await newUnit.getByLabel('Typ av enhet').selectOption({ label: 'Uppsökande' });
    await newUnit.getByRole('button', { name: 'Skapa enhet' }).click();
    await page.getByRole('status').filter({ hasText: 'Enheten Testenheten Norr har skapats.' }).waitFor();
    const unitRow = page.getByRole('row', { name: /Testenheten Norr/ });
    await expect.poll(() => unitRow.getByRole('cell').allTextContents()).toContain('Uppsökande');
    await checkPage(page, problems, 'units');
    // A duplicate name: the server's message is shown next to the form.
    await newUnit.getByLabel('Namn', { exact: true }).fill('Testenheten Norr');
    await newUnit.getByRole('button', { name: 'Skapa enhet' }).click();
    await newUnit.getByRole('alert').filter({ hasText: 'Det finns redan en enhet med det namnet.' }).waitFor();

    // Rename, change kind and deactivate a second unit; typing keeps focus in the field.
    await newUnit.getByLabel('Namn', { exact: true }).fill('Tillfällig enhet');
    await newUnit.getByRole('button', { name: 'Skapa enhet' }).click();
    await page.getByRole('button', { name: 'Ändra Tillfällig enhet' }).click();
    const editUnit = page.getByRole('region', { name: 'Ändra enheten Tillfällig enhet' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('edit-unit');
    await editUnit.getByLabel('Namn', { exact: true }).focus();
    await page.keyboard.press('End');
    await page.keyboard.type(' B');
    expect(await editUnit.getByLabel('Namn', { exact: true }).inputValue()).toBe('Tillfällig enhet B');
    await editUnit.getByLabel('Typ av enhet').selectOption({ label: 'Annan' });
    await editUnit.getByRole('button', { name: 'Spara' }).click();
    await page.getByRole('status').filter({ hasText: 'Enheten Tillfällig enhet B har sparats.' }).waitFor();
    await page.getByRole('button', { name: 'Inaktivera Tillfällig enhet B' }).click();
    // Asked first, in words.
    await page.getByText(/Inaktivera Tillfällig enhet B\? Enheten får inga nya ärenden/).waitFor();
    await page.getByRole('button', { name: 'Ja, inaktivera' }).click();
    await page.getByRole('status').filter({ hasText: 'Enheten Tillfällig enhet B har inaktiverats.' }).waitFor();
    await expect.poll(() => page.getByRole('row', { name: /Tillfällig enhet B/ }).getByRole('cell').allTextContents()).toEqual(['Annan', 'Hela kommunen', 'Inaktiv', 'ÄndraAktivera']);

    // Staff: create a caseworker at the new unit and see them listed with role and unit.
    await openFromMenu(page, 'Personal', 'Personal');
    // axe on the list as drawn, not on the heading alone: wait for the administrator's own row.
    await page.getByRole('row').filter({ hasText: 'Astrid Admin' }).first().waitFor();
    await checkPage(page, problems, 'staff');
    await page.getByRole('link', { name: 'Ny användare' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ny användare' }).waitFor();
    await page.getByLabel('Namn', { exact: true }).fill('Maja Handläggare');
    await page.getByLabel('Användarnamn', { exact: true }).fill('maja.h');
    await page.getByLabel('E-post (frivilligt)').fill('maja.h@example.invalid');
    await page.getByLabel('Första lösenord').fill('ett-langt-forsta-losenord');
    await page.getByRole('button', { name: 'Lägg till roll' }).click();
    const grant = page.getByRole('group', { name: 'Roll 1' });
    await grant.getByLabel('Roll', { exact: true }).selectOption({ label: 'Handläggare' });
    await grant.getByLabel('Enhet', { exact: true }).selectOption({ label: 'Testenheten Norr' });
    await checkPage(page, problems, 'staff-new');
    await page.getByRole('button', { name: 'Skapa användare' }).click();
    await page.getByRole('status').filter({ hasText: 'Kontot för Maja Handläggare har skapats.' }).waitFor();
    const majaRow = page.getByRole('row', { name: /Maja Handläggare/ });
    await expect.poll(() => majaRow.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['maja.h', 'Handläggare (Testenheten Norr)', 'Inte kopplad än']));

    // Filter by unit: only the new caseworker holds a role there.
    await page.getByLabel('Enhet', { exact: true }).selectOption({ label: 'Testenheten Norr' });
    await page.getByRole('button', { name: 'Sök' }).click();
    await expect.poll(() => page.getByRole('row').count()).toBe(2);

    // Edit: a change someone else made first is refused with a reload offer (optimistic locking).
    await majaRow.getByRole('link', { name: 'Maja Handläggare' }).click();
    await page.getByRole('heading', { level: 1, name: 'Maja Handläggare' }).waitFor();
    await checkPage(page, problems, 'staff-edit');
    await b.db.updateTable('users').set((eb) => ({ version: eb('version', '+', 1) })).where('username', '=', 'maja.h').execute();
    await page.getByLabel('Namn', { exact: true }).fill('Maja H. Handläggare');
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByRole('alert').filter({ hasText: 'Uppgifterna har ändrats av någon annan.' }).waitFor();
    await page.getByRole('button', { name: 'Ladda om' }).click();
    await expect.poll(() => page.getByLabel('Namn', { exact: true }).inputValue()).toBe('Maja Handläggare');
    await page.getByLabel('Namn', { exact: true }).fill('Maja H. Handläggare');
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByRole('status').filter({ hasText: 'Ändringarna har sparats.' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Maja H. Handläggare' }).waitFor();
    // Reset sign-in: one factor at a time (both at once would let the administrator enrol an app
    // as the person); Maja has not signed in yet, so a new one-time password.
    const before = await b.db.selectFrom('users').select('password_hash').where('username', '=', 'maja.h').executeTakeFirstOrThrow();
    // (Both at once is refused: src/core/auth/sign-in-attacks.test.ts.)
    await page.getByLabel('Nytt lösenord').fill('ett-annat-langt-losenord');
    await page.getByRole('button', { name: 'Återställ inloggning' }).click();
    await page.getByRole('status').filter({ hasText: 'Inloggningen för Maja H. Handläggare har återställts' }).waitFor();
    const after = await b.db.selectFrom('users').select(['password_hash', 'must_change_password']).where('username', '=', 'maja.h').executeTakeFirstOrThrow();
    expect(after.password_hash).not.toBe(before.password_hash);
    expect(after.must_change_password).toBe(true);

    // Partners: an external partner account with its organisation.
    await openFromMenu(page, 'Externa partner', 'Externa partner');
    await page.getByRole('link', { name: 'Nytt partnerkonto' }).click();
    await page.getByLabel('Namn', { exact: true }).fill('Petra Partner');
    await page.getByLabel('Användarnamn', { exact: true }).fill('petra.p');
    await page.getByLabel('Partnerorganisation').fill('Fiktiva mottagningen');
    await page.getByLabel('Första lösenord').fill('ett-langt-forsta-losenord');
    await page.getByRole('button', { name: 'Skapa partnerkonto' }).click();
    await page.getByRole('status').filter({ hasText: 'Kontot för Petra Partner har skapats.' }).waitFor();
    await expect.poll(() => page.getByRole('row', { name: /Petra Partner/ }).getByRole('cell').allTextContents()).toEqual(
      expect.arrayContaining(['Fiktiva mottagningen', 'Extern partner']),
    );
    await checkPage(page, problems, 'partners');

    // Retention: change a period, run now and see the run logged.
    await openFromMenu(page, 'Gallring', 'Gallring');
    await page.getByLabel('Antal dagar för Kvarlämnade inloggningsförsök').fill('3');
    await page.getByRole('row', { name: /Kvarlämnade inloggningsförsök/ }).getByRole('button', { name: 'Spara' }).click();
    await page.getByRole('status').filter({ hasText: 'Gallringsfristen för Kvarlämnade inloggningsförsök är nu 3 dagar.' }).waitFor();
    await page.getByRole('button', { name: 'Kör gallring nu' }).click();
    // Deleting data asks first, in words; the question takes the focus.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toMatch(/Det går inte att ångra/);
    await page.getByRole('button', { name: 'Ja, gallra nu' }).click();
    await page.getByRole('status').filter({ hasText: /Gallringen är klar/ }).waitFor();
    await page.getByRole('cell', { name: 'Manuellt' }).first().waitFor();
    await checkPage(page, problems, 'retention');

    // English: every text of the page and the menu changes.
    await page.getByLabel('Språk').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Retention' }).waitFor();
    await page.getByRole('button', { name: 'Run retention now' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await checkPage(page, problems, 'retention-en');
    await openFromMenu(page, 'Staff', 'Staff');
    await page.getByRole('row', { name: /Maja H\. Handläggare/ }).getByRole('cell', { name: 'Caseworker (Testenheten Norr)' }).waitFor();
    await checkPage(page, problems, 'staff-en');
    await openFromMenu(page, 'Units', 'Units');
    await page.getByRole('cell', { name: 'Outreach' }).waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await checkPage(page, problems, 'signed-out-en');

    // The audit reviewer, in a browser of their own, finds the administrator's actions.
    const r = await b.page();
    await signInWithTotp(r.page, b.baseUrl, reviewer);
    await openFromMenu(r.page, 'Sök i loggen', 'Sök i loggen');
    // The form's choices come from the server: axe runs once they are there.
    await r.page.getByLabel('Användare', { exact: true }).locator('option', { hasText: `Astrid Admin (${admin.username})` }).waitFor({ state: 'attached' });
    await r.page.getByLabel('Posttyp').locator('option', { hasText: 'Enhet' }).first().waitFor({ state: 'attached' });
    await checkPage(r.page, r.problems, 'audit-search');
    await r.page.getByLabel('Användare', { exact: true }).selectOption({ label: `Astrid Admin (${admin.username})` });
    // The record types come from the manifests: a select, labelled in the reader's language.
    await r.page.getByLabel('Posttyp').selectOption({ label: 'Enhet' });
    await r.page.getByRole('button', { name: 'Sök', exact: true }).click();
    await r.page.getByRole('heading', { name: 'Loggposter' }).waitFor();
    // The two units created, one renamed and deactivated; nothing about accounts.
    await r.page.getByRole('status').filter({ hasText: '4 loggposter visas, nyast först.' }).waitFor();
    const created = r.page.getByRole('row').filter({ hasText: 'Skapade' }).last();
    await expect.poll(() => created.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['Astrid Admin', 'Systemadministratör', 'Skapade', 'Namn, Typ, Stadsdel', 'Användaradministration']));
    await expect.poll(() => created.getByRole('cell').nth(4).textContent()).toMatch(/^Enhet/);
    await expect.poll(() => r.page.getByRole('row').filter({ hasText: 'Ändrade' }).count()).toBe(2);
    expect(await r.page.getByRole('row').filter({ hasText: 'Listade' }).count()).toBe(0);
    await checkPage(r.page, r.problems, 'audit-results');
    await r.page.getByLabel('Posttyp').selectOption('user');
    await r.page.getByRole('button', { name: 'Sök', exact: true }).click();
    await r.page.getByRole('row').filter({ hasText: 'Listade' }).first().waitFor();
    await r.page.getByRole('row').filter({ hasText: 'Skapade' }).filter({ hasText: 'Användarnamn, Namn, E-post, Typ, Roller och enheter' }).first().waitFor();

    await openFromMenu(r.page, 'Loggkontroller', 'Loggkontroller');
    await r.page.getByRole('button', { name: 'Kontrollera kedjan' }).click();
    await r.page.getByRole('status').filter({ hasText: 'Kedjan är hel.' }).waitFor();
    const today = todayIso();
    await r.page.getByLabel('Perioden från').fill(today);
    await r.page.getByLabel('Perioden till').fill(today);
    await r.page.getByLabel('Omfattning').fill('Administratörens ändringar av enheter och konton');
    await r.page.getByLabel('Resultat').fill('Inga avvikelser.');
    await r.page.getByRole('button', { name: 'Spara loggkontrollen' }).click();
    await r.page.getByRole('status').filter({ hasText: 'Loggkontrollen har sparats.' }).waitFor();
    await r.page.getByRole('cell', { name: 'Administratörens ändringar av enheter och konton' }).waitFor();
    await checkPage(r.page, r.problems, 'audit-reviews');

    // Idle timeout: the server no longer knows the session; the next request returns to sign-in.
    await b.db.deleteFrom('sessions').where('user_id', '=', reviewer.id).execute();
    await r.page.getByRole('navigation').getByRole('link', { name: 'Sök i loggen' }).click();
    await r.page.getByRole('heading', { name: 'Logga in' }).waitFor();
    await r.page.getByRole('status').filter({ hasText: 'Du har varit inaktiv för länge och har loggats ut.' }).waitFor();
    await checkPage(r.page, r.problems, 'session-expired');
  });

  test('a new account enrols an authenticator app from the QR code page, replaces its one-time password and lands signed in', async () => {
    const user = await b.user([{ role: 'caseworker', unit: 'Enrolment unit' }], { displayName: 'Nora Ny' });
    await b.db.updateTable('users').set({ totp_secret: null, totp_enabled_at: null, must_change_password: true }).where('id', '=', user.id).execute();
    const { page, problems } = await b.page();

    await page.goto(b.baseUrl + '/');
    await page.getByLabel('Användarnamn', { exact: true }).fill(user.username);
    await page.getByLabel('Lösenord').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Fortsätt' }).click();
    await page.getByRole('heading', { name: 'Koppla en autentiseringsapp' }).waitFor();
    const qr = page.getByRole('img', { name: 'QR-kod för att koppla autentiseringsappen' });
    await qr.waitFor();
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const secret = (await page.locator('figure.qr figcaption code').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await checkPage(page, problems, 'enrol');

    await page.getByLabel('Sexsiffrig kod från autentiseringsappen').fill(await currentTotp(secret));
    await page.getByRole('button', { name: 'Logga in' }).click();
    // The one-time password is replaced before there is a session.
    await page.getByRole('heading', { name: 'Välj ett eget lösenord' }).waitFor();
    await checkPage(page, problems, 'new-password');
    await page.getByLabel('Nytt lösenord').fill('mitt eget långa lösenord');
    await page.getByLabel('Upprepa det nya lösenordet').fill('mitt eget långa lösenord');
    await page.getByRole('button', { name: 'Spara och logga in' }).click();
    await page.getByRole('heading', { name: 'Välkommen, Nora Ny' }).waitFor();
    const stored = await b.db.selectFrom('users').select(['totp_secret', 'totp_enabled_at']).where('id', '=', user.id).executeTakeFirstOrThrow();
    // Encrypted at rest: the secret the app shows is not what the database holds.
    expect(stored.totp_secret).not.toContain(secret);
    expect(stored.totp_enabled_at).not.toBeNull();
    // My account: the person changes their own password (the current one is asked for).
    await page.getByRole('link', { name: 'Mitt konto' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mitt konto' }).waitFor();
    await checkPage(page, problems, 'account');
    await page.getByLabel('Nuvarande lösenord').fill('mitt eget långa lösenord');
    await page.getByLabel('Nytt lösenord').fill('ett ännu nyare lösenord');
    await page.getByLabel('Upprepa det nya lösenordet').fill('ett ännu nyare lösenord');
    await page.getByRole('button', { name: 'Byt lösenord' }).click();
    await page.getByRole('status').filter({ hasText: 'Lösenordet är bytt.' }).waitFor();
    // A caseworker has none of the administrator's pages.
    await expect.poll(() => page.getByRole('navigation').getByRole('link').allTextContents()).not.toContain('Enheter');
    expect(await page.getByRole('navigation').getByRole('link').allTextContents()).not.toContain('Gallring');
    await page.goto(b.baseUrl + '/organisation/enheter');
    await page.getByRole('heading', { name: 'Du har inte behörighet till den här sidan.' }).waitFor();
    await checkPage(page, problems, 'no-access');
  });

  test('each role’s menu and start page show what it can use, with its roles and units', async () => {
    const adult = await unitIdOf('Vuxenenheten (test)', 'adult');
    const kast = await unitIdOf('KAST (test)', 'kast');
    expect(adult).not.toBe(kast);
    const caseworker = await b.user([{ role: 'caseworker', unit: 'Vuxenenheten (test)' }, { role: 'unit_manager', unit: 'Vuxenenheten (test)' }]);
    const kastWorker = await b.user([{ role: 'caseworker', unit: 'KAST (test)' }]);
    const partner = await b.user([{ role: 'external_partner', unit: null }]);
    const analyst = await b.user([{ role: 'analyst', unit: null }]);
    const menu = (page: Page) => page.getByRole('navigation', { name: 'Huvudmeny' });

    // A caseworker outside KAST: no KAST chat in the menu, and its address answers with a plain refusal.
    const { page, problems } = await b.page();
    await signInWithTotp(page, b.baseUrl, caseworker);
    await page.getByRole('heading', { name: 'Dina roller' }).waitFor();
    await page.getByText('Handläggare (Vuxenenheten (test))').waitFor();
    await page.getByText('Enhetschef (Vuxenenheten (test))').waitFor();
    await page.getByRole('heading', { name: 'Det här kan du göra' }).waitFor();
    await expect(page.getByRole('main').getByRole('listitem').filter({ hasText: /^Ärenden$/ }).count()).resolves.toBe(1);
    await expect(menu(page).getByRole('link', { name: 'KAST-chatt' }).count()).resolves.toBe(0);
    await expect(page.getByRole('main').getByText('KAST-chatt').count()).resolves.toBe(0);
    await checkPage(page, problems, 'start-caseworker');
    await page.goto(`${b.baseUrl}/chat/kast`);
    await page.getByRole('heading', { name: 'Du har inte behörighet till den här sidan.' }).waitFor();

    // A KAST caseworker has it.
    const kastPage = (await b.page()).page;
    await signInWithTotp(kastPage, b.baseUrl, kastWorker);
    await menu(kastPage).getByRole('link', { name: 'KAST-chatt' }).waitFor();

    // The external partner has one page and starts on it.
    const partnerPage = (await b.page()).page;
    await signInWithTotp(partnerPage, b.baseUrl, partner);
    await partnerPage.getByRole('heading', { level: 1, name: 'Planer jag är inbjuden till' }).waitFor();
    expect(new URL(partnerPage.url()).pathname).toBe('/partner');

    // A role with no page yet is told so in plain words, not left with an empty page.
    const analystPage = (await b.page()).page;
    await signInWithTotp(analystPage, b.baseUrl, analyst);
    await analystPage.getByText('Analytiker (hela organisationen)').waitFor();
    // The analyst's start page says what it can do, statistics among it, and the menu leads there.
    await analystPage.getByRole('heading', { name: 'Det här kan du göra' }).waitFor();
    await expect(menu(analystPage).getByRole('link', { name: 'Statistik', exact: true }).count()).resolves.toBe(1);
    await expectNoAxeViolations(analystPage, 'start-analyst');
    await expect(analystPage.getByRole('main').getByRole('listitem').filter({ hasText: /^Statistik$/ }).count()).resolves.toBe(1);
    await menu(analystPage).getByRole('link', { name: 'Statistik', exact: true }).click();
    await analystPage.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();
    expect(new URL(analystPage.url()).pathname).toMatch(/^\/statistik|^\/statistics/);
  });

  test('the CSP watch notices a violation (so the checks above can fail)', async () => {
    const { page, problems, dismiss } = await b.page();
    await page.goto(b.baseUrl + '/');
    await page.getByRole('heading', { name: 'Logga in' }).waitFor();
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.inlineRan = true';
      document.body.appendChild(s);
    });
    await expect.poll(() => problems.join('\n')).toMatch(/CSP violation: script-src/);
    expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
    // Provoked on purpose: taken out of the watch, which would otherwise fail this test at its end.
    expect(dismiss(/CSP violation|Content Security Policy/).length).toBeGreaterThan(0);
  });
});
