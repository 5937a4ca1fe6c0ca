// Takes the README's phone-sized screenshots (docs/screens/*.png) from a real release server:
//   cd end2end && node screenshot.mjs   (with LOKET_BIN and LEPTOS_SITE_ROOT set, as scripts/env.sh does)
// A Pixel 5's screen, 393×851 CSS px, at device scale 1 so the files stay small; Indonesian.
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { startServer, interactive, offlineReady, countServices } from './tests/server.js';
import { startApplication, fillKtp, submit, untilState } from './tests/forms.js';
import { resolve } from 'node:path';

const PHONE = { viewport: { width: 393, height: 851 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };
const dir = resolve(import.meta.dirname, '..', 'docs', 'screens');
mkdirSync(dir, { recursive: true });
const out = (name) => resolve(dir, name);

const server = await startServer(3130);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ ...PHONE, locale: 'id-ID' });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await interactive(page);
  await offlineReady(page, countServices());
  await page.screenshot({ path: out('home.png') });

  // A service page with no signal: the whole catalogue is on the phone.
  await page.goto(server.url + '/layanan/paspor-baru');
  await interactive(page);
  await page.getByTestId('requirements').getByRole('checkbox').first().check();
  await context.setOffline(true);
  await page.reload();
  await interactive(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('offline-banner').waitFor();
  await page.screenshot({ path: out('service-offline.png') });
  await context.setOffline(false);

  // An application for a KTP-el: check answers, then the confirmation once it reached the agency.
  await startApplication(page, server, 'ktp-el-baru');
  await fillKtp(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: out('check-answers.png') });
  await submit(page);
  await untilState(page, 'sent', 60_000);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: out('confirmation.png') });
} finally {
  await browser.close();
  await server.cleanup();
}
