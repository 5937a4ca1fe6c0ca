// Issue 14: two real Loket servers on one PostgreSQL behind nginx. Both servers start at the
// same time on an empty database (the start-up work is done once), share one secret file and
// one files directory, and trust nginx's X-Forwarded-For. nginx (Debian's package, run by the
// test on loopback ports, see nginx.js) sends a request to the server its `x-loket-upstream`
// header names (`a` or `b`), or to either without it, and says who answered in
// `X-Loket-Upstream`. Proven here:
//   1. a session made through one server is honoured by the other (staff sign in through a,
//      change the password and claim a request through b, read through a again);
//   2. an application sent through a and sent again through b (after, and at the same time) is
//      stored once, and both answers are the same receipt;
//   3. the PIN guess limit counts the guesses made through both servers together;
//   4. kill -9 of one server under a bounded load loses no acknowledged submission, stores none
//      twice, and the other server keeps serving.
// The spec fails when nginx or PostgreSQL is missing; with LOKET_ALLOW_SKIP set it skips instead,
// saying why.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, offlineReady, countServices, BIN } from './server.js';
import { startNginx, nginxMissing, upstreamsOf } from './nginx.js';
import { startPostgres, postgresMissing } from './postgres.js';
import { ktpApplication, startApplication, fillKtp, submit, untilState } from './forms.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
// Servers a and b (startServer adds the worker's and LOKET_PORT_OFFSET's shift itself), nginx.
const PORT_A = 3241;
const PORT_B = 3242;
const PORT_NGINX = 3243 + 100 * Number(process.env.TEST_PARALLEL_INDEX || 0) + Number(process.env.LOKET_PORT_OFFSET || 0);
const SERVICE = 'ktp-el-baru';
const ADMIN = 'root@loket.go.id';
const ADMIN_PASSWORD = 'rahasia negara 1945';
const OFFICER = 'petugas@dukcapil.go.id';
const TEMPORARY = 'kopi tubruk pagi 17';
const OWN = 'teh manis sore hari 17';

const missing = [nginxMissing(), postgresMissing()].filter(Boolean);
if (missing.length > 0 && process.env.LOKET_ALLOW_SKIP) console.log(`scale-out.spec.js skipped (LOKET_ALLOW_SKIP): ${missing.join('; ')}`);
test.skip(missing.length > 0 && Boolean(process.env.LOKET_ALLOW_SKIP), `LOKET_ALLOW_SKIP: ${missing.join('; ')}`);
test.describe.configure({ mode: 'serial', timeout: 180_000 });

let pg;
let shared;
let serverA;
let serverB;
let nginx;
let A; // '127.0.0.1:<port of a>', as X-Loket-Upstream names it
let B;
let formVersion;
let secret; // the one key of the shared secret file
const total = countServices();

