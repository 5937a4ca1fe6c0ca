// Issue 13, part 2: the assisted counter. An agency admin allows an officer to file at the
// counter; the officer files a KTP-el application for a citizen through the same form (a photo
// from the counter's files), prints the receipt (the print stylesheet applies, and the PDF is
// one page on A4 and on 80 mm paper); a second browser adds the request on "Lacak permohonan"
// with the reference and PIN and is spoken to as its owner; the staff pages show the channel.
import { test, expect } from '@playwright/test';
import { startServer, interactive } from './server.js';
import { firstSignIn, inviteAll } from './staff.js';
import { expectAccessible } from './a11y.js';
import { REFERENCE } from './forms.js';

let server;
test.describe.configure({ timeout: 240_000 });
test.beforeAll(async () => { server = await startServer(3221); });
test.afterAll(async () => { await server.cleanup(); });

/** Pages in a PDF: its `/Type /Page` objects (not `/Pages`). */
function pageCount(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) || []).length;
}

const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF kartu keluarga')]);

test('an officer files for a citizen, prints one page, and the citizen adds it by reference and PIN', async ({ browser }) => {
  await inviteAll(server, [{ login: 'admin@dukcapil.go.id', role: 'agency_admin' }, { login: 'loket@dukcapil.go.id', role: 'officer' }]);
  const office = await browser.newContext({ viewport: { width: 1280, height: 900 } });

  // The officer may not file until allowed.
  const officer = await office.newPage();
  await firstSignIn(officer, server, 'loket@dukcapil.go.id');
  await officer.goto(server.url + '/staff/loket');
  await expect(officer.getByTestId('counter-refused')).toBeVisible();

  // Their agency admin allows it on the officers' page (audited).
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await firstSignIn(admin, server, 'admin@dukcapil.go.id');
  await admin.goto(server.url + '/staff/petugas');
  const row = admin.locator('li[data-login="loket@dukcapil.go.id"]');
  await Promise.all([admin.waitForNavigation({ waitUntil: 'load' }), row.getByTestId('counter-allow').click()]);
  await expect(admin.locator('li[data-login="loket@dukcapil.go.id"]').getByTestId('counter-allowed')).toBeVisible();
  await adminContext.close();

  // The officer picks the service and files with the citizen, section by section.
  await officer.goto(server.url + '/staff/loket');
  await interactive(officer);
  await expectAccessible(officer, 'the counter: services');
  await Promise.all([officer.waitForNavigation({ waitUntil: 'load' }),
    officer.getByTestId('counter-services').getByRole('link', { name: 'KTP-el (perekaman baru)' }).click()]);
  await interactive(officer);
  const next = () => Promise.all([officer.waitForNavigation({ waitUntil: 'load' }), officer.getByTestId('next').click()]);
  await officer.locator('#f-nik').fill('3171050512900001');
  await officer.locator('#f-nama_lengkap').fill('Siti Aminah');
  await officer.locator('#f-tempat_lahir').fill('Jakarta');
  await officer.locator('#f-tanggal_lahir').fill('15');
  await officer.locator('#f-tanggal_lahir-month').fill('1');
  await officer.locator('#f-tanggal_lahir-year').fill('1990');
  await officer.locator('input[name="jenis_kelamin"][value="perempuan"]').check();
  await officer.locator('input[name="status_perkawinan"][value="belum_kawin"]').check();
  await next();
  await officer.locator('#f-alamat').fill('Jl. Kenari 5, Jakarta Pusat');
  await next();
  // The photo: the counter's camera or its files (a plain file field with `capture`).
  await expect(officer.locator('#f-foto_kk')).toHaveAttribute('capture', 'environment');
  await expectAccessible(officer, 'the counter: the photo section');
  await officer.locator('#f-foto_kk').setInputFiles({ name: 'kk.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
  await next();
  await officer.locator('#f-no_hp').fill('081234567890');
  await next();
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText('Periksa jawaban Anda');
  await Promise.all([officer.waitForNavigation({ waitUntil: 'load' }), officer.getByTestId('submit').click()]);

  // The receipt: reference, PIN, service, expected completion date, where to follow it.
  const receipt = officer.getByTestId('receipt');
  await expect(receipt).toBeVisible();
  const reference = (await officer.getByTestId('reference').textContent()).trim();
  const pin = (await officer.getByTestId('pin').textContent()).trim();
  expect(reference).toMatch(REFERENCE);
  expect(pin).toMatch(/^\d{6}$/);
  await expect(officer.getByTestId('receipt-service')).toHaveText('KTP-el (perekaman baru)');
  await expect(officer.getByTestId('receipt-due')).not.toBeEmpty();
  await expect(officer.getByTestId('receipt-track')).toHaveText(`${server.url}/lacak`);
  await expect(officer.getByTestId('receipt-channel')).toHaveText('Loket instansi');
  await expectAccessible(officer, 'the counter receipt');

  // Printed: only the receipt, on one page of A4 and of 80 mm receipt paper.
  await officer.emulateMedia({ media: 'print' });
  await expect(officer.locator('header.top')).toBeHidden();
  await expect(officer.locator('.staff-nav, footer.bottom').first()).toBeHidden();
  await expect(officer.getByTestId('counter-new')).toBeHidden();
  await expect(officer.getByTestId('reference')).toBeVisible();
  const a4 = await officer.pdf({ format: 'A4', printBackground: true });
  expect(pageCount(a4)).toBe(1);
  const thermal = await officer.pdf({ width: '80mm', height: '200mm', printBackground: true });
  expect(pageCount(thermal)).toBe(1);
  await officer.emulateMedia({ media: 'screen' });

  // The staff request page and queue say where it came from.
  await officer.goto(server.url + '/staff');
  const item = officer.getByTestId('queue-item').filter({ hasText: reference });
  await expect(item.getByTestId('queue-channel')).toHaveText('Loket instansi');
  await Promise.all([officer.waitForNavigation({ waitUntil: 'load' }), item.getByRole('link').click()]);
  await expect(officer.getByTestId('staff-channel')).toHaveAttribute('data-channel', 'counter');
  await office.close();

  // The citizen's phone: Lacak permohonan from the home page, reference and PIN.
  const phone = await browser.newContext();
  const citizen = await phone.newPage();
  await citizen.goto(server.url + '/');
  await interactive(citizen);
  await citizen.getByTestId('track-door').getByRole('link', { name: 'Lacak permohonan' }).click();
  await citizen.waitForURL('**/lacak');
  await citizen.locator('#f-reference').fill(reference);
  await citizen.locator('#f-pin').fill(pin);
  await citizen.getByTestId('track').click();
  await citizen.waitForURL('**/permohonan/*');
  await expect(citizen.getByTestId('reference')).toHaveText(reference);
  // Spoken to as the request's owner, who did not send it from this phone.
  await expect(citizen.getByRole('heading', { level: 1 })).toHaveText('Permohonan yang dilacak');
  await expect(citizen.getByTestId('confirmation-hint')).toContainText('nomor referensi dan PIN');
  await expect(citizen.getByText('Permohonan terkirim')).toHaveCount(0);
  await expect(citizen.getByTestId('request-status')).toHaveAttribute('data-status', 'submitted');
  await expect(citizen.getByTestId('cancel-request')).toBeVisible();
  await phone.close();
});
