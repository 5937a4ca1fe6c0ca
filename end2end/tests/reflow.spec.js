// Issue 10, item 3 (WCAG 1.4.4 Resize text, 1.4.10 Reflow): every page of the citizen's
// journeys fits a 320 CSS px screen, and a phone at 200 % text, with nothing cut, clipped or
// scrolled sideways; the passport fee is shown whole; the language switch stays on screen.
//
// "200 % text" is the reader's text-size setting, not a zoom. Desktop Chrome's Settings ›
// Appearance › Font size sets the renderer's default font size (WebPreferences'
// default_font_size, 16 px out of the box), which is what `1rem` means; and because every page
// carries <meta name="text-scale" content="scale">, Chrome on Android folds the phone's system
// text scale into that same root font size (instead of its text-autosizing guesswork). The
// DevTools protocol's Page.setFontSizes sets exactly this preference, so `1rem` becomes 32 px
// while px sizes stay put, as for a real reader; our stylesheet sizes text in rem/em only.
// Each page asserts that its root font size really is 32 px, so the setting cannot silently
// fall off after a navigation.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startServer, interactive, offlineReady, countServices } from './server.js';
import { expectAccessible } from './a11y.js';
import {
  KTP, KTP_SECTIONS, startApplication, sectionShown, fillSection, next, submit, untilState,
} from './forms.js';

let server;
const total = countServices();
test.describe.configure({ timeout: 300_000 });
test.beforeAll(async () => { server = await startServer(3173); });
test.afterAll(async () => { await server.cleanup(); });

/** The three screens: WCAG's 320 CSS px, and 200 % text on a Pixel 5 (393 px) and at 320 px. */
const SCREENS = [
  { name: '320 px', viewport: { width: 320, height: 640 }, text: 1 },
  { name: '393 px at 200 % text', viewport: { width: 393, height: 851 }, text: 2 },
  { name: '320 px at 200 % text', viewport: { width: 320, height: 640 }, text: 2 },
];

/** A phone of `screen`'s size with its text size set (see the top of this file). */
async function phone(browser, screen) {
  const context = await browser.newContext({ viewport: screen.viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  if (screen.text !== 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 16 * screen.text, fixed: 13 * screen.text } });
  }
  return { context, page };
}

/** Elements that cut their own content: overflow other than visible with content wider than
 * the box, or an ellipsis. Inputs scroll their value by nature; the visually hidden text and
 * the skip link are hidden on purpose. */
function clippedElements() {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.visually-hidden, .skip, input, textarea, select, script, style, template')) continue;
    const s = getComputedStyle(el);
    if (s.display === 'none') continue;
    const cuts = s.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1;
    if (cuts || s.textOverflow === 'ellipsis') out.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 40)}"`);
  }
  return out;
}

/** The checks every page passes on every screen: the text size holds, no sideways scroll,
 * nothing clipped, the language switch inside the viewport; axe at plain 320 px. */
async function fits(page, screen, what) {
  const where = `${what} (${screen.name})`;
  const size = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  expect(size, `${where}: root font size`).toBe(`${16 * screen.text}px`);
  await expect(page.locator('meta[name="text-scale"]'), `${where}: follows the phone's text size`).toHaveAttribute('content', 'scale');
  // A phone widens its layout viewport (innerWidth) to fit content that overflows, so the
  // screen's own width is the measure, and innerWidth must equal it too.
  const screenWidth = screen.viewport.width;
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect.soft(widths.scroll, `${where}: page width (scrollWidth) within the screen`).toBeLessThanOrEqual(screenWidth);
  expect.soft(widths.inner, `${where}: layout viewport (innerWidth) is the screen`).toBe(screenWidth);
  expect.soft(await page.evaluate(clippedElements), `${where}: clipped content`).toEqual([]);
  const lang = page.getByTestId('lang-switch');
  await expect(lang, `${where}: language switch`).toBeVisible();
  const box = await lang.boundingBox();
  expect.soft(box.x, `${where}: language switch's left edge`).toBeGreaterThanOrEqual(0);
  expect.soft(box.x + box.width, `${where}: language switch's right edge`).toBeLessThanOrEqual(screenWidth);
  if (screen.text === 1 && screen.viewport.width === 320) await expectAccessible(page, where);
}

