// Prints a valid answers object (JSON) for a service's form, read from a running Loket server
// (the same rules as server/tests/submit.rs: every visible field answered, conditions followed).
// Usage: node answers.mjs http://127.0.0.1:3150 surat-keterangan-domisili [threads] [per-thread] [ids-file]
// File fields are answered with a small PDF. The server takes a file answer only when the file
// was uploaded under the application's own id, so a PDF is uploaded first for each id the
// benchmark will send: `[threads] × [per-thread]` ids, as bench-submit.sh's wrk script makes
// them (thread t, request n: 01936f3e-8b2a-7ttt-9ttt-nnnnnnnnnnnn, n from 1). Each id gets its
// own PDF (as each citizen's photo differs), and `[ids-file]` gets a line "id sha256" for each;
// the printed answers name the file as FILE_SHA256, for the wrk script to replace.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
const [base, slug, threadsArg = '1', perThreadArg = '1', idsFile] = process.argv.slice(2);
const hex = (v, width) => v.toString(16).padStart(width, '0');
const benchId = (thread, n) => `01936f3e-8b2a-7${hex(thread, 3)}-9${hex(thread, 3)}-${hex(n, 12)}`;
const sha = 'FILE_SHA256';

async function upload(key) {
  const pdf = Buffer.from(`%PDF-1.4\n% Loket benchmark attachment for ${key}\n%%EOF\n`);
  const digest = createHash('sha256').update(pdf).digest('hex');
  const up = await fetch(`${base}/api/files/${digest}?key=${key}&offset=0&total=${pdf.length}`, { method: 'PUT', body: pdf });
  if (!up.ok) throw new Error(`upload for ${key} answered ${up.status}: ${await up.text()}`);
  return `${key} ${digest}`;
}

const keys = [];
for (let t = 1; t <= Number(threadsArg); t++) {
  for (let n = 1; n <= Number(perThreadArg); n++) keys.push(benchId(t, n));
}
// 16 at a time: enough to be quick, few enough not to matter to the server.
const lines = [];
for (let i = 0; i < keys.length; i += 16) lines.push(...(await Promise.all(keys.slice(i, i + 16).map(upload))));
if (idsFile) writeFileSync(idsFile, lines.join('\n') + '\n');

const delta = await (await fetch(`${base}/api/catalogue/changes?since=0`)).json();
const service = delta.changed.find((s) => s.slug === slug);
if (!service || !service.form) throw new Error(`${slug} has no form`);
const answers = {};
const visible = (f) => {
  if (!f.visible_if) return true;
  const v = answers[f.visible_if.field];
  return Array.isArray(v) ? v.some((x) => f.visible_if.any_of.includes(x)) : f.visible_if.any_of.includes(v);
};
for (const section of service.form.sections) {
  for (const f of section.fields) {
    if (!visible(f)) continue;
    answers[f.id] = {
      text: 'Siti Aminah', long_text: 'Jl. Merdeka No. 1, Jakarta', number: String(f.min ?? 1), date: '2024-01-15',
      choice: f.options?.[0]?.value, multi_choice: [f.options?.[0]?.value], yes_no: 'tidak',
      nik: '3171050512900001', phone: '0812-3456-7890', email: 'siti@contoh.id', file: sha,
    }[f.kind];
  }
}
console.log(JSON.stringify({ form_version: service.form.version, answers }));
