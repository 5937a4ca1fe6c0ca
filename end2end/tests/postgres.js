// A throw-away PostgreSQL 15 cluster for a browser test (issue 14's two-server test), made by
// the same script as the Rust tests' (`scripts/pg-cluster.sh`: initdb in a directory of its
// own, C locale, loopback only, a free port), but durable (PG_DURABLE=1: fsync and
// synchronous_commit on), with a database `loket` created as the README asks
// (TEMPLATE template0, C collation).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLUSTER = join(ROOT, 'scripts', 'pg-cluster.sh');
export const PG_BIN = process.env.PG_BIN || '/usr/lib/postgresql/15/bin';
export const PSQL = process.env.PSQL || 'psql';

/** Why PostgreSQL cannot run here (a sentence), or null when it can. (pg-cluster.sh installs
 * postgresql-15 itself when run by root on Debian; this only says what is missing now.) */
export function postgresMissing() {
  if (!existsSync(join(PG_BIN, 'initdb'))) return `${PG_BIN}/initdb is missing: install postgresql-15 (apt-get install -y postgresql-15)`;
  try {
    execFileSync(PSQL, ['--version'], { stdio: 'ignore' });
  } catch (_) {
    return `${PSQL} (the PostgreSQL client) is missing: install postgresql-client-15`;
  }
  return null;
}

const run = promisify(execFile);

/** Starts a cluster and creates the database `database` in it. Returns { url (of that
 * database), adminUrl, dir, psql(sql) → its output (`psql -XAtq`, trailing newline cut),
 * stop() }. Throws with the script's output when the cluster does not start. */
export async function startPostgres({ database = 'loket', durable = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'loket-pg-'));
  const env = { ...process.env, PG_DURABLE: durable ? '1' : '0' };
  let adminUrl;
  try {
    const { stdout } = await run(CLUSTER, ['start', dir], { env, encoding: 'utf8', timeout: 180_000 });
    adminUrl = stdout.trim().split('\n').pop();
    if (!/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/.test(adminUrl)) throw new Error(`pg-cluster.sh printed no URL: ${stdout}`);
  } catch (e) {
    const said = [e.message, e.stderr].filter(Boolean).join('\n');
    await run(CLUSTER, ['stop', dir], { env }).catch(() => {});
    throw new Error(`PostgreSQL did not start (scripts/pg-cluster.sh start ${dir}):\n${said}`);
  }
  const psqlAt = (url, sql) =>
    execFileSync(PSQL, ['-XAtq', '-v', 'ON_ERROR_STOP=1', url, '-c', sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).replace(/\n$/, '');
  const url = adminUrl.replace(/\/postgres$/, `/${database}`);
  const pg = {
    url, adminUrl, dir,
    /** Runs `sql` on the database; returns what psql printed (`-At`: one row a line, `|` between columns). */
    psql: (sql) => psqlAt(url, sql),
    stop: async () => {
      if (!existsSync(dir)) return;
      await run(CLUSTER, ['stop', dir], { env, timeout: 120_000 });
    },
  };
  try {
    psqlAt(adminUrl, `CREATE DATABASE "${database}" TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'`);
  } catch (e) {
    await pg.stop().catch(() => {});
    throw new Error(`CREATE DATABASE ${database} failed: ${e.stderr || e.message}`);
  }
  return pg;
}