test.beforeAll(async () => {
  test.setTimeout(180_000);
  if (missing.length) throw new Error(`${missing.join('; ')} (set LOKET_ALLOW_SKIP=1 to skip this spec instead)`);
  const t0 = Date.now();
  pg = await startPostgres();
  // One secret file (mode 0600, one key: 64 hex digits) and one files directory for both.
  shared = mkdtempSync(join(tmpdir(), 'loket-scale-out-'));
  const secretFile = join(shared, 'secret.key');
  secret = randomBytes(32);
  writeFileSync(secretFile, secret.toString('hex') + '\n', { mode: 0o600 });
  const filesDir = join(shared, 'files');
  mkdirSync(filesDir, { mode: 0o700 });
  const nginxUrl = `http://127.0.0.1:${PORT_NGINX}`;
  const options = {
    env: { DATABASE_URL: pg.url },
    args: ['--public-url', nginxUrl, '--secret-file', secretFile, '--files-dir', filesDir, '--trusted-proxies', '127.0.0.1/32'],
  };
  // Both at once on the empty database: migrations, the secret's id, the seed catalogue and the
  // calendar must be done once (the start-up lock).
  const started = await Promise.allSettled([startServer(PORT_A, options), startServer(PORT_B, options)]);
  [serverA, serverB] = started.map((s) => (s.status === 'fulfilled' ? s.value : null));
  const failed = started.filter((s) => s.status === 'rejected').map((s) => s.reason.message);
  if (failed.length) throw new Error(`the servers did not both start: ${failed.join('; ')}`);
  nginx = await startNginx([serverA.port, serverB.port], PORT_NGINX);
  A = nginx.upstreams.a;
  B = nginx.upstreams.b;
  execFileSync(BIN, ['--data-dir', serverA.dataDir, '--log', 'warn', 'create-admin', '--login', ADMIN], {
    env: { ...process.env, DATABASE_URL: pg.url, LOKET_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
  const delta = await (await fetch(`${nginx.url}/api/catalogue/changes?since=0`)).json();
  formVersion = delta.changed.find((s) => s.slug === SERVICE)?.form?.version;
  if (!formVersion) throw new Error(`${SERVICE} has no form in the catalogue`);
  console.log(`scale-out: PostgreSQL, two servers and nginx up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
});

test.afterEach(async ({}, testInfo) => {
  if (nginx && testInfo.status !== testInfo.expectedStatus) console.log(`nginx's log:\n${nginx.log().split('\n').slice(-40).join('\n')}`);
});

test.afterAll(async () => {
  const steps = [() => nginx?.stop(), () => serverA?.cleanup(), () => serverB?.cleanup(), () => pg?.stop(),
    () => shared && rmSync(shared, { recursive: true, force: true })];
  for (const step of steps) {
    try { await step(); } catch (e) { console.error(`scale-out: cleaning up: ${e.message}`); }
  }
});

// ---- HTTP through nginx ------------------------------------------------------------------------

/** One request through nginx: `via` 'a' or 'b' (absent: nginx balances); `xff` a client address
 * nginx forwards. Returns { status, text, json, headers, upstream (the addresses nginx tried),
 * cookie }. */
async function call(path, { via, xff, cookie, json, form, bytes, body, contentType, method = 'POST' } = {}) {
  const headers = {};
  if (via) headers['x-loket-upstream'] = via;
  if (xff) headers['x-forwarded-for'] = xff;
  if (cookie) headers.cookie = cookie;
  if (json !== undefined) { headers['content-type'] = 'application/json'; body = JSON.stringify(json); }
  if (form) { headers['content-type'] = 'application/x-www-form-urlencoded'; body = new URLSearchParams(form).toString(); }
  if (bytes) { headers['content-type'] = 'application/octet-stream'; body = bytes; }
  if (contentType) headers['content-type'] = contentType;
  const res = await fetch(nginx.url + path, { method, headers, body, signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  let parsed = null;
  try { parsed = JSON.parse(text); } catch (_) { /* not JSON */ }
  const set = res.headers.get('set-cookie');
  return { status: res.status, text, json: parsed, headers: res.headers, upstream: upstreamsOf(res), cookie: set ? set.split(';')[0] : cookie };
}

/** A new KTP-el application (see forms.js). */
const application = () => ktpApplication(formVersion, SERVICE);

/** Uploads the application's photo under its id (one chunk). */
const upload = (app, opts = {}) =>
  call(`/api/files/${app.sha}?key=${app.id}&offset=0&total=${app.photo.length}`, { method: 'PUT', bytes: app.photo, ...opts });

/** Sends the envelope. */
const send = (app, opts = {}) => call('/api/requests/submit', { body: app.body, contentType: 'application/json', ...opts });

/** The photo, then the envelope, through `via`; both must succeed. Returns the receipt. */
async function apply(via) {
  const app = application();
  const up = await upload(app, { via });
  expect(up.status, up.text).toBe(201);
  const sent = await send(app, { via });
  expect(sent.status, sent.text).toBe(200);
  expect(sent.upstream).toEqual([via === 'a' ? A : B]);
  return { app, receipt: sent.json };
}

const sql = (s) => `'${String(s).replace(/'/g, "''")}'`;
const sqlArray = (values) => `ARRAY[${values.map(sql).join(',')}]::text[]`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- the tests ---------------------------------------------------------------------------------

test('both servers started at once on an empty database did the start-up work once', async () => {
  const calendarYears = readdirSync(join(ROOT, 'calendar')).filter((f) => /^\d{4}\.toml$/.test(f)).length;
  expect(pg.psql('SELECT count(*) FROM services')).toBe(String(total));
  expect(pg.psql("SELECT count(*) FROM audit_log WHERE action = 'catalogue.import'")).toBe('1');
  expect(pg.psql("SELECT count(*) FROM audit_log WHERE action = 'calendar.import'")).toBe(String(calendarYears));
  // The secret's id (app/src/keys.rs: the first 8 bytes of HMAC-SHA256(key, "loket-key-id")) is
  // recorded once, and it is the shared file's: neither server made a secret of its own.
  expect(pg.psql('SELECT key_id FROM installation')).toBe(createHmac('sha256', secret).update('loket-key-id').digest('hex').slice(0, 16));
  // Both serve, each as itself.
  for (const [via, who] of [['a', A], ['b', B]]) {
    const res = await call('/healthz', { via, method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.upstream).toEqual([who]);
  }
});

test('a session made through one server is honoured by the other', async ({ browser }) => {
  // The admin the CLI made signs in through a and invites an officer through b.
  const admin = await call('/api/auth/sign-in', { via: 'a', json: { login: ADMIN, password: ADMIN_PASSWORD } });
  expect(admin.status, admin.text).toBe(200);
  expect(admin.upstream).toEqual([A]);
  const invite = await call('/api/staff/invite', {
    via: 'b', cookie: admin.cookie, json: { login: OFFICER, temporary_password: TEMPORARY, role: 'officer', agency: 'dukcapil' },
  });
  expect(invite.status, invite.text).toBe(200);
  expect(invite.upstream).toEqual([B]);
  // A citizen's application, through a.
  const { app, receipt } = await apply('a');

  // The officer's browser (the back office needs no service worker; without one, every
  // request leaves the page with the header naming the server).
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const answeredBy = (part) => page.waitForResponse((r) => r.url().includes(part) && r.request().method() === 'POST').then(upstreamsOf);
  await context.setExtraHTTPHeaders({ 'x-loket-upstream': 'a' });
  let res = await page.goto(nginx.url + '/staff');
  expect(upstreamsOf(res)).toEqual([A]);
  await page.locator('#f-login').fill(OFFICER);
  await page.locator('#f-password').fill(TEMPORARY);
  let by = answeredBy('/api/auth/sign-in-form');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('sign-in').click()]);
  expect(await by).toEqual([A]);
  await expect(page.getByTestId('must-change-password')).toBeVisible();

  // Through b: the session a made holds; the temporary password is replaced there (every
  // session ends, this browser gets a new one from b).
  await context.setExtraHTTPHeaders({ 'x-loket-upstream': 'b' });
  res = await page.reload();
  expect(upstreamsOf(res)).toEqual([B]);
  await expect(page.getByTestId('must-change-password')).toBeVisible();
  const change = page.getByTestId('change-password-form');
  await change.locator('#p-current').fill(TEMPORARY);
  await change.locator('#p-new').fill(OWN);
  by = answeredBy('/api/auth/change-password-form');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('change-password').click()]);
  expect(await by).toEqual([B]);
  await expect(page.getByTestId('queue-filters')).toBeVisible();
  // The request sent through a is in b's queue; the officer claims it through b.
  const item = page.locator(`[data-testid="queue-item"][data-id="${app.id}"]`);
  await expect(item).toContainText(receipt.reference);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), item.locator('a').click()]);
  await expect(page.getByTestId('staff-reference')).toHaveText(receipt.reference);
  by = answeredBy('/api/staff/assign');
  await page.getByTestId('claim').click();
  expect(await by).toEqual([B]);
  await expect(page.getByTestId('assigned')).toHaveText(OFFICER);
  // The photo the citizen uploaded through a opens through b (one files directory).
  const requestPage = page.url();
  res = await page.goto(`${nginx.url}/staff/berkas/${app.sha}`);
  expect(res.status()).toBe(200);
  expect(upstreamsOf(res)).toEqual([B]);
  expect(Buffer.compare(await res.body(), app.photo)).toBe(0);

  // Back through a: b's session and b's claim are a's too.
  await context.setExtraHTTPHeaders({ 'x-loket-upstream': 'a' });
  res = await page.goto(requestPage);
  expect(upstreamsOf(res)).toEqual([A]);
  await expect(page.getByTestId('staff-reference')).toHaveText(receipt.reference);
  await expect(page.getByTestId('assigned')).toHaveText(OFFICER);
  expect(pg.psql(`SELECT a.login FROM requests r JOIN accounts a ON a.id = r.assigned_to WHERE r.id = ${sql(app.id)}`)).toBe(OFFICER);
  await context.close();
});

