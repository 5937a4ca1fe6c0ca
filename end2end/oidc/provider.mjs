// A real OpenID provider for Loket's tests (issue 13): npm oidc-provider 9.13.3 (panva's certified
// OP) on 127.0.0.1 over plain HTTP, with the clients, the test user and the switches the sign-in
// tests need. Test-only: it knows every password and can mint tokens it should not.
//
//   node end2end/oidc/provider.mjs --port 4011 \
//     --redirect-uri http://127.0.0.1:3000/auth/oidc/callback \
//     --jwt-key-out /tmp/loket-oidc/loket-jwt.private.jwk.json
//
// Every option also reads from the environment (OIDC_PORT, OIDC_REDIRECT_URI, …: upper case,
// dashes as underscores); a flag wins. When it listens it prints ONE line to stdout:
//   OIDC_PROVIDER_READY {"issuer":…,"clients":{…},"users":[…],"jwtKeyFile":…}
// (a driver waits for it) and writes the same JSON to --ready-file if given.
//
// Clients (all: code flow only, PKCE S256 required, the given redirect URIs):
//   --client-id loket / --client-secret …     client_secret_basic
//   --jwt-client-id loket-jwt                   private_key_jwt: a key pair made at start
//     (--jwt-alg ES256 | ES512 | RS256; INApas asks for an EC key), the PRIVATE JWK written to
//     --jwt-key-out (mode 0600) for Loket's configuration, the public one registered here;
//     --jwt-key-pem-out writes the same private key as PEM too (RSA: PKCS#1 "RSA PRIVATE KEY",
//     which openidconnect's CoreRsaPrivateSigningKey::from_pem reads; EC: PKCS#8, which
//     p256's SigningKey::from_pkcs8_pem reads)
//   --foreign-client-id lain / secret lain-rahasia   another audience, for "foreign aud" tests
// The user: --user login:password:sub (repeatable; default warga:kata-sandi-warga:warga-001),
// signed in through a plain form at /interaction/:uid (labels "Nama pengguna", "Kata sandi",
// button "Masuk"; a wrong password is refused on the page), consent granted without asking.
//
// Test switches (http://127.0.0.1:PORT/__test/…, JSON):
//   POST /__test/id-token  {"aud":"lain"} | {"exp_offset":-3600} | {"nonce":"salah"} |
//                          {"iss":"http://127.0.0.1:1"} | {"signature":"foreign"|"none"|"garbled"} |
//                          {"sub":"…"} | {"azp":"…"} | {"drop":["nonce"]}  (any mix)
//     The NEXT token response's id_token is rewritten that way and signed again with this
//     provider's own key (so only the named check can refuse it; "foreign" signs with a key the
//     JWKS does not hold, "none" is alg none, "garbled" flips the signature). Used once.
//   POST /__test/authorization  {"state":"…"} | {"state_suffix":"x"} | {"code":"previous"} |
//                          {"code":"…"} | {"iss":"…"} | {"drop":["state"|"iss"|"code"]}
//     The NEXT redirect back to a client's redirect_uri (the authorization response) is changed
//     that way: a tampered state, or the code of the sign-in before this one (a replayed code,
//     carried with this sign-in's valid state), a mix-up iss (RFC 9207). Used once. (Playwright's
//     page.route() cannot do this: it does not see requests reached through a redirect.)
//   GET  /__test/state     {"pending":…,"pendingAuthorization":…,"tokens":N,"codes":N,"refusedCodes":N,
//                           "lastCode":…}
//   POST /__test/reset     forget the pending rewrites and the counters
import { createServer } from 'node:http';
import { createPublicKey, generateKeyPairSync, randomBytes, sign as cryptoSign, createHash } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Provider from 'oidc-provider';

