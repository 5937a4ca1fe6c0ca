// Reads `cargo test --no-run --message-format=json` on stdin and prints the path of every test
// binary of the `server` package (its unit tests and its tests/*.rs), one per line: the
// PostgreSQL pass of scripts/test.sh runs exactly these, as built for the SQLite pass.
import { createInterface } from 'node:readline';

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  let m;
  try {
    m = JSON.parse(line);
  } catch {
    continue;
  }
  if (
    m.reason === 'compiler-artifact' &&
    m.profile?.test &&
    m.executable &&
    /[/#]server[@#]/.test(m.package_id)
  ) {
    console.log(m.executable);
  }
}
