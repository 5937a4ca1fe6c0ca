// Issue 13 §4: signing in with OpenID Connect, against a real OpenID provider (npm
// oidc-provider 9.13.3, end2end/oidc/provider.mjs) on 127.0.0.1 with the issuer
// http://localhost:<port> (so the callback is cross-site, as with INApas) and the real Loket
// server configured with two providers at it: one client with a secret (client_secret_basic),
// one with the private key the provider writes (private_key_jwt, ES256). In Chromium: the PKCE
// code flow through the provider's form for both; each refusal the provider's __test switches
// can cause (tampered state, replayed code, wrong nonce, expired and foreign-audience id_tokens,
// a mixed-up issuer, a callback without the issuer the provider promises) answers a clear page and stores no session, account or identity; signing
// out ends the Loket session; linking to an account made with a password; an agency that
// requires the provider refuses its linked officer's password; a request made on a phone before
// signing in with the provider follows the account to another device.
import { test, expect } from '@playwright/test';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import readline from 'node:readline';
import { startServer, offlineReady, countServices } from './server.js';
import { startApplication, fillKtp, submit, untilState } from './forms.js';
import { expectAccessible } from './a11y.js';
import { invite, firstSignIn, OWN } from './staff.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OFFSET = Number(process.env.LOKET_PORT_OFFSET || 0);
const PARALLEL = 100 * Number(process.env.TEST_PARALLEL_INDEX || 0);
const BASE_PORT = 3231;
const LOKET_PORT = BASE_PORT + PARALLEL + OFFSET;
const OP_PORT = 4011 + PARALLEL + OFFSET;
const ISSUER = `http://localhost:${OP_PORT}`;
const LOKET = `http://127.0.0.1:${LOKET_PORT}`;

// The provider's users: each test signs in as its own, so identities never collide.
const USERS = {
  warga: ['warga', 'kata-sandi-warga', 'warga-001'],
  kunci: ['kunci', 'kata-sandi-kunci', 'kunci-001'],
  tolak: ['tolak', 'kata-sandi-tolak', 'tolak-001'],
  tautan: ['tautan', 'kata-sandi-tautan', 'tautan-001'],
  pegawai: ['pegawai', 'kata-sandi-pegawai', 'pegawai-001'],
  klaim: ['klaim', 'kata-sandi-klaim', 'klaim-001'],
};

let op;
let ready;
let server;
let dir;

test.describe.configure({ timeout: 90_000 });

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loket-oidc-'));
  const callbacks = ['uji', 'ujijwt'].map((id) => `${LOKET}/auth/oidc/${id}/callback`);
  op = spawn(process.execPath, [join(ROOT, 'end2end/oidc/provider.mjs'), '--port', String(OP_PORT), '--issuer', ISSUER,
    ...callbacks.flatMap((u) => ['--redirect-uri', u]),
    '--jwt-key-out', join(dir, 'loket-jwt.jwk.json'), '--jwt-key-pem-out', join(dir, 'loket-jwt.pem'),
    ...Object.values(USERS).flatMap((u) => ['--user', u.join(':')])], { stdio: ['ignore', 'pipe', 'inherit'] });
  ready = await new Promise((ok, fail) => {
    const lines = readline.createInterface({ input: op.stdout });
    lines.on('line', (line) => {
      if (line.startsWith('OIDC_PROVIDER_READY ')) ok(JSON.parse(line.slice('OIDC_PROVIDER_READY '.length)));
    });
    op.once('exit', (code) => fail(new Error(`the provider exited with ${code}`)));
    setTimeout(() => fail(new Error('the provider did not come up in 30 s')), 30_000);
  });
  expect(ready.issuer).toBe(ISSUER);
  const secretFile = join(dir, 'client-secret');
  writeFileSync(secretFile, `${ready.clients.secretBasic.client_secret}\n`, { mode: 0o600 });
  const jwt = ready.clients.privateKeyJwt;
  server = await startServer(BASE_PORT, {
    args: [
      '--oidc-provider', `id=uji,name=Uji Rahasia,issuer=${ISSUER},client-id=loket,secret-file=${secretFile},scopes=openid profile,staff-agencies=dukcapil`,
      '--oidc-provider', `id=ujijwt,name=Uji Kunci,issuer=${ISSUER},client-id=${jwt.client_id},key-file=${jwt.private_pem_file},key-alg=${jwt.alg},key-id=${jwt.kid}`,
    ],
  });
  expect(server.url).toBe(LOKET);
});