test('an application sent through one server and again through the other is stored once', async ({ browser }) => {
  // The phone, its every request sent to a.
  const context = await browser.newContext();
  await context.setExtraHTTPHeaders({ 'x-loket-upstream': 'a' });
  const page = await context.newPage();
  await page.goto(nginx.url + '/');
  await offlineReady(page, total);
  const id = await startApplication(page, nginx, SERVICE);
  await fillKtp(page);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/requests/submit') && r.request().method() === 'POST', { timeout: 60_000 });
  await submit(page);
  const res = await answered;
  expect(res.status()).toBe(200);
  expect(upstreamsOf(res)).toEqual([A]);
  const first = await res.json();
  expect(first.id).toBe(id);
  await untilState(page, 'sent', 60_000);
  await expect(page.getByTestId('reference')).toHaveText(first.reference);
  await expect(page.getByTestId('pin')).toHaveText(first.pin);

  // The same envelope again, byte for byte, through b: the same receipt, one request stored.
  const again = await send({ body: res.request().postData() }, { via: 'b', contentType: res.request().headers()['content-type'] });
  expect(again.status, again.text).toBe(200);
  expect(again.upstream).toEqual([B]);
  expect(again.json).toEqual(first);
  expect(pg.psql(`SELECT count(*) FROM requests WHERE id = ${sql(id)}`)).toBe('1');
  expect(pg.psql(`SELECT count(*) FROM request_events WHERE request_id = ${sql(id)}`)).toBe('1');
  await context.close();

  // Sent through both at the same moment (a phone that gave up waiting on one and retried on
  // the other): both answers are the one receipt, one request stored.
  const pairs = [];
  for (let i = 0; i < 8; i++) {
    const app = application();
    const up = await upload(app, { via: i % 2 ? 'a' : 'b' });
    expect(up.status, up.text).toBe(201);
    pairs.push({ app, answers: await Promise.all([send(app, { via: 'a' }), send(app, { via: 'b' })]) });
  }
  for (const { app, answers: [viaA, viaB] } of pairs) {
    expect(viaA.status, viaA.text).toBe(200);
    expect(viaB.status, viaB.text).toBe(200);
    expect([viaA.upstream, viaB.upstream]).toEqual([[A], [B]]);
    expect(viaB.json).toEqual(viaA.json);
    expect(viaA.json.id).toBe(app.id);
  }
  const ids = pairs.map((p) => p.app.id);
  expect(pg.psql(`SELECT count(*), count(DISTINCT id) FROM requests WHERE id = ANY(${sqlArray(ids)})`)).toBe(`${ids.length}|${ids.length}`);
  expect(pg.psql(`SELECT count(*) FROM request_events WHERE request_id = ANY(${sqlArray(ids)})`)).toBe(String(ids.length));
});

