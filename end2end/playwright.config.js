// Loket's browser tests: Debian's Chromium (never a downloaded browser), a phone viewport,
// each spec file against its own real release server on its own port (see tests/server.js).
import { defineConfig, devices } from '@playwright/test';

const phone = devices['Pixel 7'];

export default defineConfig({
  testDir: './tests',
  timeout: 90_000,
  // The whole run takes about 15 minutes; a run that hangs stops at 45 with the tests named,
  // well inside CI's 90.
  globalTimeout: 45 * 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  // The national catalogue's spec times the phone's offline search at 4× CPU: with a second
  // worker on the same two cores it measures the other worker (52–107 ms p95 in full runs
  // against 15–23 ms alone, whatever the build). So it is a project of its own, which
  // scripts/test.sh runs after the others with one worker: `--project=phone`, then
  // `--project=national`.
  projects: [
    { name: 'phone', testIgnore: /national\.spec\.js$/ },
    { name: 'national', testMatch: /national\.spec\.js$/, workers: 1 },
  ],
  retries: 0,
  reporter: [['list']],
  use: {
    ...phone,
    locale: 'id-ID',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
});
