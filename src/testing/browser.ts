import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { currentTotp } from '../core/auth/totp.ts';
import { TEST_PASSWORD, type TestUser } from './app.ts';
import { databaseTargets, type TestDatabaseTarget } from './databases.ts';
import { useTestApp, type Env, type TestAppHandle } from './harness.ts';

/**
 * Browser tests drive Debian's Chromium through playwright-core against a real Utväg listening on
 * localhost, with the built web app (the global setup builds it when it is missing or stale).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

/** A page in a browser context of its own, watched for CSP violations, console errors, uncaught exceptions and requests to another origin. */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** What went wrong so far; the harness fails the test when it is not empty at its end. */
  problems: string[];
  /** Takes the problems matching the pattern out of the list (one a test provoked on purpose) and returns them. */
  dismiss(pattern: RegExp): string[];
}

export interface BrowserAppOptions {
  env?: Env;
  /** The embedded database by default. */
  target?: TestDatabaseTarget;
  /**
   * HTTP error statuses a page may answer with in this file. Chromium logs every 4xx answer as a
   * console error; 401 is expected everywhere (the sign-in page asks /api/auth/me before anyone is
   * signed in). Any other (a 403 from a page calling a route its user may not use, say) is a problem.
   */
  expectedHttpErrors?: number[];
}

export interface BrowserAppHandle extends TestAppHandle {
  readonly browser: Browser;
  /** A new watched page (a browser context of its own, so a person of their own). */
  page(options?: BrowserContextOptions): Promise<WatchedPage>;
}

/**
 * A listening Utväg on a database of its own and a Chromium, for the tests of this file or describe
 * block. Every page is opened through `b.page()`; after each test the harness closes them and fails
 * the test if any of them had a CSP violation, a console error, an uncaught exception or a request
 * to another origin.
 *
 *   const b = useBrowserApp();
 *   test('…', async () => { const { page } = await b.page(); await signInWithTotp(page, b.baseUrl, await b.user([{ role: 'administrator' }])); … });
 */
export function useBrowserApp(options: BrowserAppOptions = {}): BrowserAppHandle {
  const t = useTestApp(options.target ?? databaseTargets()[0]!, { env: options.env, listen: true });
  let browser: Browser | undefined;
  const opened: WatchedPage[] = [];
  const httpErrors = new RegExp(`Failed to load resource: the server responded with a status of (${[401, ...(options.expectedHttpErrors ?? [])].join('|')})`);

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async ({ task }) => {
    const pages = opened.splice(0);
    const problems = pages.flatMap((p, i) => p.problems.map((problem) => `page ${i + 1}: ${problem}`));
    // A failed test says what state its pages were in: an action that waits for "stable" hangs
    // without a word when the page stops drawing frames, which has happened once under load in CI.
    const states = task.result?.state === 'fail' ? await Promise.all(pages.map((p, i) => pageState(p.page).then((s) => `page ${i + 1}: ${s}`))) : [];
    await Promise.all(pages.map((p) => p.context.close().catch(() => {})));
    expect(problems, 'CSP violations, console errors, uncaught exceptions or requests to another origin').toEqual([]);
    if (states.length > 0) throw new Error(`the test failed; its pages: ${states.join('; ')}`);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const handle = Object.create(t, {
    browser: {
      get() {
        if (!browser) throw new Error('Chromium did not start (see the beforeAll error)');
        return browser;
      },
    },
  }) as BrowserAppHandle;
  handle.page = async (contextOptions = {}) => {
    const context = await handle.browser.newContext(contextOptions);
    const page = await context.newPage();
    const origin = t.baseUrl;
    const problems: string[] = [];
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
    });
    page.on('console', (m) => {
      if (m.type() === 'error' && !httpErrors.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) problems.push(`request to another origin: ${r.url()}`);
    });
    const watched: WatchedPage = {
      page,
      context,
      problems,
      dismiss(pattern) {
        const taken = problems.filter((p) => pattern.test(p));
        problems.splice(0, problems.length, ...problems.filter((p) => !pattern.test(p)));
        return taken;
      },
    };
    opened.push(watched);
    return watched;
  };
  return handle;
}

/**
 * Whether the page's script answers (4 s) and whether it draws frames (requestAnimationFrame fires
 * within 2 s); Playwright's clicks wait for two frames with the element in one place.
 */
async function pageState(page: Page): Promise<string> {
  const answer = page
    .evaluate(() =>
      Promise.race([
        new Promise<string>((resolve) => requestAnimationFrame(() => resolve('draws frames'))),
        new Promise<string>((resolve) => setTimeout(() => resolve('draws NO frames (requestAnimationFrame did not fire in 2 s)'), 2000)),
      ]).then((frames) => `${location.pathname}, ${document.visibilityState}, ${frames}`),
    )
    .catch((e: unknown) => `script failed: ${String(e).split('\n')[0]}`);
  const silent = new Promise<string>((resolve) => setTimeout(() => resolve('script did NOT answer in 4 s'), 4000));
  return Promise.race([answer, silent]);
}

/** Signs in through the sign-in page as a person would: password, then the TOTP code. */
export async function signInWithTotp(page: Page, baseUrl: string, user: Pick<TestUser, 'username' | 'totpSecret'>, password = TEST_PASSWORD): Promise<void> {
  await page.goto(baseUrl + '/');
  await page.getByLabel(/Användarnamn|Username/).fill(user.username);
  await page.getByLabel(/Lösenord|Password/).fill(password);
  await page.getByRole('button', { name: /Fortsätt|Continue/ }).click();
  await page.getByLabel(/Sexsiffrig kod|Six-digit code/).fill(await currentTotp(user.totpSecret));
  await page.getByRole('button', { name: /^(Logga in|Sign in)$/ }).click();
  await page.locator('nav.app-nav').waitFor({ state: 'attached' }); // folded behind "Meny" on a phone
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