/** Opens `path`, waits until it is interactive, and checks it. */
async function visit(page, screen, path, what) {
  await page.goto(server.url + path);
  await interactive(page);
  await fits(page, screen, what);
}

/** The passport's fees are shown whole: the summary's range and every row of the tariff table
 * fit their boxes, the screen, and read in full. */
async function feesWhole(page, screen) {
  const fees = await page.evaluate(() => {
    const els = [document.querySelector('dl.facts dd'), ...document.querySelectorAll('section[aria-labelledby="cost"] td')];
    return els.map((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const text = range.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return {
        text: el.innerText.trim(), scroll: el.scrollWidth, client: el.clientWidth,
        textRight: text.right, boxRight: box.right,
      };
    });
  });
  expect(fees.map((f) => f.text), `fees (${screen.name})`).toEqual([
    'Rp350.000 – Rp1.000.000', 'Rp350.000', 'Rp650.000', 'Rp650.000', 'Rp950.000', 'Rp1.000.000',
  ]);
  for (const f of fees) {
    expect.soft(f.scroll, `${f.text} (${screen.name}): fits its box`).toBeLessThanOrEqual(f.client);
    expect.soft(f.textRight, `${f.text} (${screen.name}): text inside its box`).toBeLessThanOrEqual(f.boxRight + 0.5);
    expect.soft(f.textRight, `${f.text} (${screen.name}): text on screen`).toBeLessThanOrEqual(screen.viewport.width);
  }
}

test('the stylesheet sizes text in rem/em, so text grows with the reader\'s setting', () => {
  const css = readFileSync(resolve(import.meta.dirname, '..', '..', 'style', 'main.css'), 'utf8');
  const px = css.match(/(font-size|font|line-height)\s*:[^;}]*\d(px|pt)\b/g) || [];
  expect(px, 'text sized in px or pt').toEqual([]);
  expect(css).toMatch(/font-size:\s*[\d.]+rem/);
});

for (const screen of SCREENS) {
  test(`every citizen page reflows at ${screen.name}`, async ({ browser }) => {
    const { context, page } = await phone(browser, screen);
    await page.goto(server.url + '/');
    await offlineReady(page, total);
    await fits(page, screen, 'home');
    // English has the longer switch ("Bahasa Indonesia"); then back to Indonesian.
    await page.getByTestId('lang-switch').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('lang-switch')).toContainText('Bahasa Indonesia');
    await fits(page, screen, 'home in English');
    await page.getByTestId('lang-switch').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'id');
    await visit(page, screen, '/cari?q=paspor', 'search results');
    await visit(page, screen, '/cari?q=zzzqqqxxx', 'no results');
    await visit(page, screen, '/kategori/identitas', 'category');
    await visit(page, screen, '/peristiwa/menikah', 'life event');
    await visit(page, screen, '/layanan', 'all services');
    await visit(page, screen, '/layanan/paspor-baru', 'service page');
    await feesWhole(page, screen);

    // The application form, section by section, then check answers and the confirmation.
    await startApplication(page, server, 'ktp-el-baru');
    for (const [i, name] of KTP_SECTIONS.entries()) {
      await sectionShown(page, i + 1);
      await fits(page, screen, `form section ${i + 1} (${name})`);
      await fillSection(page, KTP[name]);
      await next(page);
    }
    await page.getByTestId('check-answers').waitFor();
    await fits(page, screen, 'check answers');
    await submit(page);
    await untilState(page, 'sent', 60_000);
    await fits(page, screen, 'confirmation');
    const reference = (await page.getByTestId('reference').innerText()).trim();
    const pin = (await page.getByTestId('pin').innerText()).trim();
    await visit(page, screen, '/permohonan', 'my applications');
    await visit(page, screen, '/akun', 'account');
    await visit(page, screen, '/halaman-yang-tidak-ada', 'not found');

    // Someone with the paper receipt, on another phone of the same size.
    const other = await phone(browser, screen);
    await visit(other.page, screen, '/lacak', 'track');
    await other.page.locator('#f-reference').fill(reference);
    await other.page.locator('#f-pin').fill(pin);
    await other.page.getByTestId('track').click();
    await other.page.getByTestId('reference').waitFor();
    await expect(other.page.getByTestId('reference')).toHaveText(reference);
    await fits(other.page, screen, 'tracked request');
    await other.context.close();
    await context.close();
  });
}
