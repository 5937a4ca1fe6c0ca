// Prints a valid answers object (JSON) for a service's form, read from a running Loket server
// (the same rules as server/tests/submit.rs: every visible field answered, conditions followed).
// Usage: node answers.mjs http://127.0.0.1:3150 surat-keterangan-domisili
// File fields are answered with one small PDF, uploaded first (the server refuses a file answer
// that names no complete upload).
import { createHash } from 'node:crypto';
const [base, slug] = process.argv.slice(2);
const pdf = Buffer.from('%PDF-1.4\n% Loket benchmark attachment\n%%EOF\n');
const sha = createHash('sha256').update(pdf).digest('hex');
const up = await fetch(`${base}/api/files/${sha}?offset=0&total=${pdf.length}`, { method: 'PUT', body: pdf });
if (!up.ok) throw new Error(`upload answered ${up.status}: ${await up.text()}`);
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
