import { describe, expect, test } from 'vitest';
import { PUBLIC_LANGUAGES } from '../chat/visitor/languages.ts';
import { expectNoAxeViolations, signInWithTotp, useBrowserApp } from '../testing/browser.ts';
import { PAGE_SLUGS, pagePath } from './rules.ts';

describe('the help portal in the browser', () => {
  const b = useBrowserApp({ expectedHttpErrors: [404] });

  test('every public portal page in every language passes axe (WCAG 2.1 AA), and the chat and booking pages in the portal’s languages', async () => {
    const urls = [
      ...PUBLIC_LANGUAGES.flatMap((lang) => [...PAGE_SLUGS, 'stod' as const].map((slug) => pagePath(lang, slug))),
      '/hjalp/xx/unga', // an unknown language: Swedish with the choice
      ...PUBLIC_LANGUAGES.flatMap((l) => [`/chatt?lang=${l}`, `/boka?lang=${l}`]),
    ];
    // One browser, four tabs working through the list.
    const tabs = await Promise.all([1, 2, 3, 4].map(() => b.page()));
    const checked: string[] = [];
    await Promise.all(
      tabs.map(async ({ page }, i) => {
        for (const url of urls.filter((_, j) => j % tabs.length === i)) {
          const response = await page.goto(b.baseUrl + url);
          expect(response!.status(), url).toBe(200);
          expect(response!.headers()['set-cookie'], url).toBeUndefined();
          await expectNoAxeViolations(page, url);
          checked.push(url);
        }
        expect(await page.context().cookies()).toEqual([]);
      }),
    );
    expect(checked.sort()).toEqual([...urls].sort());
  }, 600_000);

  test('Arabic renders right to left with the layout mirrored; Swedish left to right', async () => {
    const { page } = await b.page({ viewport: { width: 1000, height: 800 } });
    const layout = async (url: string) => {
      await page.goto(b.baseUrl + url);
      return page.evaluate(() => {
        const exit = document.getElementById('quick-exit')!.getBoundingClientRect();
        const langs = document.querySelector('nav.langs')!.getBoundingClientRect();
        const li = document.querySelector('.help .lines li')!.getBoundingClientRect();
        const main = document.querySelector('main')!.getBoundingClientRect();
        return { dir: getComputedStyle(document.querySelector('main')!).direction, exitLeftOfLangs: exit.left < langs.left, listIndentRight: main.right - li.right > li.left - main.left };
      });
    };
    expect(await layout('/hjalp/ar/saljer-sex')).toEqual({ dir: 'rtl', exitLeftOfLangs: true, listIndentRight: true });
    expect(await layout('/hjalp/sv/saljer-sex')).toEqual({ dir: 'ltr', exitLeftOfLangs: false, listIndentRight: false });
  });

  test('quick exit (button, or Escape twice) leaves nothing of the portal for the back button', async () => {
    for (const how of ['button', 'escape'] as const) {
      const { page } = await b.page();
      await page.goto('about:blank');
      await page.goto(`${b.baseUrl}/hjalp/sv`);
      await page.getByRole('link', { name: 'Du som är ung' }).first().click();
      await page.waitForURL(/\/hjalp\/sv\/unga$/);
      if (how === 'button') await page.getByRole('button', { name: 'Lämna sidan snabbt' }).click();
      else {
        await page.keyboard.press('Escape');
        expect(page.url()).toMatch(/\/hjalp\/sv\/unga$/); // one press is not enough
        await page.keyboard.press('Escape');
      }
      await page.waitForURL(/\/vader$/);
      await page.goBack().catch(() => null);
      expect(page.url(), how).toBe('about:blank');
      expect(await page.evaluate(() => history.length), how).toBe(2);
    }
  });

  test('a page visit requests nothing from another host, and sets no cookie', async () => {
    const { page } = await b.page();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(`${b.baseUrl}/hjalp/ar/saljer-sex`);
    await page.waitForLoadState('networkidle');
    const origin = new URL(b.baseUrl).origin;
    expect(requested.length).toBeGreaterThanOrEqual(3);
    expect(requested.filter((u) => new URL(u).origin !== origin)).toEqual([]);
    expect(requested.map((u) => new URL(u).pathname)).toEqual(expect.arrayContaining(['/hjalp/ar/saljer-sex', '/chatt/chat.css', '/hjalp/portal.js']));
    expect(await page.context().cookies()).toEqual([]);
  });

  test('with JavaScript off every page reads and its links work', async () => {
    const { page } = await b.page({ javaScriptEnabled: false });
    await page.goto(`${b.baseUrl}/hjalp/en`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Help and support');
    await page.getByRole('link', { name: 'The sex purchase law – if you are visiting Sweden' }).click();
    await page.waitForURL(/\/hjalp\/en\/sexkopslagen$/);
    await expect(page.getByText('Buying sex is forbidden in Sweden').isVisible()).resolves.toBe(true);
    await page.getByRole('link', { name: 'Español' }).click();
    await page.waitForURL(/\/hjalp\/es\/sexkopslagen$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('La ley sobre la compra de sexo');
    await expect(page.getByRole('link', { name: 'Chatea con nosotros de forma anónima' }).getAttribute('href')).resolves.toBe('/chatt?lang=es');
  });

  test('a content editor writes, previews and publishes a Thai page; the script in it never runs', async () => {
    const { page } = await b.page();
    await signInWithTotp(page, b.baseUrl, await b.user([{ role: 'content_editor', unit: null }]));
    await page.getByRole('link', { name: 'Hjälpportalens texter' }).click();
    await page.getByRole('heading', { name: 'Hjälpportalens texter', level: 1 }).waitFor();
    await page.getByLabel('Sida').selectOption('unga');
    await page.getByLabel('Språk', { exact: true }).selectOption('th');
    await page.getByText(/Sidan har ingen text på det här språket/).first().waitFor();
    await page.getByLabel('Rubrik').fill('สำหรับเยาวชน');
    await page.getByLabel('Text (Markdown)').fill('ไม่ใช่ความผิดของคุณ\n\n<script>window.hacked = 1</script>\n\n<img src=x onerror="window.hacked = 2">');
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    await page.getByRole('heading', { name: 'Förhandsgranskning' }).waitFor();
    await expect(page.locator('#main [dir="ltr"] img, #main script').count()).resolves.toBe(0);
    await expectNoAxeViolations(page, 'portal editor');
    await page.getByRole('button', { name: 'Spara som utkast' }).click();
    await page.getByText('Utkastet version 1 är sparat.').waitFor();
    await page.getByRole('button', { name: /Publicera/ }).click();
    await page.getByText('Version 1 är publicerad.').waitFor();
    await page.goto(`${b.baseUrl}/hjalp/th/unga`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('สำหรับเยาวชน');
    await expect(page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).resolves.toBeUndefined();
    await expectNoAxeViolations(page, 'published Thai page');
  });
});
