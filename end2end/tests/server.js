// Starts the real Loket release server on 127.0.0.1:<port> with its own SQLite file, and the
// real `server import` CLI against the same database. Each spec file uses its own port and
// fails if that port is taken (so a test never talks to a stray server).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = process.env.LOKET_BIN || join(process.env.HOME, '.cache/loket/target/release/server');
export const SITE = process.env.LEPTOS_SITE_ROOT || join(process.env.HOME, '.cache/loket/target/site');
export const CATALOGUE = join(ROOT, 'catalogue');

function portIsFree(port) {
  return new Promise((ok) => {
    const s = net.createServer().once('error', () => ok(false)).once('listening', () => s.close(() => ok(true)));
    s.listen(port, '127.0.0.1');
  });
}

/** A server with a fresh data dir and its own copy of the catalogue (tests may edit it). Each
 * parallel Playwright worker adds 100 to the port, so one file may run in two workers at once.
 * `options.args` are passed to the server on every start (e.g. `['--test-faults']`); arguments
 * given to `server.start(extra)` on a restart come after them. `options.env` is added to the
 * environment of the server and of its CLI runs (e.g. `{ DATABASE_URL }`). */
export async function startServer(basePort, options = {}) {
  const baseArgs = options.args || [];
  const env = { ...process.env, ...(options.env || {}) };
  // LOKET_PORT_OFFSET moves every port, so two checkouts can run their tests side by side.
  const port = basePort + 100 * Number(process.env.TEST_PARALLEL_INDEX || 0) + Number(process.env.LOKET_PORT_OFFSET || 0);
  if (!(await portIsFree(port))) throw new Error(`port ${port} is taken: refusing to test against another server`);
  const dir = mkdtempSync(join(tmpdir(), `loket-e2e-${port}-`));
  const catalogue = join(dir, 'catalogue');
  cpSync(CATALOGUE, catalogue, { recursive: true });
  const dataDir = join(dir, 'data');
  const server = { port, url: `http://127.0.0.1:${port}`, dir, catalogue, dataDir, args: baseArgs, env, proc: null };
  server.start = async (extraArgs = []) => {
    const proc = spawn(BIN, ['--addr', `127.0.0.1:${port}`, '--site-root', SITE, '--catalogue', catalogue, '--calendar', join(ROOT, 'calendar'),
      '--data-dir', dataDir, '--log', 'warn', ...baseArgs, ...extraArgs], { stdio: ['ignore', 'inherit', 'inherit'], env });
    server.proc = proc;
    let exited = null;
    proc.once('exit', (code, signal) => { exited = code ?? signal; });
    for (let i = 0; i < 300; i++) {
      if (exited !== null) throw new Error(`server exited with ${exited}`);
      try {
        const r = await fetch(`${server.url}/healthz`);
        if (r.ok) return;
      } catch (_) { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('server did not come up in 30 s');
  };
  server.stop = async () => {
    const proc = server.proc;
    // Gone already (exited, or killed by a signal: then exitCode stays null).
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const done = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await done;
    server.proc = null;
  };
  /** Runs `server import <path>` against this server's database, as an officer would. */
  server.importCatalogue = (path) =>
    execFileSync(BIN, ['--data-dir', dataDir, '--log', 'warn', 'import', path], { encoding: 'utf8', env });
  server.cleanup = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await server.start();
  } catch (e) {
    await server.cleanup(); // no server left running, nor its directory, when the start fails
    throw e;
  }
  return server;
}

/** Waits until the app is interactive (hydrated, or mounted on the offline shell). */
export async function interactive(page) {
  await page.locator('body[data-hydrated="1"]').waitFor({ state: 'attached', timeout: 30_000 });
}

/** Waits until the service worker controls the page and the whole catalogue is on the device. */
export async function offlineReady(page, expectedServices) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  const ready = page.getByTestId('offline-ready');
  await ready.waitFor({ timeout: 30_000 });
  if (expectedServices !== undefined) {
    await page.waitForFunction((n) => document.querySelector('[data-testid="offline-ready"]')?.dataset.count === String(n), expectedServices);
  }
}

/** Counts the services in the seed catalogue (parsing the same TOML files the server imports). */
export function countServices(dir = CATALOGUE) {
  const out = execFileSync('sh', ['-c', `cat "${dir}"/*.toml | grep -c '^\\[\\[service\\]\\]'`], { encoding: 'utf8' });
  return Number(out.trim());
}

/** Whether the page can reach the network ('reached') or not ('cut'). */
export const networkState = (page) =>
  page.evaluate(() => fetch('/healthz', { cache: 'no-store' }).then(() => 'reached', () => 'cut'));

// ---- Fault injection (a server started with `args: ['--test-faults']`) -----------------------
// POST /__test/faults arms a fault: the next `times` requests whose path starts with
// `path_prefix` (after letting `skip` of them through) run normally (the database commit
// happens), then their answer is replaced by a 500 (`error_500`) or the connection is dropped
// (`drop`). DELETE clears every armed fault. GET reports what happened:
// { armed: [...], fired, upload_bytes, requests, files }.

/** Arms one fault; `skip` defaults to 0 and `times` to 1. */
export async function arm(server, fault) {
  const res = await fetch(`${server.url}/__test/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ skip: 0, times: 1, ...fault }),
  });
  if (res.status !== 204) throw new Error(`arming ${JSON.stringify(fault)} answered ${res.status}: ${await res.text()}`);
}

/** Clears every armed fault. */
export async function disarm(server) {
  const res = await fetch(`${server.url}/__test/faults`, { method: 'DELETE' });
  if (!res.ok) throw new Error(`clearing faults answered ${res.status}`);
}

/** The server's counters: { armed, fired, upload_bytes, requests, files }. */
export async function faults(server) {
  const res = await fetch(`${server.url}/__test/faults`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`GET /__test/faults answered ${res.status} (was the server started with --test-faults?)`);
  return res.json();
}

/** Polls the server's counters until `ok(counters)` holds; returns them. */
export async function untilFaults(server, ok, { timeout = 30_000, what = 'the server counters' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await faults(server);
    if (ok(last)) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// ---- The phone's catalogue sync (`GET /api/catalogue/sync?scope=&since=&after=[&catalogue=]`) --

/** The query of a phone's catalogue sync request, as an object ({ scope, since, after,
 * catalogue? }), or null when `url` is not one. */
export function syncQuery(url) {
  const u = new URL(url);
  if (u.pathname !== '/api/catalogue/sync') return null;
  return Object.fromEntries(u.searchParams);
}

/** What the phone keeps in IndexedDB (`loket`): the keys of its `services` and `outlines` stores
 * (`<scope>/<slug>`) and its `meta` store as an object (`at:<scope>`, `outline:<scope>`,
 * `catalogue_id`, `ready`). */
export function phoneCopy(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('loket');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const outlined = db.objectStoreNames.contains('outlines');
      const tx = db.transaction(outlined ? ['services', 'outlines', 'meta'] : ['services', 'meta'], 'readonly');
      const keys = tx.objectStore('services').getAllKeys();
      const outlines = outlined ? tx.objectStore('outlines').getAllKeys() : null;
      const metaStore = tx.objectStore('meta');
      const metaKeys = metaStore.getAllKeys();
      const metaValues = metaStore.getAll();
      tx.oncomplete = () => {
        const meta = {};
        metaKeys.result.forEach((k, i) => { meta[k] = metaValues.result[i]; });
        db.close();
        resolve({ services: keys.result, outlines: outlines ? outlines.result : [], meta });
      };
      tx.onerror = () => reject(tx.error);
    };
  }));
}