test.afterAll(async () => {
  await server?.cleanup();
  if (op && op.exitCode === null) {
    const done = new Promise((r) => op.once('exit', r));
    op.kill('SIGTERM');
    await done;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One value from Loket's real SQLite file (the sqlite3 CLI, read-only). */
function sql(query) {
  return execFileSync('sqlite3', ['-readonly', join(server.dataDir, 'loket.db'), query], { encoding: 'utf8' }).trim();
}
/** What a refusal must leave as it was: accounts, identities, signed-in sessions, pending sign-ins. */
function stored() {
  return {
    accounts: sql('SELECT COUNT(*) FROM accounts'),
    identities: sql('SELECT COUNT(*) FROM identities'),
    sessions: sql('SELECT COUNT(*) FROM sessions WHERE account_id IS NOT NULL'),
  };
}

/** Sets the provider's switch for its next authorization response or id_token (§5.3). */
async function provider(kind, body) {
  const r = await fetch(`${ISSUER}/__test/${kind}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(r.ok, `switch ${kind} ${JSON.stringify(body)}`).toBe(true);
}
async function providerState() {
  return (await fetch(`${ISSUER}/__test/state`)).json();
}

/** Follows the link "Masuk dengan <name>" on the page and signs in at the provider as `user`
 * (the provider may remember the browser and skip its form); returns the callback's response. */
async function signInAt(page, providerId, user) {
  const callback = page.waitForResponse((r) => r.url().startsWith(`${LOKET}/auth/oidc/${providerId}/callback`));
  await page.getByTestId(`oidc-${providerId}`).click();
  const at = await Promise.race([
    page.waitForURL((u) => u.origin === ISSUER && u.pathname.startsWith('/interaction/')).then(() => 'form'),
    callback.then(() => 'back'),
  ]);
  if (at === 'form') {
    await page.getByLabel('Nama pengguna').fill(user[0]);
    await page.getByLabel('Kata sandi').fill(user[1]);
    await page.getByRole('button', { name: 'Masuk' }).click();
  }
  const res = await callback;
  await page.waitForLoadState('load');
  return res;
}

test('signs in with the client secret through the PKCE code flow, and signing out ends the session', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const authorizations = [];
  page.on('request', (r) => { if (r.url().startsWith(`${ISSUER}/auth?`)) authorizations.push(new URL(r.url())); });
  await page.goto(`${LOKET}/akun`);
  await expect(page.getByTestId('oidc-uji')).toHaveText('Masuk dengan Uji Rahasia');
  await expectAccessible(page, '/akun with the identity providers');
  const res = await signInAt(page, 'uji', USERS.warga);
  expect(res.status()).toBe(303);
  expect(res.headers()['cache-control']).toBe('no-store');

  // The authorization request: code flow, PKCE S256, a nonce and a state, this callback.
  expect(authorizations).toHaveLength(1);
  const q = authorizations[0].searchParams;
  expect(q.get('response_type')).toBe('code');
  expect(q.get('client_id')).toBe('loket');
  expect(q.get('code_challenge_method')).toBe('S256');
  expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(q.get('nonce')).toBeTruthy();
  expect(q.get('state')).toBeTruthy();
  expect(q.get('redirect_uri')).toBe(`${LOKET}/auth/oidc/uji/callback`);
  expect(q.get('scope').split(' ').sort()).toEqual(['openid', 'profile']);

  // Signed in as a new citizen account made for the identity (never matched by e-mail).
  expect(new URL(page.url()).pathname).toBe('/akun');
  await expect(page.getByTestId('signed-in-as')).toContainText('@uji.oidc.invalid');
  const account = sql("SELECT account_id FROM identities WHERE provider = 'uji' AND subject = 'warga-001'");
  expect(account).not.toBe('');
  expect(sql(`SELECT role FROM accounts WHERE id = '${account}'`)).toBe('citizen');
  expect(sql(`SELECT COUNT(*) FROM sessions WHERE account_id = '${account}'`)).toBe('1');
  expect(sql('SELECT COUNT(*) FROM oidc_pending')).toBe('0');
  expect(sql(`SELECT json_extract(after, '$.provider') FROM audit_log WHERE action = 'auth.sign_in' AND actor_id = '${account}'`)).toBe('uji');
  const cookie = (await context.cookies(LOKET)).find((c) => c.name === 'loket_session');
  expect(cookie.httpOnly).toBe(true);

  // Signing out ends the Loket session: the old cookie signs nobody in any more.
  await Promise.all([page.waitForNavigation(), page.getByTestId('sign-out').click()]);
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
  expect(sql(`SELECT COUNT(*) FROM sessions WHERE account_id = '${account}'`)).toBe('0');
  const me = await fetch(`${LOKET}/api/auth/me`, { headers: { cookie: `loket_session=${cookie.value}` } });
  expect(await me.json()).toBeNull();
  await context.close();
});

test('signs in with private_key_jwt (an ES256 assertion made by Loket)', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const before = await providerState();
  await page.goto(`${LOKET}/akun`);
  const res = await signInAt(page, 'ujijwt', USERS.kunci);
  expect(res.status()).toBe(303);
  await expect(page.getByTestId('signed-in-as')).toContainText('@ujijwt.oidc.invalid');
  expect(sql("SELECT COUNT(*) FROM identities WHERE provider = 'ujijwt' AND subject = 'kunci-001'")).toBe('1');
  const after = await providerState();
  expect(after.tokens).toBe(before.tokens + 1);
  await context.close();
});

// Each refusal: a fresh browser, the switch, the sign-in; then the page says why with a 4xx/502,
// and nothing but the audit log changed.
const REFUSALS = [
  { name: 'a tampered state', kind: 'authorization', body: { state_suffix: 'x' }, code: 'state', status: 400, text: 'tidak dikenal' },
  { name: 'a replayed code (a used code with a fresh state)', kind: 'authorization', body: { code: 'previous' }, code: 'provider', status: 502, text: 'menolak' },
  { name: 'a wrong nonce', kind: 'id-token', body: { nonce: 'salah' }, code: 'token', status: 400, text: 'pemeriksaan keamanan' },
  { name: 'an expired id_token', kind: 'id-token', body: { exp_offset: -60 }, code: 'token', status: 400, text: 'pemeriksaan keamanan' },
  { name: 'a foreign-audience id_token', kind: 'id-token', body: { aud: 'lain' }, code: 'token', status: 400, text: 'pemeriksaan keamanan' },
  { name: 'another issuer in the callback (mix-up)', kind: 'authorization', body: { iss: 'http://localhost:1' }, code: 'issuer', status: 400, text: 'pemeriksaan keamanan' },
  // The provider's discovery says it always names itself (RFC 9207), so a callback without
  // `iss` is refused before its code is used.
  { name: 'a callback without iss from a provider that always sends it', kind: 'authorization', body: { drop: ['iss'] }, code: 'issuer', status: 400, text: 'pemeriksaan keamanan' },
];

for (const r of REFUSALS) {
  test(`refuses ${r.name}: a clear page, no session, no account, no identity`, async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${LOKET}/akun`);
    const before = stored();
    const audited = Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'auth.sign_in_failed' AND json_extract(after, '$.reason') = '${r.code}'`));
    const refusedCodes = (await providerState()).refusedCodes;
    await provider(r.kind, r.body);
    const res = await signInAt(page, 'uji', USERS.tolak);
    expect(res.status()).toBe(r.status);
    expect(res.headers()['cache-control']).toBe('no-store');
    await expect(page.getByTestId('oidc-error')).toBeVisible();
    await expect(page.getByTestId('oidc-error')).toContainText(r.text);
    await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
    expect(stored()).toEqual(before);
    expect(sql("SELECT COUNT(*) FROM identities WHERE subject = 'tolak-001'")).toBe('0');
    expect(sql('SELECT COUNT(*) FROM oidc_pending')).toBe('0');
    expect((await context.cookies(LOKET)).filter((c) => c.name === 'loket_session')).toEqual([]);
    expect(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'auth.sign_in_failed' AND json_extract(after, '$.reason') = '${r.code}'`))).toBe(audited + 1);
    if (r.code === 'provider') expect((await providerState()).refusedCodes).toBe(refusedCodes + 1);
    if (r.code === 'state') await expectAccessible(page, 'the refusal page');
    await context.close();
  });
}

