// Proves end2end/oidc/provider.mjs does what Loket's sign-in tests need, with no browser and no
// Loket: this script plays the relying party over plain HTTP on 127.0.0.1 (discovery, authorize
// with PKCE S256 + state + nonce, the provider's sign-in form, the code, the token endpoint with
// client_secret_basic and with private_key_jwt, the id_token's signature from the JWKS) and
// then provokes each refusal the issue lists. It is also a worked example of the exact requests
// Loket's RP makes.
//
//   node end2end/oidc/selftest.mjs            (starts provider.mjs on a free port itself)
// Exit 0 when every check passed.
import { spawn } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';

const here = dirname(fileURLToPath(import.meta.url));
const results = { ok: 0, fail: 0 };
const check = (cond, msg, why = '') => {
  results[cond ? 'ok' : 'fail'] += 1;
  console.log(`${cond ? 'ok  ' : 'FAIL'} ${msg}${cond || !why ? '' : `: ${why}`}`);
  return cond;
};
const b64u = (b) => Buffer.from(b).toString('base64url');
const freePort = () => new Promise((res) => { const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); }); });

const port = await freePort();
const redirect = 'http://127.0.0.1:3999/auth/oidc/callback';
const keyFile = join(mkdtempSync(join(tmpdir(), 'loket-oidc-')), 'loket-jwt.private.jwk.json');
const op = spawn(process.execPath, [join(here, 'provider.mjs'), '--port', String(port), '--redirect-uri', redirect, '--jwt-key-out', keyFile, '--jwt-key-pem-out', `${keyFile}.pem`, '--quiet'],
  { stdio: ['ignore', 'pipe', 'inherit'] });
const ready = await new Promise((res, rej) => {
  let buf = '';
  op.stdout.on('data', (d) => {
    buf += d;
    const line = buf.split('\n').find((l) => l.startsWith('OIDC_PROVIDER_READY '));
    if (line) res(JSON.parse(line.slice('OIDC_PROVIDER_READY '.length)));
  });
  op.on('exit', (c) => rej(new Error(`provider exited ${c}`)));
  setTimeout(() => rej(new Error('provider not ready in 15 s')), 15000);
});
const { issuer } = ready;
const user = ready.users[0];

