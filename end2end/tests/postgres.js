// A throw-away PostgreSQL 15 cluster for a browser test (issue 14's two-server test), made by
// the same script as the Rust tests' (`scripts/pg-cluster.sh`: initdb in a directory of its
// own, C locale, loopback only, a free port), but durable (PG_DURABLE=1: fsync and
// synchronous_commit on), with a database `loket` created as the README asks
// (TEMPLATE template0, C collation).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
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

/** The fields of /proc/<pid>/stat after the command's name (state, ppid, …), or null when
 * there is no such process. */
function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch (_) {
    return null;
  }
}

/** Whether `pid` runs: a zombie does not (an orphan killed here stays one when PID 1 does not
 * reap, and `kill(pid, 0)` would still find it). */
const running = (pid) => { const s = stat(pid)?.[0]; return s !== undefined && s !== 'Z' && s !== 'X'; };

/** The pids whose parent is `pid` (from /proc). */
function childrenOf(pid) {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(stat(name)?.[1]) === pid).map(Number);
}

/** Starts a cluster and creates the database `database` in it. Returns { url (of that
 * database), adminUrl, dir, psql(sql) → its output (`psql -XAtq`, trailing newline cut),
 * stop(), kill() (kill -9 of the server, see there), restart() (after a kill: the same data
 * directory and port, crash recovery first) }. Throws with the script's output when the
 * cluster does not start. */
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
    /** kill -9 of the server, as a crash would end it: the postmaster (the first line of
     * data/postmaster.pid) and, in the same instant, every process it had started (backends,
     * WAL writer, checkpointer…), so none finishes what it was doing. Waits until they are
     * gone (Linux: reads /proc). Returns { pid (the postmaster's), processes (how many were
     * killed) }. */
    kill: async () => {
      const pid = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (!Number.isInteger(pid) || pid <= 1 || !running(pid)) throw new Error(`no postmaster runs in ${dir} (pid ${pid})`);
      const children = childrenOf(pid);
      process.kill(pid, 'SIGKILL');
      for (const child of children) {
        try { process.kill(child, 'SIGKILL'); } catch (_) { /* gone already */ }
      }
      const all = [pid, ...children];
      for (let i = 0; all.some(running); i++) {
        if (i > 200) throw new Error(`PostgreSQL's processes ${all.filter(running).join(', ')} outlived kill -9 by 10 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return { pid, processes: all.length };
    },
    /** Starts the killed cluster again (`pg-cluster.sh restart`): the same data directory and
     * port; resolves once it accepts connections, crash recovery done. */
    restart: async () => {
      try {
        await run(CLUSTER, ['restart', dir], { env, encoding: 'utf8', timeout: 180_000 });
      } catch (e) {
        throw new Error(`PostgreSQL did not start again (scripts/pg-cluster.sh restart ${dir}):\n${[e.message, e.stderr].filter(Boolean).join('\n')}`);
      }
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