test('refuses the same callback opened twice (a replayed code with its state)', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${LOKET}/akun`);
  const res = await signInAt(page, 'uji', USERS.warga);
  expect(res.status()).toBe(303);
  const callbackUrl = res.url();
  const signedIn = stored();
  const again = await page.goto(callbackUrl);
  expect(again.status()).toBe(400);
  await expect(page.getByTestId('oidc-error')).toContainText('sudah dipakai');
  // The session already there stays as it was; nothing new is stored.
  await expect(page.getByTestId('signed-in-as')).toContainText('@uji.oidc.invalid');
  expect(stored()).toEqual(signedIn);
  await context.close();
});

test('links the provider to an account made with a password, never by e-mail', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${LOKET}/akun`);
  const up = await page.request.post(`${LOKET}/api/auth/sign-up`, { data: { login: 'tautan@contoh.go.id', password: 'nasi uduk betawi' } });
  expect(up.status()).toBe(200);
  const account = sql("SELECT id FROM accounts WHERE login = 'tautan@contoh.go.id'");
  await page.goto(`${LOKET}/akun`);
  await expect(page.getByTestId('oidc-offer')).toContainText('Tautkan');
  await signInAt(page, 'uji', USERS.tautan);
  await expect(page.getByTestId('signed-in-as')).toContainText('tautan@contoh.go.id');
  expect(sql("SELECT account_id FROM identities WHERE provider = 'uji' AND subject = 'tautan-001'")).toBe(account);
  expect(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'account.link_identity' AND subject = '${account}'`)).toBe('1');

  // Signed out, the provider alone signs in as that account.
  await Promise.all([page.waitForNavigation(), page.getByTestId('sign-out').click()]);
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
  await signInAt(page, 'uji', USERS.tautan);
  await expect(page.getByTestId('signed-in-as')).toContainText('tautan@contoh.go.id');
  expect(sql("SELECT COUNT(*) FROM accounts WHERE login LIKE '%tautan%'")).toBe('1');
  await context.close();
});

test("an agency that requires the provider refuses its linked officer's password", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const login = 'petugas.oidc@dukcapil.go.id';
  await invite(server, login, { agency: 'dukcapil' });
  await firstSignIn(page, server, login);
  const account = sql(`SELECT id FROM accounts WHERE login = '${login}'`);

  // Before the link, the password works (that is how the link is made): link from /akun.
  await page.goto(`${LOKET}/akun`);
  await signInAt(page, 'uji', USERS.pegawai);
  expect(sql("SELECT account_id FROM identities WHERE provider = 'uji' AND subject = 'pegawai-001'")).toBe(account);
  await Promise.all([page.waitForNavigation(), page.getByTestId('sign-out').click()]);

  // Now the password is refused, saying why, and audited.
  await page.goto(`${LOKET}/staff`);
  await page.locator('#f-login').fill(login);
  await page.locator('#f-password').fill(OWN);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('sign-in').click()]);
  await expect(page.getByTestId('oidc-error')).toContainText('penyedia identitas yang sudah ditautkan');
  await expect(page.getByTestId('queue-filters')).toHaveCount(0);
  expect(sql(`SELECT COUNT(*) FROM sessions WHERE account_id = '${account}'`)).toBe('0');
  expect(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'auth.sign_in_failed' AND subject = '${account}' AND json_extract(after, '$.reason') = 'use_provider'`)).toBe('1');
  await expectAccessible(page, 'the staff sign-in page refusing the password');

  // The provider signs the officer in to the back office.
  await signInAt(page, 'uji', USERS.pegawai);
  expect(new URL(page.url()).pathname).toBe('/staff');
  await expect(page.getByTestId('queue-filters')).toBeVisible();
  await context.close();
});

