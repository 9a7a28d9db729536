import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { currentTotp } from '../core/auth/totp.ts';
import { TEST_PASSWORD, startTestApp, type TestApp, type TestUser } from './app.ts';
import { createTestDatabase, databaseTargets, type TestDatabase } from './databases.ts';

/**
 * Browser tests drive Debian's Chromium through playwright-core against a real Utväg listening on
 * localhost, with the built web app (npm test builds it first; alone: npx vite build).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

export interface BrowserApp {
  app: TestApp;
  baseUrl: string;
  database: TestDatabase;
  stop(): Promise<void>;
}

/** A listening Utväg on a fresh database (the embedded target by default). */
export async function startBrowserApp(env: Record<string, string> = {}, target = databaseTargets()[0]!): Promise<BrowserApp> {
  const database = await createTestDatabase(target);
  const app = await startTestApp(database.url, { HOST: '127.0.0.1', ...env }, { listen: true });
  const port = (app.app.server.address() as { port: number }).port;
  return {
    app,
    database,
    baseUrl: `http://localhost:${port}`,
    async stop() {
      await app.stop();
      await database.drop();
    },
  };
}

/** Signs in through the sign-in page as a person would: password, then the TOTP code. */
export async function signInWithTotp(page: Page, baseUrl: string, user: Pick<TestUser, 'username' | 'totpSecret'>, password = TEST_PASSWORD): Promise<void> {
  await page.goto(baseUrl + '/');
  await page.getByLabel(/Användarnamn|Username/).fill(user.username);
  await page.getByLabel(/Lösenord|Password/).fill(password);
  await page.getByRole('button', { name: /Fortsätt|Continue/ }).click();
  await page.getByLabel(/Sexsiffrig kod|Six-digit code/).fill(await currentTotp(user.totpSecret));
  await page.getByRole('button', { name: /^(Logga in|Sign in)$/ }).click();
  await page.getByRole('navigation').waitFor();
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on the page and fails with the violations listed.
 * Evaluated through the DevTools protocol, so the page's strict CSP stays on.
 */
export async function expectNoAxeViolations(page: Page, context = 'page'): Promise<void> {
  const violations = await page.evaluate(async (source) => {
    // eslint-disable-next-line no-eval
    (0, eval)(source);
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, axeSource);
  expect(violations, `axe violations on ${context}`).toEqual([]);
}
