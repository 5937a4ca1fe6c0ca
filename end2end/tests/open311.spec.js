// Open311 GeoReport v2 (issue 13, part 1), checked by software nobody here wrote: PyPI civicbot
// 0.4.0 and georeport 0.3.1 (in a cached virtualenv, scripts/open311-clients.sh) against the
// real release server, with a partner key made by the real CLI. First our own checks of every
// resource and refusal against shapes written from the spec (end2end/open311/check.py --loket);
// then the clients' scenario (end2end/open311/clients.py): they list and read everything, civicbot
// files a request through its remote validation, both read it back, an officer accepts it in
// the real back office in Chromium, and both clients see the status change.
import { test, expect } from '@playwright/test';
import { spawn, execFileSync } from 'node:child_process';
import readline from 'node:readline';
import { join, resolve } from 'node:path';
import { startServer, BIN } from './server.js';
import { invite, firstSignIn } from './staff.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLIENTS = join(ROOT, 'scripts', 'open311-clients.sh');
const OFFICER = 'petugas@dukcapil.go.id';
// A valid KTP-el application as a partner sends it (its file field is not asked through Open311).
const ANSWERS = [
  'nik=3171014101900001', 'nama_lengkap=Siti Aminah', 'tempat_lahir=Jakarta', 'tanggal_lahir=1990-01-01',
  'jenis_kelamin=perempuan', 'status_perkawinan=kawin', 'alamat=Jl. Kenari 5, Jakarta', 'no_hp=081234567890',
].flatMap((a) => ['--attr', a]);

test.describe.configure({ timeout: 300_000 });
let server;

test.beforeAll(async () => {
  server = await startServer(3211);
});
test.afterAll(async () => { await server.cleanup(); });

/** `server open311-key create --name NAME` against the server's database: the key, shown once. */
function createKey(name) {
  const out = execFileSync(BIN, ['--data-dir', server.dataDir, '--log', 'warn', 'open311-key', 'create', '--name', name],
    { encoding: 'utf8' });
  const [id, key] = out.trim().split('\t');
  expect(id).toMatch(/^\d+$/);
  expect(key).toMatch(/^loket311_[0-9a-f]{64}$/);
  return { id, key };
}

/** Runs open311-clients.sh with `args`; `onLine(line, child)` sees every line of its output.
 * Resolves with the exit code and the lines. */
function clients(args, onLine = async () => {}) {
  const child = spawn(CLIENTS, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const out = [];
  let chain = Promise.resolve();
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    out.push(line);
    chain = chain.then(() => onLine(line, child)).catch((e) => {
      out.push(`DRIVER FAILED: ${e.message}`);
      child.stdin.write('no\n');
    });
  });
  return new Promise((ok) => child.on('exit', async (code) => { await chain; ok({ code, out }); }));
}

const base = () => `${server.url}/open311/v2`;

test('every resource and refusal matches the spec, in JSON and XML (check.py --loket)', async () => {
  const { key } = createKey('Mitra Pemeriksa');
  const { code, out } = await clients(['check', '--base', base(), '--loket', '--api-key', key, '--service', 'ktp-el-baru', ...ANSWERS]);
  const text = out.join('\n');
  console.log(`check.py --loket: ${out.at(-1)}`);
  expect(code, text).toBe(0);
  expect(out.at(-1), text).toMatch(/^\d+ passed, 0 failed$/);
  for (const line of [
    'ok   GET /open311/discovery.json -> 200',
    'ok   GET /open311/v2/services/tidak-ada-layanan-ini.json -> 404',
    'ok   POST requests.json without api_key -> 403',
    'ok   POST requests.json with a wrong api_key -> 403',
    'ok   POST requests.json for an unknown service -> 404',
    'ok   POST without required attribute[nik] -> 400',
    'ok   POST with a 4,001-character description -> 400',
    'ok   the refused POSTs stored nothing',
    'ok   GET servicerequestupdates.xml -> 200',
  ]) expect(out, text).toContain(line);
  expect(out.filter((l) => l.startsWith('FAIL')), text).toEqual([]);
});

test('civicbot files a request, an officer accepts it in the back office, both clients see it change', async ({ browser }) => {
  const { id: keyId, key } = createKey('Mitra Uji');
  await invite(server, OFFICER);
  const page = await (await browser.newContext()).newPage();
  await firstSignIn(page, server, OFFICER);
  let acted = null;
  const { code, out } = await clients(
    ['run', '--base', base(), '--api-key', key, '--service', 'ktp-el-baru', ...ANSWERS,
      '--officer-stdin', '--expect-status', 'open', '--expect-notes', 'received'],
    async (line, child) => {
      if (!line.startsWith('OPEN311_OFFICER_ACT ')) return;
      const { service_request_id: reference } = JSON.parse(line.slice('OPEN311_OFFICER_ACT '.length));
      // The officer finds it in the queue by its reference and takes it in (Terima).
      await page.goto(server.url + '/staff');
      const item = page.locator('[data-testid="queue-item"]', { hasText: reference });
      await item.locator('a').first().click();
      await expect(page.getByTestId('staff-reference')).toHaveText(reference);
      await expect(page.getByTestId('staff-channel')).toHaveAttribute('data-channel', 'open311');
      await expect(page.getByTestId('partner-name')).toHaveText('Mitra Uji');
      await expect(page.getByTestId('partner-documents')).toBeVisible();
      await expect(page.getByTestId('staff-answers')).toContainText('Siti Aminah');
      await page.getByTestId('claim').click();
      await expect(page.getByTestId('assigned')).toHaveText(OFFICER);
      const form = page.getByTestId('act-receive');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), form.locator('button[type="submit"]').click()]);
      await expect(page.getByTestId('staff-status')).toHaveAttribute('data-status', 'received');
      acted = reference;
      child.stdin.write('ok\n');
    });
  const text = out.join('\n');
  console.log(`clients.py (civicbot, georeport): ${out.at(-1)}`);
  expect(code, text).toBe(0);
  expect(acted, text).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
  expect(out.at(-1), text).toMatch(/^\d+ passed, 0 failed$/);
  expect(out.filter((l) => l.startsWith('FAIL')), text).toEqual([]);

  // Revoked with the CLI, the key files nothing more (403) and the list stays as it was.
  const before = await (await fetch(`${base()}/requests.json`)).json();
  execFileSync(BIN, ['--data-dir', server.dataDir, '--log', 'warn', 'open311-key', 'revoke', keyId], { encoding: 'utf8' });
  const refused = await fetch(`${base()}/requests.json`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: key, service_code: 'ktp-el-baru', address_string: 'Jl. A' }),
  });
  expect(refused.status).toBe(403);
  expect((await refused.json())[0].code).toBe(403);
  expect(await (await fetch(`${base()}/requests.json`)).json()).toEqual(before);
});
