// Filling in application forms the way a citizen does, through the UI contract's data-testids
// (see the top of apply.spec.js). Plain Playwright calls only (no `expect`), so the benchmark
// scripts can use these helpers too.
import { createHash, webcrypto } from 'node:crypto';
import { interactive, offlineReady } from './server.js';

/** A draft's address: /permohonan/<UUIDv7>, optionally with ?bagian=N or ?periksa=1. */
export const APP_URL = /\/permohonan\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[?#].*)?$/;
/** A UUIDv7 (version 7, RFC 4122 variant). */
export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** A reference number: XXXX-XXXX-C from domain::reference::ALPHABET (no 0, O, 1, I). */
export const REFERENCE = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]$/;

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
function gfMul(a, b) {
  let p = 0;
  while (b > 0) {
    if (b & 1) p ^= a;
    b >>= 1;
    a <<= 1;
    if (a & 0b100000) a ^= 0b100101;
  }
  return p;
}
/** True when a reference's check character matches (the same GF(32) sum as reference.rs), so a
 * test can tell a real receipt from something that merely looks like one. */
export function referenceChecks(ref) {
  const d = [...ref.replace(/-/g, '')].map((c) => ALPHABET.indexOf(c));
  if (d.length !== 9 || d.some((v) => v < 0)) return false;
  let weight = 1;
  let sum = 0;
  for (const v of d.slice(0, 8)) {
    weight = gfMul(weight, 2);
    sum ^= gfMul(weight, v);
  }
  return sum === d[8];
}

/** Valid answers for ktp-el-baru (catalogue/dukcapil.toml), by section. NIK 3171011505900002:
 * DKI Jakarta (31), regency 71, district 01, born 15-05-90 (a man: day without +40), serial
 * 0002 — consistent with the date of birth and sex given. */
export const KTP = {
  pemohon: {
    nik: '3171011505900002',
    nama_lengkap: 'Budi Santoso',
    tempat_lahir: 'Jakarta',
    tanggal_lahir: '1990-05-15',
    jenis_kelamin: 'laki_laki',
    status_perkawinan: 'belum_kawin',
  },
  alamat: { alamat: 'Jl. Merdeka No. 17, RT 003/RW 005, Gambir, Kec. Gambir, Jakarta Pusat' },
  dokumen: { foto_kk: 'photo' },
  kontak: { no_hp: '0812-3456-7890', email: 'budi.santoso@contoh.id', aktivasi_ikd: 'ya' },
};
export const KTP_SECTIONS = Object.keys(KTP);

/** The current address's application id, or null. */
export function appId(page) {
  const m = new URL(page.url()).pathname.match(/^\/permohonan\/([^/]+)$/);
  return m ? m[1] : null;
}

/** Starts a new application: through the service page's "Ajukan permohonan" link
 * (`via: 'link'`) or by opening /ajukan/{slug} (default). When the device already holds a
 * draft of that service, the app offers to continue it: this chooses "Mulai permohonan baru".
 * Waits until the draft exists on the device (the address became /permohonan/{id}) and
 * section 1 shows. Returns the id. */
export async function startApplication(page, server, slug, { via = 'url' } = {}) {
  if (via === 'link') {
    await page.goto(`${server.url}/layanan/${slug}`);
    await interactive(page);
    await page.locator('a[data-testid="apply"]').click();
  } else {
    await page.goto(`${server.url}/ajukan/${slug}`);
    await interactive(page);
  }
  const prompt = page.locator('[data-testid="continue-draft"]');
  await Promise.race([
    page.waitForURL(APP_URL, { timeout: 30_000 }),
    prompt.waitFor({ timeout: 30_000 }),
  ]);
  if (await prompt.count()) await prompt.getByTestId('start-new').click();
  await page.waitForURL(APP_URL, { timeout: 30_000 });
  await sectionShown(page, 1);
  return appId(page);
}

/** Waits until section `n` (1-based) of the form shows. */
export async function sectionShown(page, n) {
  await page.locator(`form[data-testid="section-form"][data-section="${n}"]`).waitFor({ timeout: 30_000 });
}

/** The section on screen (1-based), or null when no section form shows. */
export async function currentSection(page) {
  const form = page.locator('form[data-testid="section-form"]');
  if ((await form.count()) === 0) return null;
  return Number(await form.getAttribute('data-section'));
}

