import { describe, expect, test } from 'vitest';
import { signInWithTotp, useBrowserApp } from '../../testing/browser.ts';

/**
 * The strict CSP in a real browser: the web app works under it, and Chromium reports no violation
 * (an inline script or style, or a request to another origin, would show up here). Every browser
 * test is watched the same way by the harness (useBrowserApp); this one shows the watch works.
 */
describe('CSP in Chromium', () => {
  const b = useBrowserApp();

  test('the sign-in page and a signed-in page load with no CSP violation and no third-party request', async () => {
    const { page, problems, dismiss } = await b.page();
    const user = await b.user([{ role: 'administrator' }]);
    await signInWithTotp(page, b.baseUrl, user);
    await expect.poll(() => page.getByRole('navigation').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    // An inline script injected the way an XSS would is refused by the browser.
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.appendChild(s);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    const refused = (p: string) => /Content Security Policy|Refused to/i.test(p);
    await expect.poll(() => problems.filter(refused).length).toBe(1);
    expect(problems.find(refused)).toMatch(/inline script.*Content Security Policy.*script-src 'self'/i);
    // The page's own report of it (securitypolicyviolation), as the harness watches every page.
    await expect.poll(() => problems.filter((p) => /^CSP violation: script-src/.test(p)).length).toBe(1);
    // Provoked on purpose: taken out of the watch, which would otherwise fail the test.
    expect(dismiss(/Content Security Policy|CSP violation/)).toHaveLength(2);
  });
});