// ---- options --------------------------------------------------------------------------------
const SPEC = {
  host: '127.0.0.1', port: '4011', issuer: '',
  'redirect-uri': [], 'post-logout-redirect-uri': [],
  'client-id': 'loket', 'client-secret': 'rahasia-klien-loket',
  'jwt-client-id': 'loket-jwt', 'jwt-alg': 'ES256', 'jwt-key-out': '', 'jwt-key-pem-out': '',
  'foreign-client-id': 'lain', 'foreign-client-secret': 'lain-rahasia',
  user: [], 'id-token-ttl': '3600', 'ready-file': '', quiet: '',
};
function options(argv) {
  const o = {};
  for (const [k, d] of Object.entries(SPEC)) {
    const env = process.env[`OIDC_${k.toUpperCase().replaceAll('-', '_')}`];
    o[k] = Array.isArray(d) ? (env ? env.split(',').filter(Boolean) : []) : (env ?? d);
  }
  const seen = new Set();
  for (let i = 0; i < argv.length; i += 1) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m || !(m[1] in SPEC)) throw new Error(`unknown argument ${argv[i]} (see the head of provider.mjs)`);
    const v = m[2] ?? (SPEC[m[1]] === '' && m[1] === 'quiet' ? '1' : argv[++i]);
    if (v === undefined) throw new Error(`--${m[1]} needs a value`);
    if (Array.isArray(SPEC[m[1]])) {
      if (!seen.has(m[1])) { o[m[1]] = []; seen.add(m[1]); }
      o[m[1]].push(v);
    } else o[m[1]] = v;
  }
  if (!o['redirect-uri'].length) o['redirect-uri'] = ['http://127.0.0.1:3000/auth/oidc/callback'];
  if (!o['post-logout-redirect-uri'].length) {
    o['post-logout-redirect-uri'] = o['redirect-uri'].map((u) => new URL('/', u).href);
  }
  if (!o.user.length) o.user = ['warga:kata-sandi-warga:warga-001'];
  o.issuer ||= `http://${o.host}:${o.port}`;
  return o;
}
const opt = options(process.argv.slice(2));
const log = (...a) => { if (!opt.quiet) console.error('[oidc]', ...a); };

// ---- keys -----------------------------------------------------------------------------------
const b64u = (buf) => Buffer.from(buf).toString('base64url');
function thumbprint(jwk) {
  const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
    : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return b64u(createHash('sha256').update(JSON.stringify(members)).digest());
}
function keyPair(alg) {
  const { privateKey } = alg.startsWith('ES')
    ? generateKeyPairSync('ec', { namedCurve: { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg] })
    : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const priv = privateKey.export({ format: 'jwk' });
  const kid = thumbprint(priv);
  Object.assign(priv, { kid, alg, use: 'sig' });
  const pub = createPublicKey(privateKey).export({ format: 'jwk' });
  Object.assign(pub, { kid, alg, use: 'sig' });
  return { priv, pub, key: privateKey };
}
const opKey = keyPair('RS256');          // the provider signs id_tokens with this (RS256)
const strangerKey = keyPair('RS256');    // same kid form, not in the JWKS: "foreign" signatures
strangerKey.priv.kid = opKey.priv.kid;   // (claims to be the provider's key)
const jwtAlg = opt['jwt-alg'];
if (!['ES256', 'ES384', 'ES512', 'RS256', 'PS256'].includes(jwtAlg)) throw new Error(`--jwt-alg ${jwtAlg}?`);
const clientKey = keyPair(jwtAlg);       // the private_key_jwt client's pair (Loket holds the private half)
if (opt['jwt-key-out']) {
  mkdirSync(dirname(opt['jwt-key-out']), { recursive: true });
  writeFileSync(opt['jwt-key-out'], `${JSON.stringify(clientKey.priv, null, 2)}\n`, { mode: 0o600 });
}
if (opt['jwt-key-pem-out']) {
  mkdirSync(dirname(opt['jwt-key-pem-out']), { recursive: true });
  const type = clientKey.priv.kty === 'RSA' ? 'pkcs1' : 'pkcs8';
  writeFileSync(opt['jwt-key-pem-out'], clientKey.key.export({ type, format: 'pem' }), { mode: 0o600 });
}

// ---- users ----------------------------------------------------------------------------------
const USERS = new Map(opt.user.map((u) => {
  const [login, password, sub = login] = u.split(':');
  return [login, {
    login, password, sub,
    claims: {
      sub, name: login === 'warga' ? 'Siti Aminah' : login, email: `${login}@contoh.go.id`, email_verified: true,
      phone_number: '+6281234567890', phone_number_verified: false,
    },
  }];
}));
const BY_SUB = new Map([...USERS.values()].map((u) => [u.sub, u]));

