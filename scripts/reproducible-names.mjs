// Makes a `cargo leptos build --split` give the same file names and bytes for the same sources.
//
// Why it does not on its own (cargo-leptos 0.3.10, wasm-split): the split loader
// (`__wasm_split.<hash>.js`) lists the shared imports in HashMap order, which changes every run
// (`{ memory, __wasm_split_shared0, … }` vs `{ __wasm_split_shared0, …, memory }`), and the split
// manifest is named by the hash of its first draft, also written in HashMap order (its final
// text is sorted and the same every time). And the main JS and WASM are named before the
// loader's name is written into them, so they kept their names while their bytes changed.
//
// What this does, after the build, on the site's pkg/ and cargo-leptos' hash.txt:
//   1. sorts the loader's `{ a, b, c,  }` name lists (order does not matter in JavaScript);
//   2. names the loader, the main JS and the main WASM by one digest of the three with their
//      references to each other masked (they name each other, so no file can be named by its own
//      bytes alone), and the manifest by its bytes; rewrites those references and hash.txt.
// Idempotent. Usage: node scripts/reproducible-names.mjs <site-root> <hash.txt>
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [siteRoot, hashFile] = process.argv.slice(2);
if (!siteRoot || !hashFile) {
  console.error('usage: node scripts/reproducible-names.mjs <site-root> <hash.txt>');
  process.exit(2);
}
const pkg = join(siteRoot, 'pkg');
const OUTPUT = 'loket';

// cargo-leptos' scheme: MD5, base64url without padding (22 characters).
const md5 = (...parts) => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest('base64url');
};

const hashes = Object.fromEntries(
  readFileSync(hashFile, 'utf8').split('\n').map((l) => l.split(':').map((s) => s.trim())).filter((kv) => kv.length === 2 && kv[0]),
);
if (!hashes.split || !hashes.manifest) {
  console.log('reproducible-names: not a split build, nothing to do');
  process.exit(0);
}
const name = {
  js: `${OUTPUT}.${hashes.js}.js`,
  wasm: `${OUTPUT}.${hashes.wasm}.wasm`,
  split: `__wasm_split.${hashes.split}.js`,
  manifest: `__wasm_split_manifest.${hashes.manifest}.json`,
};
for (const f of Object.values(name)) {
  if (!existsSync(join(pkg, f))) throw new Error(`${f} (named by ${hashFile}) is not in ${pkg}`);
}

/** Replaces every occurrence of `from` by `to` (same length) in a buffer. */
function replaceBytes(buf, from, to) {
  const a = Buffer.from(from), b = Buffer.from(to);
  if (a.length !== b.length) throw new Error(`cannot replace ${from} by ${to} in a binary: lengths differ`);
  let i = buf.indexOf(a);
  while (i !== -1) {
    b.copy(buf, i);
    i = buf.indexOf(a, i + b.length);
  }
  return buf;
}

const split = readFileSync(join(pkg, name.split), 'utf8').replace(/\{ ((?:[A-Za-z_$][\w$]*, )+) \}/g, (_, list) => {
  const names = list.split(', ').filter(Boolean).sort();
  return `{ ${names.map((n) => `${n}, `).join('')} }`;
});
const js = readFileSync(join(pkg, name.js), 'utf8');
const wasm = readFileSync(join(pkg, name.wasm));
const manifest = readFileSync(join(pkg, name.manifest));

const MASK = '\u0000'.repeat(22);
const digest = md5(
  js.replaceAll(name.split, `__wasm_split.${MASK}.js`),
  replaceBytes(Buffer.from(wasm), name.split, `__wasm_split.${MASK}.js`),
  split.replaceAll(name.js, `${OUTPUT}.${MASK}.js`),
);
const next = {
  js: `${OUTPUT}.${md5('js:', digest)}.js`,
  wasm: `${OUTPUT}.${md5('wasm:', digest)}.wasm`,
  split: `__wasm_split.${md5('split:', digest)}.js`,
  manifest: `__wasm_split_manifest.${md5(manifest)}.json`,
};

writeFileSync(join(pkg, name.split), split.replaceAll(name.js, next.js));
writeFileSync(join(pkg, name.js), js.replaceAll(name.split, next.split));
writeFileSync(join(pkg, name.wasm), replaceBytes(wasm, name.split, next.split));
for (const k of Object.keys(name)) {
  if (name[k] !== next[k]) renameSync(join(pkg, name[k]), join(pkg, next[k]));
}
const hashOf = (file) => file.split('.').at(-2);
const lines = readFileSync(hashFile, 'utf8').split('\n').map((l) => {
  const key = l.split(':')[0].trim();
  return next[key] ? `${key}: ${hashOf(next[key])}` : l;
});
writeFileSync(hashFile, lines.join('\n'));
console.log(`reproducible-names: ${Object.values(next).join(', ')}`);
