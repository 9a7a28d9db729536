import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';

/**
 * The administrator's link between an account and an identity at the OIDC provider (issue 8,
 * item 7), on the user's page: shown with its issuer and subject, made, removed, audited, and not
 * offered for one's own account.
 */
const ISSUER = 'https://idp.example.test';
const b = useBrowserApp({ env: { OIDC_ISSUER: ISSUER, OIDC_CLIENT_ID: 'utvag', OIDC_CLIENT_SECRET: 'fiktiv-klienthemlighet' } });

describe('linking an OIDC identity on the user page', () => {
  test('the administrator links and unlinks another account; their own page offers no link', async () => {
    const admin = await b.user([{ role: 'administrator' }], { displayName: 'Alma Admin' });
    const staff = await b.user([{ role: 'caseworker', unit: 'Nexus – vuxna' }], { displayName: 'Kim Kopplad' });
    const { page } = await b.page();
    await signInWithTotp(page, b.baseUrl, admin);
    await page.getByRole('heading', { name: 'Välkommen, Alma Admin' }).waitFor();

    await page.goto(`${b.baseUrl}/organisation/personal/${staff.id}`);
    await page.getByRole('heading', { level: 1, name: 'Kim Kopplad' }).waitFor();
    const panel = page.getByRole('region', { name: 'Inloggning via kommunens identitetstjänst' });
    await panel.getByText('Kontot är inte kopplat till någon inloggning hos identitetstjänsten.').waitFor();
    await panel.getByText(`Identitetstjänst: ${ISSUER}`).waitFor();
    await expectNoAxeViolations(page, 'user page with the OIDC link form');

    await panel.getByLabel('Personens id hos identitetstjänsten (subject)').fill('fiktiv-sub-4711');
    await panel.getByRole('button', { name: 'Koppla inloggningen' }).click();
    await page.getByRole('status').filter({ hasText: 'Inloggningen är kopplad till kontot för Kim Kopplad.' }).waitFor();
    await panel.getByRole('definition').filter({ hasText: 'fiktiv-sub-4711' }).waitFor();
    await expect.poll(() => panel.getByRole('definition').allTextContents()).toEqual([ISSUER, 'fiktiv-sub-4711']);
    await expectNoAxeViolations(page, 'user page with a linked identity');

    const row = await b.db.selectFrom('users').select(['oidc_issuer', 'oidc_subject']).where('id', '=', staff.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ oidc_issuer: ISSUER, oidc_subject: 'fiktiv-sub-4711' });
    const audited = await b.db.selectFrom('audit_log').select(['actor_user_id', 'fields', 'details']).where('record_type', '=', 'user').where('record_id', '=', staff.id).where('action', '=', 'update').execute();
    expect(audited).toEqual([
      { actor_user_id: admin.id, fields: ['oidcIdentity'], details: { oidcIdentity: { before: null, after: { issuer: ISSUER, subject: 'fiktiv-sub-4711' } } } },
    ]);

    // Removing it asks first.
    await panel.getByRole('button', { name: 'Ta bort kopplingen' }).click();
    const question = panel.getByRole('group', { name: 'Ta bort kopplingen för Kim Kopplad? Personens sessioner avslutas.' });
    await question.getByRole('button', { name: 'Ta bort kopplingen' }).click();
    await page.getByRole('status').filter({ hasText: 'Kopplingen för Kim Kopplad är borttagen' }).waitFor();
    await panel.getByText('Kontot är inte kopplat till någon inloggning hos identitetstjänsten.').waitFor();
    expect(await b.db.selectFrom('users').select(['oidc_issuer', 'oidc_subject']).where('id', '=', staff.id).executeTakeFirstOrThrow()).toEqual({ oidc_issuer: null, oidc_subject: null });
    const afterUnlink = await b.db.selectFrom('audit_log').select('details').where('record_type', '=', 'user').where('record_id', '=', staff.id).where('action', '=', 'update').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(afterUnlink.details).toEqual({ oidcIdentity: { before: { issuer: ISSUER, subject: 'fiktiv-sub-4711' }, after: null } });

    // One's own account: shown, but nothing to link (the server refuses it too).
    await page.goto(`${b.baseUrl}/organisation/personal/${admin.id}`);
    await page.getByRole('heading', { level: 1, name: 'Alma Admin' }).waitFor();
    const own = page.getByRole('region', { name: 'Inloggning via kommunens identitetstjänst' });
    await own.getByText('Du kan inte koppla din egen inloggning. Be en annan administratör.').waitFor();
    expect(await own.getByRole('button').count()).toBe(0);
    expect(await own.getByLabel('Personens id hos identitetstjänsten (subject)').count()).toBe(0);
    await expectNoAxeViolations(page, 'own user page');
  });
});