// ---- the provider ---------------------------------------------------------------------------
const common = {
  redirect_uris: opt['redirect-uri'],
  post_logout_redirect_uris: opt['post-logout-redirect-uri'],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  id_token_signed_response_alg: 'RS256',
};
const clients = [
  { ...common, client_id: opt['client-id'], client_secret: opt['client-secret'], token_endpoint_auth_method: 'client_secret_basic', client_name: 'Loket' },
  { ...common, client_id: opt['jwt-client-id'], token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: jwtAlg, jwks: { keys: [clientKey.pub] }, client_name: 'Loket (private_key_jwt)' },
  { ...common, client_id: opt['foreign-client-id'], client_secret: opt['foreign-client-secret'], token_endpoint_auth_method: 'client_secret_basic', client_name: 'Aplikasi lain' },
];
const ttl = Number(opt['id-token-ttl']);
const provider = new Provider(opt.issuer, {
  clients,
  jwks: { keys: [opKey.priv] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  findAccount: async (_ctx, sub) => {
    const u = BY_SUB.get(sub);
    return u && { accountId: sub, claims: async () => ({ ...u.claims }) };
  },
  claims: {
    openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'],
    phone: ['phone_number', 'phone_number_verified'],
  },
  // The claims of the granted scopes go into the id_token too (else only userinfo has them).
  conformIdTokenClaims: false,
  pkce: { required: () => true },               // S256 only (the default methods)
  responseTypes: ['code'],
  enabledJWA: {
    clientAuthSigningAlgValues: ['RS256', 'PS256', 'ES256', 'ES384', 'ES512'],
  },
  features: {
    devInteractions: { enabled: false },        // our own form below checks the password
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Keluar', `<h1>Keluar dari penyedia identitas?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Ya, keluar</button>
<button type="submit" form="op.logoutForm">Tidak</button>`);
      },
      postLogoutSuccessSource: async (ctx) => { ctx.body = page('Sudah keluar', '<h1>Anda sudah keluar.</h1>'); },
    },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // First-party clients: consent is granted without a page (the scopes asked for).
  loadExistingGrant: async (ctx) => {
    const id = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (id) return ctx.oidc.provider.Grant.find(id);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(' ') || 'openid');
    await grant.save();
    return grant;
  },
  ttl: {
    AccessToken: 600, AuthorizationCode: 60, IdToken: ttl, Interaction: 600, Session: 3600, Grant: 3600,
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Kesalahan', `<h1>Kesalahan</h1><pre id="error">${esc(JSON.stringify(out, null, 2))}</pre>`);
  },
});
provider.on('server_error', (_ctx, e) => log('server_error', e));
provider.on('grant.error', (_ctx, e) => log('grant.error', e.error, e.error_description));
provider.on('authorization.error', (_ctx, e) => log('authorization.error', e.error, e.error_description));

// ---- test switches on the token response --------------------------------------------------------
const state = { pending: null, pendingAuthorization: null, tokens: 0, codes: 0, refusedCodes: 0, lastCode: null };
const redirectUris = new Set(opt['redirect-uri']);
provider.on('grant.success', () => { state.codes += 1; });
provider.on('grant.error', () => { state.refusedCodes += 1; });
provider.use(async (ctx, next) => {
  await next();
  const location = ctx.status >= 300 && ctx.status < 400 ? ctx.response.get('location') : '';
  if (location) {
    const to = URL.parse(location);
    if (to && redirectUris.has(`${to.origin}${to.pathname}`) && to.searchParams.has('state')) {
      const issued = to.searchParams.get('code');
      const m = state.pendingAuthorization;
      if (m) {
        state.pendingAuthorization = null;
        if ('state' in m) to.searchParams.set('state', m.state);
        if ('state_suffix' in m) to.searchParams.set('state', to.searchParams.get('state') + m.state_suffix);
        if (m.code === 'previous' && state.lastCode) to.searchParams.set('code', state.lastCode);
        else if ('code' in m && m.code !== 'previous') to.searchParams.set('code', m.code);
        if ('iss' in m) to.searchParams.set('iss', m.iss);
        for (const k of m.drop ?? []) to.searchParams.delete(k);
        ctx.redirect(to.href);
        log('authorization response rewritten', JSON.stringify(m));
      }
      if (issued) state.lastCode = issued;
    }
  }
  if (ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token) {
    state.tokens += 1;
    if (state.pending) {
      const m = state.pending;
      state.pending = null;
      ctx.body = { ...ctx.body, id_token: rewrite(ctx.body.id_token, m) };
      log('id_token rewritten', JSON.stringify(m));
    }
  }
});

function signJws(header, payload, key) {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
  if (header.alg === 'none') return `${input}.`;
  const sig = cryptoSign('sha256', Buffer.from(input), header.alg.startsWith('ES') ? { key, dsaEncoding: 'ieee-p1363' } : key);
  return `${input}.${b64u(sig)}`;
}
function rewrite(jwt, m) {
  const [h, p] = jwt.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url'));
  const payload = JSON.parse(Buffer.from(p, 'base64url'));
  const now = Math.floor(Date.now() / 1000);
  for (const k of ['aud', 'iss', 'nonce', 'sub', 'azp']) if (k in m) payload[k] = m[k];
  if ('exp_offset' in m) payload.exp = now + Number(m.exp_offset);
  if ('iat_offset' in m) payload.iat = now + Number(m.iat_offset);
  for (const k of m.drop ?? []) delete payload[k];
  if (m.signature === 'none') return signJws({ alg: 'none', typ: header.typ }, payload);
  const key = m.signature === 'foreign' ? strangerKey.key : opKey.key;
  const out = signJws(header, payload, key);
  if (m.signature === 'garbled') {
    const [a, b, s] = out.split('.');
    const bytes = Buffer.from(s, 'base64url');
    bytes[0] ^= 0xff;
    return `${a}.${b}.${b64u(bytes)}`;
  }
  return out;
}

// ---- the sign-in form -----------------------------------------------------------------------
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
function page(title, body) {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${esc(title)} — Penyedia identitas uji</title>
<meta name="viewport" content="width=device-width,initial-scale=1"></head><body><main>${body}</main></body></html>`;
}
function loginForm(uid, clientName, error, login = '') {
  return page('Masuk', `<h1>Masuk ke ${esc(clientName)}</h1>
${error ? `<p role="alert" id="error">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}" autocomplete="off">
<label for="login">Nama pengguna</label> <input id="login" name="login" value="${esc(login)}" required>
<label for="password">Kata sandi</label> <input id="password" name="password" type="password" required>
<button type="submit">Masuk</button></form>
<p><a href="/interaction/${esc(uid)}/abort">Batal</a></p>`);
}
async function readForm(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

async function interaction(req, res, url) {
  const m = /^\/interaction\/([^/]+)(\/abort)?$/.exec(url.pathname);
  if (!m) return send(res, 404, 'text/plain', 'not found');
  const details = await provider.interactionDetails(req, res);
  const client = await provider.Client.find(details.params.client_id);
  if (m[2]) {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'Pengguna membatalkan' }, { mergeWithLastSubmission: false });
  }
  if (details.prompt.name !== 'login') {
    // (consent is granted by loadExistingGrant; nothing else is asked)
    return provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
  }
  if (req.method === 'GET') return send(res, 200, 'text/html; charset=utf-8', loginForm(m[1], client?.clientName ?? details.params.client_id));
  if (req.method !== 'POST') return send(res, 405, 'text/plain', 'method');
  const form = await readForm(req);
  const u = USERS.get(form.get('login') ?? '');
  if (!u || u.password !== form.get('password')) {
    return send(res, 200, 'text/html; charset=utf-8', loginForm(m[1], client?.clientName ?? '', 'Nama pengguna atau kata sandi salah.', form.get('login') ?? ''));
  }
  return provider.interactionFinished(req, res, { login: { accountId: u.sub } }, { mergeWithLastSubmission: false });
}

async function testSwitch(req, res, url) {
  if (url.pathname === '/__test/id-token' && req.method === 'POST') {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    state.pending = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    return send(res, 200, 'application/json', JSON.stringify({ pending: state.pending }));
  }
  if (url.pathname === '/__test/authorization' && req.method === 'POST') {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    state.pendingAuthorization = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    return send(res, 200, 'application/json', JSON.stringify({ pendingAuthorization: state.pendingAuthorization }));
  }
  if (url.pathname === '/__test/state') return send(res, 200, 'application/json', JSON.stringify(state));
  if (url.pathname === '/__test/reset' && req.method === 'POST') {
    Object.assign(state, { pending: null, pendingAuthorization: null, tokens: 0, codes: 0, refusedCodes: 0, lastCode: null });
    return send(res, 204, 'text/plain', '');
  }
  return send(res, 404, 'text/plain', 'not found');
}

const callback = provider.callback();
const server = createServer((req, res) => {
  const url = new URL(req.url, opt.issuer);
  const route = url.pathname.startsWith('/interaction/') ? interaction
    : url.pathname.startsWith('/__test/') ? testSwitch : null;
  if (!route) return callback(req, res);
  return route(req, res, url).catch((e) => {
    log('interaction error', e);
    if (!res.headersSent) send(res, 400, 'text/html; charset=utf-8', page('Kesalahan', `<h1>Kesalahan</h1><pre id="error">${esc(e.message)}</pre>`));
  });
});
server.listen(Number(opt.port), opt.host, () => {
  const ready = {
    issuer: opt.issuer,
    discovery: `${opt.issuer}/.well-known/openid-configuration`,
    clients: {
      secretBasic: { client_id: opt['client-id'], client_secret: opt['client-secret'], token_endpoint_auth_method: 'client_secret_basic' },
      privateKeyJwt: { client_id: opt['jwt-client-id'], token_endpoint_auth_method: 'private_key_jwt', alg: jwtAlg, kid: clientKey.priv.kid, private_jwk_file: opt['jwt-key-out'] || null, private_pem_file: opt['jwt-key-pem-out'] || null },
      foreign: { client_id: opt['foreign-client-id'], client_secret: opt['foreign-client-secret'] },
    },
    redirect_uris: opt['redirect-uri'],
    users: [...USERS.values()].map((u) => ({ login: u.login, password: u.password, sub: u.sub })),
    testSwitch: `${opt.issuer}/__test/id-token`,
  };
  if (opt['ready-file']) writeFileSync(opt['ready-file'], JSON.stringify(ready, null, 2));
  console.log(`OIDC_PROVIDER_READY ${JSON.stringify(ready)}`);
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => process.exit(0)));