try {
  // Discovery
  const meta = await (await fetch(ready.discovery)).json();
  check(meta.issuer === issuer, 'discovery: issuer is exactly the URL (no trailing slash)', meta.issuer);
  check(meta.code_challenge_methods_supported?.includes('S256'), 'discovery: S256 PKCE');
  check(meta.token_endpoint_auth_methods_supported?.includes('private_key_jwt')
    && meta.token_endpoint_auth_methods_supported.includes('client_secret_basic'), 'discovery: client_secret_basic and private_key_jwt',
  JSON.stringify(meta.token_endpoint_auth_methods_supported));
  const jwks = (await (await fetch(meta.jwks_uri)).json()).keys;
  check(jwks.length === 1 && !('d' in jwks[0]), 'jwks: one public key');

  // One sign-in up to the code, as a browser would: returns {code, state, nonce, verifier}
  async function signIn(clientId, { password = user.password, pkce = true } = {}) {
    const verifier = b64u(randomBytes(32));
    const state = b64u(randomBytes(16));
    const nonce = b64u(randomBytes(16));
    const q = new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid profile email', redirect_uri: redirect, state, nonce });
    if (pkce) { q.set('code_challenge', b64u(createHash('sha256').update(verifier).digest())); q.set('code_challenge_method', 'S256'); }
    const jar = new Map();
    const go = async (url, init = {}) => {
      const r = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers || {}), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const c of r.headers.getSetCookie()) { const [kv] = c.split(';'); const i = kv.indexOf('='); jar.set(kv.slice(0, i), kv.slice(i + 1)); }
      return r;
    };
    let r = await go(`${meta.authorization_endpoint}?${q}`);
    if (r.status !== 303 && r.status !== 302) return { error: `authorize ${r.status}: ${(await r.text()).slice(0, 300)}` };
    let loc = new URL(r.headers.get('location'), issuer);
    if (loc.href.startsWith(redirect)) return { error: `authorize refused: ${loc.search}` };
    r = await go(loc); // the form
    const html = await r.text();
    if (!html.includes('Kata sandi')) return { error: `no sign-in form: ${html.slice(0, 200)}` };
    r = await go(loc, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ login: user.login, password }) });
    if (r.status === 200) return { refusedPassword: (await r.text()).includes('salah') };
    for (let i = 0; i < 5 && (r.status === 302 || r.status === 303); i += 1) {
      loc = new URL(r.headers.get('location'), issuer);
      if (loc.href.startsWith(redirect)) {
        const p = loc.searchParams;
        return { code: p.get('code'), state: p.get('state'), sentState: state, nonce, verifier, iss: p.get('iss'), error: p.get('error') };
      }
      r = await go(loc);
    }
    return { error: `no redirect to the RP (${r.status})` };
  }

  function basic(id, secret) {
    return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  }
  async function token(code, verifier, auth) {
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirect, code_verifier: verifier });
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    if (auth.secret) headers.authorization = basic(auth.id, auth.secret);
    else {
      body.set('client_id', auth.id); // oauth2 5.0 puts client_id in the body when there is no secret
      body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      body.set('client_assertion', auth.assertion);
    }
    const r = await fetch(meta.token_endpoint, { method: 'POST', headers, body });
    return { status: r.status, body: await r.json() };
  }
  // The checks Loket must make on an id_token (what openidconnect's IdTokenVerifier does)
  function judge(idToken, { clientId, nonce }) {
    const [h, p, s] = idToken.split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url'));
    const claims = JSON.parse(Buffer.from(p, 'base64url'));
    const jwk = jwks.find((k) => k.kid === header.kid);
    const problems = [];
    if (header.alg !== 'RS256' || !jwk) problems.push('alg/kid');
    else if (!verify('sha256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s || '', 'base64url'))) problems.push('signature');
    if (claims.iss !== issuer) problems.push('iss');
    if (!(Array.isArray(claims.aud) ? claims.aud.includes(clientId) : claims.aud === clientId)) problems.push('aud');
    if (Array.isArray(claims.aud) && claims.aud.length > 1 && claims.azp !== clientId) problems.push('azp');
    if (!(claims.exp > Date.now() / 1000)) problems.push('exp');
    if (claims.nonce !== nonce) problems.push('nonce');
    return { problems, claims };
  }

  // 1. client_secret_basic, the whole way
  const a = await signIn(ready.clients.secretBasic.client_id);
  check(a.code && a.state === a.sentState, 'sign-in form -> code, state returned unchanged', a.error);
  check(a.iss === issuer, 'the authorization response carries iss (RFC 9207)', a.iss);
  const t = await token(a.code, a.verifier, { id: ready.clients.secretBasic.client_id, secret: ready.clients.secretBasic.client_secret });
  check(t.status === 200 && t.body.id_token, 'token endpoint (client_secret_basic, code_verifier) -> id_token', JSON.stringify(t.body));
  const j = judge(t.body.id_token, { clientId: ready.clients.secretBasic.client_id, nonce: a.nonce });
  check(j.problems.length === 0, 'id_token: signature (JWKS), iss, aud, exp, nonce all good', j.problems.join(','));
  check(j.claims.sub === user.sub && j.claims.name && j.claims.email, 'id_token carries sub, name and email', JSON.stringify(j.claims));

  // 2. Replayed code: the provider refuses it (invalid_grant)
  const again = await token(a.code, a.verifier, { id: ready.clients.secretBasic.client_id, secret: ready.clients.secretBasic.client_secret });
  check(again.status === 400 && again.body.error === 'invalid_grant', 'a replayed code -> 400 invalid_grant', JSON.stringify(again.body));

  // 3. Wrong verifier / no PKCE
  const b = await signIn(ready.clients.secretBasic.client_id);
  const wrong = await token(b.code, b64u(randomBytes(32)), { id: ready.clients.secretBasic.client_id, secret: ready.clients.secretBasic.client_secret });
  check(wrong.status === 400 && wrong.body.error === 'invalid_grant', 'a wrong code_verifier -> invalid_grant', JSON.stringify(wrong.body));
  const noPkce = await signIn(ready.clients.secretBasic.client_id, { pkce: false });
  check(!noPkce.code, 'authorize without PKCE is refused', JSON.stringify(noPkce).slice(0, 200));
  const badPw = await signIn(ready.clients.secretBasic.client_id, { password: 'salah-sekali' });
  check(badPw.refusedPassword === true, 'a wrong password is refused on the form');

  // 4. private_key_jwt with the key written for Loket
  const priv = JSON.parse(readFileSync(keyFile, 'utf8'));
  check(priv.d && priv.kid && priv.alg === ready.clients.privateKeyJwt.alg, `private JWK written (${priv.kty} ${priv.crv ?? ''} ${priv.alg}, kid ${priv.kid})`);
  const pem = readFileSync(`${keyFile}.pem`, 'utf8');
  check(pem.startsWith(priv.kty === 'RSA' ? '-----BEGIN RSA PRIVATE KEY-----' : '-----BEGIN PRIVATE KEY-----')
    && (createPublicKey(pem).export({ format: 'jwk' }).x ?? createPublicKey(pem).export({ format: 'jwk' }).n) === (priv.x ?? priv.n), 'the same key written as PEM', pem.split('\n')[0]);
  const clientId = ready.clients.privateKeyJwt.client_id;
  const assertion = (aud) => {
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64u(JSON.stringify({ alg: priv.alg, kid: priv.kid, typ: 'JWT' }))}.${b64u(JSON.stringify({ iss: clientId, sub: clientId, aud, jti: b64u(randomBytes(16)), iat: now, exp: now + 60 }))}`;
    const key = createPrivateKey({ key: priv, format: 'jwk' });
    return `${input}.${b64u(sign(priv.alg.startsWith('RS') ? 'sha256' : { ES256: 'sha256', ES384: 'sha384', ES512: 'sha512' }[priv.alg], Buffer.from(input), priv.alg.startsWith('ES') ? { key, dsaEncoding: 'ieee-p1363' } : key))}`;
  };
  for (const aud of [meta.token_endpoint, issuer]) {
    const c = await signIn(clientId);
    const tj = await token(c.code, c.verifier, { id: clientId, assertion: assertion(aud) });
    check(tj.status === 200 && judge(tj.body.id_token, { clientId, nonce: c.nonce }).problems.length === 0,
      `private_key_jwt (aud = ${aud === issuer ? 'issuer' : 'token endpoint'}) -> valid id_token`, JSON.stringify(tj.body));
  }
  const c2 = await signIn(clientId);
  const other = (await import('node:crypto')).generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const forged = (() => {
    const input = `${b64u(JSON.stringify({ alg: 'ES256', kid: priv.kid }))}.${b64u(JSON.stringify({ iss: clientId, sub: clientId, aud: meta.token_endpoint, jti: 'x1', exp: Math.floor(Date.now() / 1000) + 60 }))}`;
    return `${input}.${b64u(sign('sha256', Buffer.from(input), { key: createPrivateKey({ key: other, format: 'jwk' }), dsaEncoding: 'ieee-p1363' }))}`;
  })();
  const tf = await token(c2.code, c2.verifier, { id: clientId, assertion: forged });
  check(tf.status === 401 && tf.body.error === 'invalid_client', 'an assertion signed with another key -> 401 invalid_client', JSON.stringify(tf.body));

  // 5. The rewrites for the id_token refusals: each breaks exactly one check
  const cases = [
    [{ aud: ready.clients.foreign.client_id }, 'aud'],
    [{ exp_offset: -3600 }, 'exp'],
    [{ nonce: 'salah' }, 'nonce'],
    [{ iss: 'http://127.0.0.1:1' }, 'iss'],
    [{ signature: 'foreign' }, 'signature'],
    [{ signature: 'garbled' }, 'signature'],
    [{ signature: 'none' }, 'alg/kid'],
  ];
  for (const [m, expect] of cases) {
    await fetch(`${issuer}/__test/id-token`, { method: 'POST', body: JSON.stringify(m) });
    const s = await signIn(ready.clients.secretBasic.client_id);
    const ts = await token(s.code, s.verifier, { id: ready.clients.secretBasic.client_id, secret: ready.clients.secretBasic.client_secret });
    const got = ts.body.id_token ? judge(ts.body.id_token, { clientId: ready.clients.secretBasic.client_id, nonce: s.nonce }).problems : ['no token'];
    check(got.length === 1 && got[0] === expect, `rewrite ${JSON.stringify(m)} breaks only ${expect}`, got.join(','));
  }
  const st = await (await fetch(`${issuer}/__test/state`)).json();
  check(st.pending === null, 'each rewrite is used once');
  const s = await signIn(ready.clients.secretBasic.client_id);
  const ts = await token(s.code, s.verifier, { id: ready.clients.secretBasic.client_id, secret: ready.clients.secretBasic.client_secret });
  check(judge(ts.body.id_token, { clientId: ready.clients.secretBasic.client_id, nonce: s.nonce }).problems.length === 0, 'after a rewrite, tokens are good again');

  // 6. The authorization-response switches (tampered state, replayed code with a fresh state)
  await fetch(`${issuer}/__test/authorization`, { method: 'POST', body: '{"state_suffix":"x"}' });
  const ta = await signIn(ready.clients.secretBasic.client_id);
  check(ta.code && ta.state === `${ta.sentState}x`, 'switch: the next authorization response carries a tampered state', JSON.stringify(ta).slice(0, 160));
  const used = await token(ta.code, ta.verifier, { id: ready.clients.secretBasic.client_id, secret: ready.clients.secretBasic.client_secret });
  check(used.status === 200, '(that code exchanged once)');
  await fetch(`${issuer}/__test/authorization`, { method: 'POST', body: '{"code":"previous"}' });
  const rp = await signIn(ready.clients.secretBasic.client_id);
  check(rp.state === rp.sentState && rp.code === ta.code, 'switch: the next authorization response replays the previous code with its own state');
  const rt = await token(rp.code, rp.verifier, { id: ready.clients.secretBasic.client_id, secret: ready.clients.secretBasic.client_secret });
  check(rt.status === 400 && rt.body.error === 'invalid_grant', '… which the token endpoint refuses (invalid_grant)', JSON.stringify(rt.body));

  // 7. RP-initiated logout page exists
  const lo = await fetch(`${meta.end_session_endpoint}?client_id=${ready.clients.secretBasic.client_id}&post_logout_redirect_uri=${encodeURIComponent('http://127.0.0.1:3999/')}`, { redirect: 'manual' });
  // (with no provider session it confirms by itself: an auto-submitting form to /session/end/confirm;
  // with one, our page asks "Ya, keluar")
  const page = await lo.text();
  check(lo.status === 200 && /Ya, keluar|session\/end\/confirm/.test(page), 'end_session_endpoint answers the sign-out', `${lo.status} ${page.slice(0, 120)}`);
} catch (e) {
  check(false, 'selftest', e.stack);
} finally {
  op.kill('SIGTERM');
}
console.log(`\n${results.ok} passed, ${results.fail} failed`);
process.exit(results.fail === 0 && results.ok > 0 ? 0 : 1);