test("a request made on the phone before signing in with the provider follows the account to another device", async ({ browser }) => {
  const phoneA = await browser.newContext();
  const a = await phoneA.newPage();
  await a.goto(`${LOKET}/`);
  await offlineReady(a, countServices());
  const id = await startApplication(a, server, 'ktp-el-baru');
  await fillKtp(a);
  await submit(a);
  await untilState(a, 'sent', 60_000);
  const reference = (await a.getByTestId('reference').innerText()).trim();
  expect(sql(`SELECT owner_id IS NULL FROM requests WHERE id = '${id}'`)).toBe('1');

  // Phone A signs in with the provider (away from the app): the account page it lands on
  // claims the phone's request, then drops its mark so a reload does not claim again.
  await a.goto(`${LOKET}/akun`);
  const res = await signInAt(a, 'uji', USERS.klaim);
  expect(res.headers().location).toBe('/akun?masuk=1');
  await expect(a.getByTestId('signed-in-as')).toContainText('@uji.oidc.invalid');
  const account = sql("SELECT account_id FROM identities WHERE provider = 'uji' AND subject = 'klaim-001'");
  expect(account).not.toBe('');
  await expect.poll(() => sql(`SELECT owner_id FROM requests WHERE id = '${id}'`), { timeout: 15_000 }).toBe(account);
  await expect(a).toHaveURL(`${LOKET}/akun`);
  expect(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'request.claim' AND subject = '${id}' AND actor_id = '${account}'`)).toBe('1');

  // Phone B: the same identity, and the request made on phone A is there with its reference.
  const phoneB = await browser.newContext();
  const b = await phoneB.newPage();
  await b.goto(`${LOKET}/akun`);
  await signInAt(b, 'uji', USERS.klaim);
  await expect(b.getByTestId('signed-in-as')).toContainText('@uji.oidc.invalid');
  // The page has done its part (nothing to claim here) once the address is plain again.
  await expect(b).toHaveURL(`${LOKET}/akun`);
  await b.goto(`${LOKET}/permohonan`);
  const item = b.locator(`[data-testid="app-item"][data-id="${id}"]`);
  await expect(item).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });
  await item.locator('a').first().click();
  await expect(b.getByTestId('reference')).toHaveText(reference);
  await phoneA.close();
  await phoneB.close();
});