test('the PIN guess limit counts the guesses made through both servers', async () => {
  // From the code: pin_per_reference allows 5 tries per 15 minutes (server/src/limits.rs),
  // every try takes one and a right PIN gives it back (app/src/api/requests.rs, track_request).
  const TRIES = 5;
  const { receipt } = await apply('a');
  const wrong = receipt.pin === '000000' ? '111111' : '000000';
  // Every try from another client address (nginx forwards it; the servers trust nginx), so the
  // per-address limit (30) never decides: only the per-reference one can.
  let n = 0;
  const track = (via, pin) => call('/api/requests/track', { via, xff: `198.51.100.${++n}`, json: { reference: receipt.reference, pin } });
  // The right PIN works, through b (and gives its try back).
  const right = await track('b', receipt.pin);
  expect(right.status, right.text).toBe(200);
  expect(right.upstream).toEqual([B]);
  expect(right.json.token).toBe(receipt.token);
  // Three wrong PINs through a, two through b: all five tries of the reference.
  for (const via of ['a', 'a', 'a', 'b', 'b'].slice(0, TRIES)) {
    const res = await track(via, wrong);
    expect(res.status, res.text).toBe(404);
    expect(res.upstream).toEqual([via === 'a' ? A : B]);
  }
  // Now even the right PIN is refused, through either, with the time to wait.
  for (const [via, who] of [['a', A], ['b', B]]) {
    const res = await track(via, receipt.pin);
    expect(res.status, res.text).toBe(429);
    expect(res.upstream).toEqual([who]);
    const wait = Number(res.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(15 * 60);
  }
  expect(pg.psql(`SELECT count(*) FROM rate_limits WHERE name = 'pin_per_reference' AND key = ${sql(receipt.reference)}`)).toBe('1');
});

test('kill -9 of one server under load loses no acknowledged submission; the other keeps serving', async () => {
  test.setTimeout(180_000);
  const LOOPS = 8;
  const KILL_AFTER_MS = 2000;
  const RUN_AFTER_KILL_MS = 3000;
  const GIVE_UP_MS = 60_000; // an application not acknowledged by then is reported, and fails the test
  const t0 = Date.now();
  const stopAt = t0 + KILL_AFTER_MS + RUN_AFTER_KILL_MS;
  let killedAt = Infinity;
  const apps = [];
  const failures = {}; // attempts that met a dropped connection, a timeout or a 5xx, by what they met
  const failed = (what, r) => { const k = `${what} ${r.status || r.error}`; failures[k] = (failures[k] || 0) + 1; };

  // One try of `request`: the answer, or { status: 0, error } when the connection failed.
  const attempt = async (request) => {
    try { return await request(); } catch (e) { return { status: 0, error: e.cause?.code || e.name || e.message, upstream: [] }; }
  };
  const retryable = (r) => r.status === 0 || r.status >= 500;

  // Sends `rec` (photo, then envelope) as the phone's outbox does: the same envelope again after
  // a dropped connection or a 5xx, until a 200.
  async function deliver(rec, xff, pinned) {
    const deadline = t0 + GIVE_UP_MS;
    while (Date.now() < deadline) {
      if (!rec.uploaded) {
        const up = await attempt(() => upload(rec.app, { xff, via: pinned() }));
        if (up.status === 200 || up.status === 201) rec.uploaded = true;
        else if (up.status === 409) {
          // Part of it arrived before the connection broke: continue from what is held.
          const held = await attempt(() => call(`/api/files/${rec.app.sha}?key=${rec.app.id}`, { method: 'GET', xff }));
          if (held.status === 200 && held.json.complete) rec.uploaded = true;
          else if (held.status === 200) {
            const from = held.json.received;
            const rest = await attempt(() => call(`/api/files/${rec.app.sha}?key=${rec.app.id}&offset=${from}&total=${rec.app.photo.length}`,
              { method: 'PUT', bytes: rec.app.photo.subarray(from), xff }));
            if (rest.status === 201) rec.uploaded = true;
          }
        } else if (retryable(up)) failed('upload', up);
        else { rec.fatal = `upload ${up.status}: ${up.text}`; return; }
        if (!rec.uploaded) { await sleep(50); continue; }
      }
      const started = Date.now();
      const res = await attempt(() => send(rec.app, { xff, via: pinned() }));
      rec.sends.push({ started, status: res.status, upstream: res.upstream, error: res.error });
      if (res.status === 200) { rec.receipt = res.json; rec.by = res.upstream.at(-1); return; }
      if (!retryable(res)) { rec.fatal = `submit ${res.status}: ${res.text}`; return; }
      failed('submit', res);
      await sleep(50);
    }
  }

  // N client loops (each its own client address, as phones are), through nginx without the
  // header: nginx balances. Each sends fresh applications until stopAt, and finishes the one
  // it has started. Loop 0 sends to a by name until the kill, so that a is never idle when it
  // dies; from then on it goes through the balancer like the rest (as a phone would).
  const loop = async (i) => {
    const xff = `203.0.113.${10 + i}`;
    const pinned = () => (i === 0 && killedAt === Infinity ? 'a' : undefined);
    while (Date.now() < stopAt) {
      const rec = { app: application(), xff, sends: [], uploaded: false };
      apps.push(rec);
      await deliver(rec, xff, pinned);
    }
  };
  const killer = (async () => {
    await sleep(KILL_AFTER_MS);
    killedAt = Date.now();
    serverA.proc.kill('SIGKILL');
  })();
  await Promise.all([killer, ...Array.from({ length: LOOPS }, (_, i) => loop(i))]);
  const loadMs = Date.now() - t0;

  const acked = apps.filter((r) => r.receipt);
  const retried = acked.filter((r) => r.sends.length > 1);
  const byA = acked.filter((r) => r.by === A).length;
  const byB = acked.filter((r) => r.by === B).length;
  console.log(`scale-out load: ${LOOPS} loops, ${loadMs} ms, ${apps.length} applications, ${acked.length} acknowledged ` +
    `(${byA} by a, ${byB} by b), a killed at ${killedAt - t0} ms, failed attempts ${JSON.stringify(failures)}, ` +
    `${retried.length} envelopes sent more than once`);
  expect(apps.filter((r) => !r.receipt).map((r) => ({ id: r.app.id, fatal: r.fatal, sends: r.sends })), 'applications never acknowledged').toEqual([]);
  // Both served before the kill; after it, only b.
  expect(byA).toBeGreaterThan(0);
  expect(byB).toBeGreaterThan(0);
  const lateByA = acked.filter((r) => r.by === A && r.sends.at(-1).started > killedAt);
  expect(lateByA.map((r) => r.app.id), 'sent after the kill, acknowledged by the dead server').toEqual([]);

  // Every acknowledged application is stored, once, as its receipt says.
  const ids = acked.map((r) => r.app.id);
  const rows = pg.psql(`SELECT id, reference, received_at FROM requests WHERE id = ANY(${sqlArray(ids)}) ORDER BY id`)
    .split('\n').filter(Boolean).map((line) => line.split('|'));
  const stored = new Map(rows.map(([id, reference, at]) => [id, { reference, at }]));
  expect(rows.length, 'rows for the acknowledged ids').toBe(ids.length);
  const lost = acked.filter((r) => !stored.has(r.app.id)).map((r) => r.app.id);
  expect(lost, 'acknowledged but not stored').toEqual([]);
  const differ = acked.filter((r) => stored.get(r.app.id).reference !== r.receipt.reference || stored.get(r.app.id).at !== r.receipt.received_at);
  expect(differ.map((r) => r.app.id), 'receipts that do not match the stored request').toEqual([]);
  // (How many envelopes sent again had been stored by an attempt whose answer was lost.)
  const storedBefore = retried.filter((r) => Date.parse(stored.get(r.app.id).at) < r.sends.at(-1).started).length;
  console.log(`scale-out load: ${storedBefore} of the ${retried.length} envelopes sent again had been stored by an earlier attempt`);
  expect(pg.psql(`SELECT count(*) FROM (SELECT request_id FROM request_events WHERE request_id = ANY(${sqlArray(ids)}) ` +
    'GROUP BY request_id HAVING count(*) <> 1) twice')).toBe('0');

  // Each envelope sent once more (only b is left), from the address it came from, as its phone
  // would (from one address they would all meet the per-address limit once a fast run has
  // acknowledged more than 600): the receipt it was acknowledged with, PIN and token included,
  // whichever server gave it first.
  const replays = [];
  for (let i = 0; i < acked.length; i += LOOPS) {
    replays.push(...(await Promise.all(acked.slice(i, i + LOOPS).map(async (r) => ({ r, res: await send(r.app, { xff: r.xff }) })))));
  }
  for (const { r, res } of replays) {
    expect(res.status, res.text).toBe(200);
    expect(res.upstream.at(-1)).toBe(B);
    expect(res.json, `the receipt of ${r.app.id} again`).toEqual(r.receipt);
  }

  // a is gone; b serves, by name and balanced.
  const toA = await attempt(() => call('/healthz', { via: 'a', method: 'GET' }));
  expect(toA.status).toBe(502);
  const health = await call('/healthz', { method: 'GET' });
  expect(health.status).toBe(200);
  expect(health.upstream.at(-1)).toBe(B);
  const fresh = application();
  const up = await upload(fresh);
  expect(up.status, up.text).toBe(201);
  expect(up.upstream.at(-1)).toBe(B);
  const sent = await send(fresh);
  expect(sent.status, sent.text).toBe(200);
  expect(sent.upstream.at(-1)).toBe(B);
  expect(pg.psql(`SELECT count(*) FROM requests WHERE id = ${sql(fresh.id)}`)).toBe('1');

  // The hash chains the two servers appended to (and one died appending to) hold.
  const verify = execFileSync(BIN, ['--data-dir', serverB.dataDir, '--log', 'warn', 'audit', 'verify'], {
    env: { ...process.env, DATABASE_URL: pg.url }, encoding: 'utf8',
  });
  expect(verify).toContain('every chain holds');
});
