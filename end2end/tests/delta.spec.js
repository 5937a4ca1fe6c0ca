// (e) A change on the server (the CLI importing an edited file) reaches a phone that comes back
// online, through the sync of its national scope from the position it stored: only the changed
// service travels. A server restarted on a new database answers that position with a reset.
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, interactive, offlineReady, countServices, syncQuery, phoneCopy } from './server.js';

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
  const syncs = [];
  page.on('request', (r) => { const q = syncQuery(r.url()); if (q) syncs.push(q); });
  const outlineSync = page.waitForResponse((r) => syncQuery(r.url())?.outline === 'true');
  const firstSync = page.waitForResponse((r) => { const q = syncQuery(r.url()); return q !== null && q.outline === undefined; });
  await page.goto(server.url + '/');
  // The national scope's outlines from its start, no catalogue named: the phone holds nothing yet.
  const outlined = await outlineSync;
  expect(syncQuery(outlined.url())).toEqual({ scope: '', since: '0', after: '', outline: 'true' });
  const outlineBody = await outlined.json();
  expect(outlineBody.changed).toHaveLength(total);
  expect(outlineBody.changed.every((s) => s.outline === true && s.steps.length === 0 && s.form === undefined)).toBe(true);
  // Then its documents from the start, in the catalogue the outlines named.
  const first = await firstSync;
  expect(syncQuery(first.url())).toEqual({ scope: '', since: '0', after: '', catalogue: outlineBody.catalogue });
  const firstBody = await first.json();
  expect([outlineBody.since, outlineBody.after]).toEqual([firstBody.since, firstBody.after]);
  const firstBytes = (await first.body()).length;
  expect(firstBody.changed).toHaveLength(total);
  expect(firstBody.withdrawn).toEqual([]);
  expect(firstBody.more).toBe(false);
  expect(firstBody.reset).toBe(false);
  expect(firstBody.catalogue).toMatch(/^[0-9a-f]{16}$/);
  expect(firstBody.since).toBeGreaterThan(0);
  await interactive(page);
  await offlineReady(page, total);
  // One page of outlines and one of documents held the whole seed catalogue: two requests, the
  // outlines a fraction of the documents.
  expect(syncs).toHaveLength(2);
  expect((await outlined.body()).length * 3).toBeLessThan(firstBytes);
  // Stored with its position and the catalogue's id, in one transaction; the outlines are gone.
  const stored = await phoneCopy(page);
  expect(stored.meta['at:']).toBe(`${firstBody.since}/${firstBody.after}`);
  expect(stored.meta['outline:']).toBeUndefined();
  expect(stored.outlines).toEqual([]);
  expect(stored.meta.catalogue_id).toBe(firstBody.catalogue);
  expect(stored.meta.ready).toBe('1');
  expect(stored.services).toHaveLength(total);
  expect(stored.services.every((k) => k.startsWith('/'))).toBe(true);

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

  // Back online: the next request carries the stored position and the catalogue's id.
  const from = { scope: '', since: String(firstBody.since), after: firstBody.after, catalogue: firstBody.catalogue };
  const next = page.waitForResponse((r) => JSON.stringify(syncQuery(r.url())) === JSON.stringify(from));
  await context.setOffline(false);
  const res = await next;
  const delta = await res.json();
  expect(delta.changed.map((s) => s.slug)).toEqual(['paspor-baru']);
  expect(delta.withdrawn).toEqual(['paspor-hilang-atau-rusak']);
  expect(delta.since).toBeGreaterThan(firstBody.since);
  expect(delta.more).toBe(false);
  expect(delta.reset).toBe(false);
  expect(delta.catalogue).toBe(firstBody.catalogue);
  expect((await res.body()).length).toBeLessThan(firstBytes / 10);
  await page.waitForFunction((n) => document.querySelector('[data-testid="offline-ready"]')?.dataset.count === String(n), total - 1);
  await expect.poll(async () => (await phoneCopy(page)).meta['at:']).toBe(`${delta.since}/${delta.after}`);

  // Offline again: the phone shows the new text, flags it as possibly out of date, and no longer
  // finds the withdrawn service.
  await context.setOffline(true);
  await page.goto(server.url + '/layanan/paspor-baru');
  await interactive(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Paspor baru (diperbarui)');
  await expect(page.getByTestId('stale')).toContainText('Informasi ini mungkin sudah tidak mutakhir');
  await page.goto(server.url + '/cari?q=paspor');
  await interactive(page);
  await expect(page.getByTestId('on-phone')).toBeVisible();
  await expect(page.getByTestId('service-list').getByRole('link')).toHaveCount(2);
  await expect(page.getByTestId('service-list')).not.toContainText('hilang');

  // Nothing changed since: the next page is tiny and empty, and leaves the position where it was.
  const query = `scope=&since=${delta.since}&after=${encodeURIComponent(delta.after)}&catalogue=${delta.catalogue}`;
  const again = await request.get(`${server.url}/api/catalogue/sync?${query}`);
  expect(await again.json()).toEqual({
    changed: [], withdrawn: [], since: delta.since, after: delta.after, more: false, reset: false, catalogue: firstBody.catalogue,
  });

  // The server starts again on a new database (the catalogue imported afresh, under a new id):
  // the phone's position is not this catalogue's, so the answer starts the scope over (reset)
  // and the phone holds the new copy alone.
  await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
  await server.start();
  const stale = { scope: '', since: String(delta.since), after: delta.after, catalogue: firstBody.catalogue };
  const restarted = page.waitForResponse((r) => JSON.stringify(syncQuery(r.url())) === JSON.stringify(stale));
  await context.setOffline(false);
  const reset = await (await restarted).json();
  expect(reset.reset).toBe(true);
  expect(reset.catalogue).toMatch(/^[0-9a-f]{16}$/);
  expect(reset.catalogue).not.toBe(firstBody.catalogue);
  expect(reset.more).toBe(false);
  expect(reset.withdrawn).toEqual([]);
  expect(reset.changed).toHaveLength(total - 1);
  expect(reset.changed.map((s) => s.slug)).not.toContain('paspor-hilang-atau-rusak');
  await expect.poll(async () => (await phoneCopy(page)).meta.catalogue_id).toBe(reset.catalogue);
  const afterReset = await phoneCopy(page);
  expect(afterReset.meta['at:']).toBe(`${reset.since}/${reset.after}`);
  expect(afterReset.services).toHaveLength(total - 1);
  // The phone's next sync names the new catalogue and its position in it: nothing to send.
  const caughtUp = { scope: '', since: String(reset.since), after: reset.after, catalogue: reset.catalogue };
  const nextRound = page.waitForResponse((r) => JSON.stringify(syncQuery(r.url())) === JSON.stringify(caughtUp));
  await context.setOffline(true);
  await context.setOffline(false);
  const quiet = await (await nextRound).json();
  expect(quiet).toEqual({ changed: [], withdrawn: [], since: reset.since, after: reset.after, more: false, reset: false, catalogue: reset.catalogue });
});
