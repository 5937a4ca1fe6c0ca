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
 * parallel Playwright worker adds 100 to the port, so one file may run in two workers at once. */
export async function startServer(basePort) {
  const port = basePort + 100 * Number(process.env.TEST_PARALLEL_INDEX || 0);
  if (!(await portIsFree(port))) throw new Error(`port ${port} is taken: refusing to test against another server`);
  const dir = mkdtempSync(join(tmpdir(), `loket-e2e-${port}-`));
  const catalogue = join(dir, 'catalogue');
  cpSync(CATALOGUE, catalogue, { recursive: true });
  const dataDir = join(dir, 'data');
  const server = { port, url: `http://127.0.0.1:${port}`, dir, catalogue, dataDir, proc: null };
  server.start = async (extraArgs = []) => {
    const proc = spawn(BIN, ['--addr', `127.0.0.1:${port}`, '--site-root', SITE, '--catalogue', catalogue,
      '--data-dir', dataDir, '--log', 'warn', ...extraArgs], { stdio: ['ignore', 'inherit', 'inherit'] });
    server.proc = proc;
    let exited = null;
    proc.once('exit', (code) => { exited = code; });
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
    if (!proc || proc.exitCode !== null) return;
    const done = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await done;
    server.proc = null;
  };
  /** Runs `server import <path>` against this server's database, as an officer would. */
  server.importCatalogue = (path) =>
    execFileSync(BIN, ['--data-dir', dataDir, '--log', 'warn', 'import', path], { encoding: 'utf8' });
  server.cleanup = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  await server.start();
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