/** The field's wrapper (the outermost element carrying its data-field). */
export function fieldWrapper(page, id) {
  return page.locator(`form[data-testid="section-form"] [data-field="${id}"]:not([data-field="${id}"] *)`);
}

/** What kind of control a field has on the page: radio, checkbox, file, date (day, month and
 * year inputs f-{id}, f-{id}-month, f-{id}-year), text (any text-like input, textarea or
 * select with id f-{id}), or null when it is not on the page. */
export async function controlKind(page, id) {
  return page.evaluate((id) => {
    const form = document.querySelector('form[data-testid="section-form"]');
    if (!form) return null;
    if (form.querySelector(`input[type="radio"][name="${id}"]`)) return 'radio';
    if (form.querySelector(`input[type="checkbox"][name="${id}"]`)) return 'checkbox';
    if (form.querySelector(`input[type="file"][name="${id}"]`)) return 'file';
    if (form.querySelector(`#f-${id}-year`)) return 'date';
    if (form.querySelector(`#f-${id}`)) return 'text';
    return null;
  }, id);
}

/** Number of draft saves completed on this page view (0 before the first). */
export async function saves(page) {
  return page.evaluate(() => Number(document.querySelector('[data-testid="save-status"]')?.dataset.saves || 0));
}

/** Waits until more than `after` saves completed on this page view. */
export async function savedAfter(page, after, timeout = 10_000) {
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="save-status"]')?.dataset.saves || 0) > n, after, { timeout });
}

/** Waits until saving has settled: the save count has not moved for `quiet` ms (longer than the
 * ~300 ms input debounce), so whatever was typed is on the device. */
export async function savesSettled(page, { quiet = 700, timeout = 15_000 } = {}) {
  const end = Date.now() + timeout;
  let last = await saves(page);
  let since = Date.now();
  while (Date.now() - since < quiet) {
    if (Date.now() > end) throw new Error('saves did not settle');
    await page.waitForTimeout(100);
    const now = await saves(page);
    if (now !== last) { last = now; since = Date.now(); }
  }
  return last;
}

/** Answers one field like a citizen: types text (then leaves the field unless `blur: false`),
 * types a date ('YYYY-MM-DD') into its day, month and year, picks radios, ticks checkboxes
 * (an array of values; others are unticked), or chooses a file
 * (a Buffer holding a JPEG, or {name, mimeType, buffer}; 'photo' makes a fresh random photo).
 * For a file, waits until it is kept on the device and returns its stored size (data-size). */
export async function fillField(page, id, value, { blur = true } = {}) {
  const kind = await controlKind(page, id);
  if (kind === null) throw new Error(`field ${id} is not on the page`);
  if (kind === 'radio') {
    await page.locator(`input[type="radio"][name="${id}"][value="${value}"]`).check();
  } else if (kind === 'checkbox') {
    const values = Array.isArray(value) ? value : [value];
    const boxes = page.locator(`input[type="checkbox"][name="${id}"]`);
    for (let i = 0; i < (await boxes.count()); i++) {
      const box = boxes.nth(i);
      await box.setChecked(values.includes(await box.getAttribute('value')));
    }
  } else if (kind === 'date') {
    // 'YYYY-MM-DD' typed as the citizen would: day, month, year.
    const [year, month, day] = String(value).split('-');
    await page.locator(`#f-${id}`).fill(day ?? '');
    await page.locator(`#f-${id}-month`).fill(month ?? '');
    await page.locator(`#f-${id}-year`).fill(year ?? '');
    if (blur) await page.locator(`#f-${id}-year`).blur();
  } else if (kind === 'file') {
    let file = value;
    if (value === 'photo') file = await photoJpeg(page);
    return choosePhoto(page, id, file);
  } else {
    const input = page.locator(`#f-${id}`);
    await input.fill(String(value));
    if (blur) await input.blur();
  }
  return undefined;
}

/** What a field holds on screen: the checked radio's value (or null), the ticked checkboxes'
 * values, the stored file's size (or null), a date's parts as 'Y-M-D', or the text control's
 * value. */
