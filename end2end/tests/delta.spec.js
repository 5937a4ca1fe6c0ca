// (e) A change on the server (the CLI importing an edited file) reaches a phone that comes back
// online, through the delta: only the changed service travels.
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, interactive, offlineReady, countServices } from './server.js';

let server;
const total = countServices();
test.beforeAll(async () => { server = await startServer(3115); });
test.afterAll(async () => { await server.cleanup(); });

/** Edits one service's block in an agency file. */
function editService(file, slug, edit) {
  const text = readFileSync(file, 'utf8');
  const blocks = text.split('[[service]]');
  const i = blocks.findIndex((b) => new RegExp(`^slug\\s*=\\s*"${slug}"`, 'm').test(b));
  expect(i).toBeGreaterThan(0);
  blocks[i] = edit(blocks[i]);
  writeFileSync(file, blocks.join('[[service]]'));
}

/** Deletes one service's block from an agency file. */
function removeService(file, slug) {
  const blocks = readFileSync(file, 'utf8').split('[[service]]');
  const kept = blocks.filter((b, i) => i === 0 || !new RegExp(`^slug\\s*=\\s*"${slug}"`, 'm').test(b));
  expect(kept.length).toBe(blocks.length - 1);
  writeFileSync(file, kept.join('[[service]]'));
}

test('an imported change reaches the phone as a delta when it is back online', async ({ page, context, request }) => {
  let requests = 0;
  page.on('request', (r) => { if (r.url().includes('/api/catalogue/changes')) requests += 1; });
  const firstDelta = page.waitForResponse((r) => r.url().includes('/api/catalogue/changes'));
  await page.goto(server.url + '/');
  const first = await firstDelta;
  expect(first.url()).toContain('since=0');
  const firstBody = await first.json();
  const firstBytes = (await first.body()).length;
  expect(firstBody.changed).toHaveLength(total);
  const firstCursor = firstBody.cursor;
  await interactive(page);
  await offlineReady(page, total);
  expect(requests).toBe(1);

  await context.setOffline(true);
  // An officer corrects the passport page, marks it as last verified long ago, and withdraws
  // a service.
  const file = join(server.catalogue, 'imigrasi.toml');
  editService(file, 'paspor-baru', (b) => b
    .replace(/^name\s*=\s*\{[^\n]*\}/m, 'name = { id = "Paspor baru (diperbarui)", en = "New passport (updated)" }')
    .replace(/^verified_at\s*=\s*"[^"]*"/m, 'verified_at = "2024-01-15"'));
  removeService(file, 'paspor-hilang-atau-rusak');
  const out = server.importCatalogue(file);
  expect(out).toMatch(/0 added, 1 changed, 1 unchanged, 1 withdrawn/);

  const next = page.waitForResponse((r) => r.url().includes(`/api/catalogue/changes?since=${firstCursor}&catalogue=${firstBody.catalogue}`));
  await context.setOffline(false);
  const res = await next;
  const delta = await res.json();
  expect(delta.changed.map((s) => s.slug)).toEqual(['paspor-baru']);
  expect(delta.withdrawn).toEqual(['paspor-hilang-atau-rusak']);
  expect(delta.cursor).toBeGreaterThan(firstCursor);
  expect((await res.body()).length).toBeLessThan(firstBytes / 10);
  await page.waitForFunction((n) => document.querySelector('[data-testid="offline-ready"]')?.dataset.count === String(n), total - 1);

  // Offline again: the phone shows the new text, flags it as possibly out of date, and no longer
  // finds the withdrawn service.
  await context.setOffline(true);
  await page.goto(server.url + '/layanan/paspor-baru');
  await interactive(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Paspor baru (diperbarui)');
  await expect(page.getByTestId('stale')).toContainText('Informasi ini mungkin sudah tidak mutakhir');
  await page.goto(server.url + '/cari?q=paspor');
  await interactive(page);
  await expect(page.getByTestId('service-list').getByRole('link')).toHaveCount(2);
  await expect(page.getByTestId('service-list')).not.toContainText('hilang');

  // Nothing changed since: the next delta is tiny and empty.
  const again = await request.get(`${server.url}/api/catalogue/changes?since=${delta.cursor}&catalogue=${delta.catalogue}`);
  expect(await again.json()).toEqual({ changed: [], withdrawn: [], cursor: delta.cursor, reset: false, catalogue: firstBody.catalogue });
  expect(firstBody.catalogue).toMatch(/^[0-9a-f]{16}$/);
});
