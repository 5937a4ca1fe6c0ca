// Takes the README's phone-sized screenshots from a real release server:
//   node screenshot.mjs   (with LOKET_BIN and LEPTOS_SITE_ROOT set, as scripts/env.sh does)
import { chromium, devices } from '@playwright/test';
import { startServer, interactive } from './tests/server.js';
import { resolve } from 'node:path';

const server = await startServer(3130);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ ...devices['Pixel 7'], locale: 'id-ID' });
  const page = await context.newPage();
  const out = (name) => resolve(import.meta.dirname, '..', 'docs', name);
  await page.goto(server.url + '/');
  await interactive(page);
  await page.getByTestId('offline-ready').waitFor();
  await page.screenshot({ path: out('screenshot-home.png') });
  await page.goto(server.url + '/layanan/paspor-baru');
  await interactive(page);
  await page.getByTestId('requirements').getByRole('checkbox').first().check();
  await context.setOffline(true);
  await page.reload();
  await interactive(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('offline-banner').waitFor();
  await page.screenshot({ path: out('screenshot-service-offline.png') });
} finally {
  await browser.close();
  await server.cleanup();
}