export async function readField(page, id) {
  const kind = await controlKind(page, id);
  if (kind === 'radio') {
    const checked = page.locator(`input[type="radio"][name="${id}"]:checked`);
    return (await checked.count()) ? checked.getAttribute('value') : null;
  }
  if (kind === 'checkbox') {
    return page.locator(`input[type="checkbox"][name="${id}"]:checked`).evaluateAll((els) => els.map((e) => e.value));
  }
  if (kind === 'file') {
    const status = page.locator(`[data-testid="file-status"][data-field="${id}"]`);
    return (await status.count()) ? Number(await status.getAttribute('data-size')) : null;
  }
  if (kind === 'date') {
    const part = (suffix) => page.locator(`#f-${id}${suffix}`).inputValue();
    return `${await part('-year')}-${await part('-month')}-${await part('')}`;
  }
  if (kind === 'text') return page.locator(`#f-${id}`).inputValue();
  throw new Error(`field ${id} is not on the page`);
}

/** Reads several fields: { id: value }. */
export async function readFields(page, ids) {
  const out = {};
  for (const id of ids) out[id] = await readField(page, id);
  return out;
}

/** Answers every field in `answers` (in order). Returns { fieldId: storedSize } for files. */
export async function fillSection(page, answers) {
  const sizes = {};
  for (const [id, value] of Object.entries(answers)) {
    const size = await fillField(page, id, value);
    if (size !== undefined) sizes[id] = size;
  }
  return sizes;
}

/** Presses "Lanjut" once and waits for the section to change (or "check your answers"); throws
 * with the error summary's text when the section refuses to move on. */
export async function next(page) {
  const n = await currentSection(page);
  if (n === null) throw new Error('no section form on the page');
  await page.locator('button[data-testid="next"]').click();
  await page.waitForFunction((n) => {
    const summary = document.querySelector('[data-testid="error-summary"]');
    return document.querySelector('[data-testid="check-answers"]')
      || (summary && !summary.hidden)
      || Number(document.querySelector('form[data-testid="section-form"]')?.dataset.section) !== n;
  }, n, { timeout: 30_000 });
  const summary = page.locator('[data-testid="error-summary"]');
  if ((await currentSection(page)) === n && (await summary.count()) && (await summary.isVisible())) {
    throw new Error(`section ${n} refused "Lanjut": ${await summary.innerText()}`);
  }
}

/** Presses "Lanjut" until "check your answers" shows (answers already given are kept). */
export async function toCheckAnswers(page) {
  const check = page.locator('[data-testid="check-answers"]');
  for (let i = 0; i < 20 && (await check.count()) === 0; i++) await next(page);
  await check.waitFor({ timeout: 1000 });
}

/** Fills the ktp-el-baru draft on screen from section 1 with valid answers. `sections`: how
 * many sections to complete (default all four, ending on "check your answers");
 * `answers`: overrides per field; `photo`: a JPEG Buffer for foto_kk (default: a fresh random
 * one), or false to leave it empty (only with `sections` ≤ 2: the photo is required).
 * Returns { foto_kk: stored size } when a photo was chosen. */
export async function fillKtp(page, { sections = 4, answers = {}, photo = true } = {}) {
  const sizes = {};
  for (let s = 0; s < sections; s++) {
    await sectionShown(page, s + 1);
    const section = {};
    for (const [id, value] of Object.entries(KTP[KTP_SECTIONS[s]])) {
      if (id === 'foto_kk') {
        if (photo === false) continue;
        section[id] = Buffer.isBuffer(photo) ? photo : 'photo';
      } else {
        section[id] = id in answers ? answers[id] : value;
      }
    }
    Object.assign(sizes, await fillSection(page, section));
    await next(page);
  }
  if (sections === KTP_SECTIONS.length) await page.locator('[data-testid="check-answers"]').waitFor({ timeout: 30_000 });
  else await sectionShown(page, sections + 1);
  return sizes;
}

/** Presses "Kirim permohonan" on "check your answers" and waits for the application's state. */
export async function submit(page) {
  await page.locator('button[data-testid="submit"]').click();
  await page.locator('[data-testid="app-state"]').waitFor({ timeout: 30_000 });
}

/** The application's state on screen (queued | sending | sent | attention), or null. */
export async function appState(page) {
  const el = page.locator('[data-testid="app-state"]');
  return (await el.count()) ? el.getAttribute('data-state') : null;
}

/** Waits until the application on screen is in `state`. */
export async function untilState(page, state, timeout = 30_000) {
  await page.locator(`[data-testid="app-state"][data-state="${state}"]`).waitFor({ timeout });
}

