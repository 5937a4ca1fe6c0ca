// (c) Installable: the service worker controls the page; the manifest parses; icons load.
import { test, expect } from '@playwright/test';
import { startServer, interactive } from './server.js';

let server;
test.beforeAll(async () => { server = await startServer(3113); });
test.afterAll(async () => { await server.cleanup(); });

test('the service worker controls the page after the first visit', async ({ page }) => {
  await page.goto(server.url + '/');
  await interactive(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  const sw = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return { scope: reg.scope, script: reg.active.scriptURL, state: reg.active.state };
  });
  expect(sw.scope).toBe(server.url + '/');
  expect(sw.script).toBe(server.url + '/sw.js');
  expect(sw.state).toBe('activated');
  // it precached the app shell: the hashed WASM and JS of this very page are in its cache
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const shell = names.find((n) => n.startsWith('loket-shell-'));
    const keys = (await (await caches.open(shell)).keys()).map((r) => new URL(r.url).pathname);
    const wasm = document.querySelector('link[rel="preload"][href$=".wasm"]').getAttribute('href');
    const js = document.querySelector('link[rel="modulepreload"]').getAttribute('href');
    return { keys, wasm, js };
  });
  expect(cached.keys).toContain(cached.wasm);
  expect(cached.keys).toContain(cached.js);
  expect(cached.keys).toContain('/offline');
});

test('the manifest parses and has what an install needs', async ({ page, request }) => {
  await page.goto(server.url + '/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const res = await request.get(server.url + href);
  expect(res.ok()).toBeTruthy();
  const m = await res.json();
  expect(m.name).toContain('Loket');
  expect(m.short_name).toBe('Loket');
  expect(m.start_url).toBe('/');
  expect(m.display).toBe('standalone');
  expect(m.lang).toBe('id');
  expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(m.background_color).toMatch(/^#[0-9a-f]{6}$/i);
  const sizes = m.icons.map((i) => `${i.sizes}:${i.purpose}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192:any', '512x512:any', '512x512:maskable']));

  // every icon loads as a PNG of the size it claims
  for (const icon of m.icons) {
    const dims = await page.evaluate(async (src) => {
      const r = await fetch(src);
      const bmp = await createImageBitmap(await r.blob());
      return { type: r.headers.get('content-type'), w: bmp.width, h: bmp.height };
    }, icon.src);
    expect(dims.type).toBe('image/png');
    expect(`${dims.w}x${dims.h}`).toBe(icon.sizes);
  }
});

test('hashed assets are cached for a year, compressed; pages are revalidated and protected', async ({ page, request }) => {
  await page.goto(server.url + '/');
  const wasm = await page.locator('link[rel="preload"][href$=".wasm"]').getAttribute('href');
  const a = await request.get(server.url + wasm, { headers: { 'accept-encoding': 'br' } });
  expect(a.headers()['cache-control']).toContain('immutable');
  expect(a.headers()['content-encoding']).toBe('br');
  const html = await request.get(server.url + '/', { headers: { 'accept-encoding': 'gzip' } });
  expect(html.headers()['cache-control']).toBe('no-cache');
  expect(html.headers()['content-encoding']).toBe('gzip');
  const csp = html.headers()['content-security-policy'];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("'unsafe-inline' 'wasm"); // no inline script without this page's nonce
  const nonce = csp.match(/'nonce-([^']+)'/)[1];
  const body = await html.text();
  const scripts = [...body.matchAll(/<script[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  expect(html.headers()['x-content-type-options']).toBe('nosniff');
  const sw = await request.get(server.url + '/sw.js');
  expect(sw.headers()['cache-control']).toBe('no-cache');
  expect(await sw.text()).toContain('const VERSION = "');
});
