import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, signInWithTotp, startBrowserApp, type BrowserApp } from '../../testing/browser.ts';
import { makeUser } from '../../testing/app.ts';

/**
 * The strict CSP in a real browser: the web app works under it, and Chromium reports no violation
 * (an inline script or style, or a request to another origin, would show up here).
 */
describe('CSP in Chromium', () => {
  let server: BrowserApp;
  let browser: Browser;

  beforeAll(async () => {
    server = await startBrowserApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  function watchViolations(page: Page): string[] {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(server.baseUrl) && !r.url().startsWith('data:')) violations.push(`request to another origin: ${r.url()}`);
    });
    return violations;
  }

  test('the sign-in page and a signed-in page load with no CSP violation and no third-party request', async () => {
    const page = await browser.newPage();
    const violations = watchViolations(page);
    const user = await makeUser(server.app.db, [{ role: 'administrator' }]);
    await signInWithTotp(page, server.baseUrl, user);
    await expect.poll(() => page.getByRole('navigation').isVisible()).toBe(true);
    expect(violations).toEqual([]);
    // An inline script injected the way an XSS would is refused by the browser.
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.appendChild(s);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => violations.length).toBe(1);
    expect(violations[0]).toMatch(/inline script.*Content Security Policy.*script-src 'self'/i);
    await page.close();
  });
});