/** A real JPEG made in the browser: a canvas of random noise (`width`×`height`, default
 * 2000×1500, the size of a phone photo), encoded at `quality` 0.9. Noise barely compresses,
 * so the app's downscale to ≤1600 px still leaves a file of many 64 KiB chunks (about
 * 0.75–1.3 MB, depending on the app's JPEG quality; the original is about 2.5 MB). A new
 * random photo each call unless `seed` is given, so two applications never share a file
 * (files are named by their SHA-256). */
export async function photoJpeg(page, { width = 2000, height = 1500, quality = 0.9, seed } = {}) {
  const b64 = await page.evaluate(async ({ width, height, quality, seed }) => {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const g = canvas.getContext('2d');
    const img = g.createImageData(width, height);
    const d = img.data;
    if (seed === undefined || seed === null) {
      for (let i = 0; i < d.length; i += 65536) crypto.getRandomValues(d.subarray(i, Math.min(d.length, i + 65536)));
    } else {
      let s = seed >>> 0;
      for (let i = 0; i < d.length; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; d[i] = s >>> 24; }
    }
    for (let i = 3; i < d.length; i += 4) d[i] = 255;
    g.putImageData(img, 0, 0);
    const blob = await new Promise((ok) => canvas.toBlob(ok, 'image/jpeg', quality));
    const url = await new Promise((ok) => { const r = new FileReader(); r.onload = () => ok(r.result); r.readAsDataURL(blob); });
    return url.slice(url.indexOf(',') + 1);
  }, { width, height, quality, seed });
  return Buffer.from(b64, 'base64');
}

/** Chooses a file in a file field and waits until the app has kept it on the device; returns
 * the stored (downscaled) size from data-size. */
export async function choosePhoto(page, id, file) {
  if (Buffer.isBuffer(file)) file = { name: 'foto-kk.jpg', mimeType: 'image/jpeg', buffer: file };
  await page.locator(`input[type="file"][name="${id}"]`).setInputFiles(file);
  const status = page.locator(`[data-testid="file-status"][data-field="${id}"][data-size]`);
  await status.waitFor({ state: 'attached', timeout: 60_000 });
  return Number(await status.getAttribute('data-size'));
}

/** The number in the header's outbox badge (0 when absent or hidden). */
export async function badgeCount(page) {
  const badge = page.locator('[data-testid="outbox-badge"]');
  if ((await badge.count()) === 0 || !(await badge.isVisible())) return 0;
  const m = (await badge.innerText()).match(/\d+/);
  return m ? Number(m[0]) : 0;
}

/** Sends a ktp-el-baru application from `page` (a fresh phone that first takes the catalogue
 * offline: `services` is how many it holds) until the server's receipt is shown; returns the
 * application's id, its reference and its PIN as the receipt prints them. */
export async function sendKtp(page, server, services) {
  await page.goto(server.url + '/');
  await offlineReady(page, services);
  const id = await startApplication(page, server, 'ktp-el-baru');
  await fillKtp(page);
  await submit(page);
  await untilState(page, 'sent', 60_000);
  const reference = (await page.getByTestId('reference').innerText()).trim();
  const pin = (await page.getByTestId('pin').innerText()).trim();
  return { id, reference, pin };
}

/** A UUIDv7, as the phone makes one for each application. */
export function uuidv7() {
  const b = webcrypto.getRandomValues(new Uint8Array(16));
  let ms = Date.now();
  for (let i = 5; i >= 0; i--) { b[i] = ms % 256; ms = Math.floor(ms / 256); }
  b[6] = 0x70 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A new KTP-el application as the phone's outbox sends it over the API (no browser): its own
 * photo of the family card (JPEG by its first bytes, which is all the server judges) and the
 * envelope naming it, for form version `formVersion` of `service`. */
export function ktpApplication(formVersion, service = 'ktp-el-baru') {
  const id = uuidv7();
  const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]),
    Buffer.from(`kartu keluarga ${id} `.repeat(20)), Buffer.from([0xff, 0xd9])]);
  const sha = createHash('sha256').update(photo).digest('hex');
  const answers = { ...Object.assign({}, ...Object.values(KTP)), foto_kk: sha };
  const body = JSON.stringify({ envelope: { id, service, form_version: formVersion, answers } });
  return { id, photo, sha, body };
}
