#!/usr/bin/env bash
# Checks PostgreSQL's schema (server/migrations/postgres: 0019_schema.sql, then the twins of
# SQLite's later migrations) against SQLite's after all of server/migrations/sqlite (issue 14):
#   1. the shapes: every table's columns, in order (SQLite's `pragma table_info` against
#      PostgreSQL's information_schema.columns), their types, NOT NULLs and defaults, and the
#      names of the indexes and triggers;
#   2. the append-only tables: UPDATE, DELETE and TRUNCATE refused with SQLite's messages, an
#      unchained row refused, the one update 0009 allows (sealing a row whose hash is '') let
#      through once;
#   3. the tallies: the same statements run on both databases leave the same rows in
#      received_monthly, finished_monthly and survey_monthly.
# Statements in 2 and 3 are one text for both backends wherever the schema allows it.
#
#   scripts/pg-schema-check.sh            starts a throw-away cluster (scripts/pg-cluster.sh)
#   scripts/pg-schema-check.sh URL        uses the server at URL (postgres://…/postgres): makes
#                                         a database of its own there and drops it afterwards
# Needs psql and python3 (its sqlite3). Exits non-zero when anything differs.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

tmp=$(mktemp -d)
cluster=""
url=${1:-}
db=loket_schema_check_$$
cleanup() {
  if [ -n "$url" ]; then psql -X -q "$url" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; fi
  if [ -n "$cluster" ]; then "$ROOT/scripts/pg-cluster.sh" stop "$cluster" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ -z "$url" ]; then
  cluster=$(mktemp -d)
  url=$("$ROOT/scripts/pg-cluster.sh" start "$cluster" 2>"$tmp/cluster.log" | tail -n 1) \
    || { cat "$tmp/cluster.log" >&2; exit 1; }
fi
psql -X -q -v ON_ERROR_STOP=1 "$url" -c "CREATE DATABASE $db TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'"
PG_URL="${url%/*}/$db"
for f in "$ROOT"/server/migrations/postgres/0*.sql; do
  psql -X -q -v ON_ERROR_STOP=1 "$PG_URL" -f "$f"
  echo "applied ${f#"$ROOT"/} to $PG_URL"
done

PG_URL="$PG_URL" ROOT="$ROOT" SQLITE_DB="$tmp/loket.db" python3 - <<'PY'
import glob, os, re, sqlite3, subprocess, sys

ROOT, PG_URL = os.environ["ROOT"], os.environ["PG_URL"]
failures = []

def check(ok, what):
    print(("  ok    " if ok else "  FAIL  ") + what)
    if not ok:
        failures.append(what)

# ---- the two databases -----------------------------------------------------------------------

lite = sqlite3.connect(os.environ["SQLITE_DB"], isolation_level=None)
for f in sorted(glob.glob(os.path.join(ROOT, "server/migrations/sqlite/0*.sql"))):
    lite.executescript(open(f, encoding="utf-8").read())
# As server::db::connect sets them.
lite.execute("PRAGMA foreign_keys = ON")
lite.execute("PRAGMA recursive_triggers = ON")

def pg(sql):
    """('ok', rows) or ('error', message): one psql session per call, autocommit."""
    p = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", PG_URL, "-c", sql],
                       capture_output=True, text=True)
    if p.returncode != 0:
        m = re.search(r"ERROR:\s+(.*)", p.stderr)
        return ("error", m.group(1).strip() if m else p.stderr.strip())
    return ("ok", [line for line in p.stdout.splitlines()])

def sq(sql):
    try:
        rows = lite.execute(sql).fetchall()
        return ("ok", ["|".join("" if v is None else str(v) for v in r) for r in rows])
    except sqlite3.Error as e:
        return ("error", str(e))

def both(sql):
    return sq(sql), pg(sql)

LEGACY = {"server_secret"}          # SQLite-only legacy (0006), not in the PostgreSQL schema
INTERNAL = {"sqlite_sequence"}

# ---- 1. shapes -------------------------------------------------------------------------------

print("\n== 1. tables and their columns, in order (SQLite pragma table_info | PostgreSQL information_schema)")
lite_tables = sorted(r[0] for r in lite.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                     if r[0] not in INTERNAL)
pg_tables = sorted(pg("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")[1])
check(sorted(set(lite_tables) - LEGACY) == pg_tables,
      f"the same tables: {len(pg_tables)} (SQLite has {len(lite_tables)}, less {', '.join(sorted(LEGACY))})")
for t in sorted(set(lite_tables) - set(pg_tables)):
    print(f"        only in SQLite: {t}" + ("  (legacy, left out on purpose)" if t in LEGACY else ""))
for t in sorted(set(pg_tables) - set(lite_tables)):
    print(f"        only in PostgreSQL: {t}")

pg_cols = {}
for line in pg("SELECT table_name, column_name, data_type, is_nullable, COALESCE(column_default, ''), is_identity "
               "FROM information_schema.columns WHERE table_schema = 'public' "
               "ORDER BY table_name, ordinal_position")[1]:
    t, c, ty, nullable, default, ident = line.split("|", 5)
    pg_cols.setdefault(t, []).append((c, ty, nullable == "YES", default, ident == "YES"))

lite_cols = {}
for t in lite_tables:
    # cid, name, type, notnull, dflt_value, pk
    lite_cols[t] = [(r[1], r[2].upper(), not r[3], r[4], r[5]) for r in lite.execute(f"PRAGMA table_info({t})")]

shape_ok = True
for t in sorted(set(lite_tables) - LEGACY):
    a = [c[0] for c in lite_cols[t]]
    b = [c[0] for c in pg_cols.get(t, [])]
    same = a == b
    shape_ok &= same
    print(f"  {'same' if same else 'DIFF'}  {t} ({len(a)}): {', '.join(a)}")
    if not same:
        print(f"        PostgreSQL ({len(b)}): {', '.join(b)}")
check(shape_ok, "every table has SQLite's columns in SQLite's order")

print("\n== 1b. types, NULLs, defaults (what differs, and whether it is one of the intended differences)")
BOOLEANS = {("services", "withdrawn"), ("catalogue_entries", "withdrawn"), ("service_figures", "withdrawn"), ("accounts", "disabled"), ("accounts", "must_change_password"),
            ("qa_answers", "official"), ("uploads", "complete")}
IDENTITIES = {("qa_reports", "seq"), ("corrections", "id"), ("service_revisions", "id"), ("open311_keys", "id")}
TIME_DEFAULTS = {("agencies", "updated_at"), ("services", "updated_at"), ("corrections", "created_at"),
                 ("service_revisions", "at"), ("calendar_years", "imported_at"),
                 ("open311_keys", "created_at"), ("counter_officers", "granted_at")}

def want_type(t, c, lite_type):
    if (t, c) in BOOLEANS:
        return "boolean"
    return {"INTEGER": "bigint", "TEXT": "text", "REAL": "double precision", "BLOB": "bytea"}[lite_type]

def norm_default(d, boolean):
    if d is None or d == "":
        return None
    d = re.sub(r"::(text|bigint|integer)$", "", d)
    if boolean:
        return {"0": "false", "1": "true"}.get(d, d)
    return d

unexpected = 0
for t in sorted(set(lite_tables) - LEGACY):
    for (c, lty, lnull, ldef, lpk), (c2, pty, pnull, pdef, pident) in zip(lite_cols[t], pg_cols[t]):
        key = (t, c)
        notes = []
        if want_type(t, c, lty) != pty:
            notes.append(("type", f"{lty} -> {pty}", False))
        elif pty != {"INTEGER": "bigint", "TEXT": "text", "REAL": "real", "BLOB": "blob"}[lty]:
            notes.append(("type", f"{lty} -> {pty}", True))
        # SQLite reports an INTEGER PRIMARY KEY (the rowid) as nullable; it never is.
        if lnull != pnull and not (lty == "INTEGER" and lpk == 1):
            notes.append(("null", f"{'NULL' if lnull else 'NOT NULL'} -> {'NULL' if pnull else 'NOT NULL'}", False))
        ld, pd = norm_default(ldef, key in BOOLEANS), norm_default(pdef, key in BOOLEANS)
        if pident:
            notes.append(("id", "database-assigned: GENERATED BY DEFAULT AS IDENTITY", key in IDENTITIES))
        elif ld != pd:
            notes.append(("default", f"{ldef} -> {pdef or 'none'}", key in TIME_DEFAULTS))
        for kind, what, expected in notes:
            if not expected:
                unexpected += 1
            print(f"  {'intended' if expected else 'UNEXPECTED'}  {t}.{c}: {kind} {what}")
check(unexpected == 0, "no difference in types, NULLs or defaults beyond the intended ones")

print("\n== 1c. index and trigger names")
lite_idx = {r[0] for r in lite.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'")}
pg_idx = set(pg("SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "JOIN pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = 'public' "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)")[1])
check(lite_idx == pg_idx, f"the same {len(lite_idx)} named indexes (besides those of PRIMARY KEY / UNIQUE)")
for n in sorted(lite_idx ^ pg_idx):
    print(f"        only in {'SQLite' if n in lite_idx else 'PostgreSQL'}: {n}")
lite_trg = {(r[0], r[1]) for r in lite.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")}
pg_trg = {tuple(l.split("|")) for l in pg("SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal")[1]}
pg_fn = set(pg("SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'")[1])
check(lite_trg <= pg_trg, f"all {len(lite_trg)} SQLite triggers, by table and name, are PostgreSQL triggers")
check({n for _, n in pg_trg} <= pg_fn, "each PostgreSQL trigger calls a function of its own name")
extra = sorted(pg_trg - lite_trg)
check(all(n.endswith("_truncate") for _, n in extra), "the only other triggers refuse TRUNCATE: " + ", ".join(f"{t}.{n}" for t, n in extra))
check(all(re.fullmatch(r"[0-9a-f]{16}", r[1][0]) for r in both("SELECT value FROM catalogue_meta WHERE key = 'catalogue_id'")),
      "catalogue_id: 16 lowercase hex characters on both")

# ---- 2. append-only --------------------------------------------------------------------------

print("\n== 2. append-only tables (one statement text for both unless marked)")
H = lambda ch: ch * 64
setup = [
    "INSERT INTO agencies (slug, doc, updated_at) VALUES ('dukcapil', '{}', '2026-01-01T00:00:00Z'), ('imigrasi', '{}', '2026-01-01T00:00:00Z')",
    "INSERT INTO services (slug, agency_slug, category_slug, doc, verified_at, revision, withdrawn, updated_at) VALUES "
    "('akta', 'dukcapil', 'c', '{}', '2026-01-01', 1, FALSE, '2026-01-01T00:00:00Z'), "
    "('paspor', 'imigrasi', 'c', '{}', '2026-01-01', 1, FALSE, '2026-01-01T00:00:00Z')",
    "INSERT INTO requests (id, reference, service_slug, form_version, envelope, answers, status, received_at, agency_slug, channel) "
    "VALUES ('r1', 'REF-1', 'akta', 1, '{}', '{}', 'submitted', '2026-01-15T08:00:00.000Z', 'dukcapil', 'app')",
    f"INSERT INTO request_events (seq, request_id, at, status, action, prev_hash, hash) VALUES (1, 'r1', '2026-01-15T08:00:00.000Z', 'submitted', 'submit', '{H('0')}', '{H('a')}')",
    f"INSERT INTO request_answers (seq, request_id, form_version, answers, at, actor_id, prev_hash, hash) VALUES (1, 'r1', 1, '{{}}', '2026-01-15T08:00:00.000Z', 'citizen', '{H('0')}', '{H('b')}')",
    f"INSERT INTO audit_log (seq, at, actor_id, action, subject, before, after, prev_hash, hash) VALUES (1, '2026-01-15T08:00:00.000Z', 'cli', 'staff.invite', 'x', NULL, '{{}}', '{H('0')}', '{H('c')}')",
    "INSERT INTO service_revisions (slug, revision, doc, actor, action, at) VALUES ('akta', 1, '{}', 'import', 'import', '2026-01-01T00:00:00.000Z')",
]
for s in setup:
    a, b = both(s)
    check(a[0] == "ok" and b[0] == "ok", "accepted: " + s[:110] + ("…" if len(s) > 110 else ""))

def refused(sql, message, sqlite_too=True):
    a, b = (sq(sql) if sqlite_too else ("error", message)), pg(sql)
    good = a == ("error", message) and b == ("error", message)
    check(good, f"refused: {sql[:70]:70} -> {message!r}" + ("" if sqlite_too else " (PostgreSQL only)"))
    if not good:
        print(f"        SQLite: {a}\n        PostgreSQL: {b}")

AL_CHANGE = "audit_log is append-only: rows cannot be changed"
AL_DELETE = "audit_log is append-only: rows cannot be deleted"
refused("UPDATE audit_log SET subject = 'y' WHERE seq = 1", AL_CHANGE)
refused(f"UPDATE audit_log SET hash = '{H('d')}' WHERE seq = 1", AL_CHANGE)
refused("UPDATE audit_log SET after = NULL WHERE seq = 1", AL_CHANGE)
refused("DELETE FROM audit_log WHERE seq = 1", AL_DELETE)
refused("DELETE FROM audit_log", AL_DELETE)
refused("TRUNCATE audit_log", AL_DELETE, sqlite_too=False)
refused("INSERT INTO audit_log (seq, at, actor_id, action, subject) VALUES (2, 'now', 'cli', 'a', 's')",
        "audit_log is append-only: a new row must carry its chain hash")
refused("UPDATE request_events SET note = 'n' WHERE seq = 1", "request_events is append-only")
refused("UPDATE request_events SET actor_id = 'someone' WHERE seq = 1", "request_events is append-only")
refused("DELETE FROM request_events", "request_events is append-only")
refused("TRUNCATE request_events", "request_events is append-only", sqlite_too=False)
refused("TRUNCATE requests CASCADE", "request_events is append-only", sqlite_too=False)
refused(f"INSERT INTO request_events (seq, request_id, at, status, action, prev_hash, hash) VALUES (2, 'r1', 'now', 's', 'a', 'short', '{H('e')}')",
        "request_events is append-only: a new row must carry its chain hash")
refused("UPDATE request_answers SET answers = '[]' WHERE seq = 1", "request_answers is append-only: rows cannot be changed")
refused("DELETE FROM request_answers", "request_answers is append-only: rows cannot be deleted")
refused("TRUNCATE request_answers", "request_answers is append-only: rows cannot be deleted", sqlite_too=False)
refused(f"INSERT INTO request_answers (seq, request_id, form_version, answers, at, actor_id, prev_hash, hash) VALUES (2, 'r1', 1, '{{}}', 'now', 'citizen', '{H('0')}', '')",
        "request_answers is append-only: a new row must carry its chain hash")
refused("UPDATE service_revisions SET doc = '[]'", "service_revisions is append-only")
refused("DELETE FROM service_revisions", "service_revisions is append-only")
refused("TRUNCATE service_revisions", "service_revisions is append-only", sqlite_too=False)

print("  -- sealing a row written before 0009 (hash ''): the chained-insert trigger switched off by name")
lite_chained = lite.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_log_chained'").fetchone()[0]
sq("DROP TRIGGER audit_log_chained")
pg("ALTER TABLE audit_log DISABLE TRIGGER audit_log_chained")
for s in ["INSERT INTO audit_log (seq, at, actor_id, action, subject) VALUES (100, '2025-01-01T00:00:00.000Z', 'cli', 'old', 'x')",
          "INSERT INTO audit_log (seq, at, actor_id, action, subject) VALUES (101, '2025-01-01T00:00:00.000Z', 'cli', 'old', 'y')"]:
    a, b = both(s)
    check(a[0] == b[0] == "ok", "a legacy row (hash '') written with the trigger off")
sq(lite_chained)
pg("ALTER TABLE audit_log ENABLE TRIGGER audit_log_chained")
a, b = both(f"UPDATE audit_log SET prev_hash = '{H('c')}', hash = '{H('f')}' WHERE seq = 100")
check(a[0] == b[0] == "ok", "allowed: sealing it (prev_hash and hash set, nothing else changed)")
a, b = both("SELECT seq, hash FROM audit_log WHERE seq = 100")
check(a == b and a[1] == [f"100|{H('f')}"], "the seal is stored on both")
refused(f"UPDATE audit_log SET hash = '{H('9')}' WHERE seq = 100", AL_CHANGE)
refused(f"UPDATE audit_log SET hash = '{H('9')}', subject = 'z' WHERE seq = 101", AL_CHANGE)
refused("UPDATE audit_log SET seq = 102 WHERE seq = 101", AL_CHANGE)
a, b = both("SELECT seq, subject, hash FROM audit_log ORDER BY seq")
check(a == b, "audit_log reads the same on both afterwards")

# ---- 3. tallies ------------------------------------------------------------------------------

print("\n== 3. tallies: the same statements on both, then the tally rows compared")
def req(id, svc, agency, channel, status, at, finished=""):
    cols = "id, reference, service_slug, form_version, envelope, answers, status, received_at, agency_slug, channel"
    vals = f"'{id}', 'REF-{id}', '{svc}', 1, '{{}}', '{{}}', '{status}', '{at}', '{agency}', '{channel}'"
    if finished:
        cols += ", finished_on, finished_as, worked_days"
        vals += ", " + finished
    return f"INSERT INTO requests ({cols}) VALUES ({vals})"

def survey(k, svc, agency, channel, day, answers):
    return (f"INSERT INTO survey_answers (key, service_slug, agency_slug, channel, answered_on, answers) "
            f"VALUES ('{k * 64}', '{svc}', '{agency}', '{channel}', '{day}', '{answers}')")

steps = [
    req("r2", "akta", "dukcapil", "counter", "received", "2026-01-20T09:00:00.000Z"),
    req("r3", "paspor", "imigrasi", "web", "submitted", "2026-02-03T10:00:00.000Z"),
    req("r4", "akta", "dukcapil", "app", "completed", "2026-02-10T11:00:00.000Z", "'2026-02-12', 'completed', 2"),
    req("r6", "akta", "dukcapil", "app", "submitted", "2026-02-11T11:00:00.000Z"),
    req("r7", "akta", "dukcapil", "open311", "in_review", "2026-02-28T23:59:59.999Z"),
    "UPDATE requests SET status = 'in_review' WHERE id = 'r1'",
    "UPDATE requests SET status = 'completed', finished_on = '2026-03-01', finished_as = 'completed', worked_days = 5 WHERE id = 'r2'",
    "UPDATE requests SET status = 'rejected', finished_on = '2026-03-02', finished_as = 'rejected', worked_days = 3 WHERE id = 'r3'",
    # finished_on without finished_as: SQLite's INSERT OR IGNORE skips it, and so does PostgreSQL
    "UPDATE requests SET finished_on = '2026-03-05' WHERE id = 'r1'",
    "UPDATE requests SET finished_as = 'completed', worked_days = 7 WHERE id = 'r1'",
    "UPDATE requests SET agency_slug = 'imigrasi', service_slug = 'paspor' WHERE id = 'r4'",
    "UPDATE requests SET channel = 'open311' WHERE id = 'r2'",
    "UPDATE requests SET received_at = '2026-04-01T00:00:00.000Z' WHERE id = 'r3'",
    "UPDATE requests SET status = status WHERE id = 'r6'",
    "UPDATE requests SET status = 'needs_info' WHERE agency_slug = 'dukcapil' AND finished_on IS NULL",
    "UPDATE requests SET worked_days = 4 WHERE id = 'r2'",
    req("r5", "paspor", "imigrasi", "app", "submitted", "2026-05-01T00:00:00.000Z"),
    "DELETE FROM requests WHERE id = 'r5'",
    "DELETE FROM requests WHERE id = 'r4'",
    survey("1", "akta", "dukcapil", "app", "2026-01-20", "[4,3,4,2,1,4,3,4,4]"),
    survey("2", "akta", "dukcapil", "app", "2026-01-31", "[1,2,3,4,1,2,3,4,1]"),
    survey("3", "akta", "dukcapil", "walk_in", "2026-02-01", "[2,2,2,2,2,2,2,2,2]"),
    survey("4", "paspor", "imigrasi", "app", "2026-02-14", "[3,3,3,3,3,3,3,3,4]"),
    f"DELETE FROM survey_answers WHERE key = '{'2' * 64}'",
]
for s in steps:
    a, b = both(s)
    check(a[0] == "ok" and b[0] == "ok", s[:120] + ("…" if len(s) > 120 else ""))
    if a[0] != "ok" or b[0] != "ok":
        print(f"        SQLite: {a}\n        PostgreSQL: {b}")

for table, order in [("received_monthly", "agency_slug, service_slug, channel, month"),
                     ("finished_monthly", "agency_slug, service_slug, finished_as, worked_days, month"),
                     ("survey_monthly", "agency_slug, service_slug, month")]:
    a, b = both(f"SELECT * FROM {table} ORDER BY {order}")
    print(f"  {table}  (SQLite | PostgreSQL)")
    for x, y in zip(a[1] + [""] * (len(b[1]) - len(a[1])), b[1] + [""] * (len(a[1]) - len(b[1]))):
        print(f"      {x:58} {'==' if x == y else '<>'} {y}")
    check(a[0] == "ok" and a == b, f"{table}: {len(a[1])} rows, the same on both")

# What the SQLite tallies must be: counted again from the requests themselves.
OPEN = "('submitted', 'received', 'in_review', 'needs_info')"
recount = (f"SELECT substr(received_at, 1, 7), agency_slug, service_slug, channel, COUNT(*), "
           f"COUNT(*) FILTER (WHERE status IN {OPEN}) FROM requests GROUP BY 1, 2, 3, 4 ORDER BY 2, 3, 4, 1")
live = both("SELECT month, agency_slug, service_slug, channel, received, open FROM received_monthly "
            "WHERE received <> 0 OR open <> 0 ORDER BY agency_slug, service_slug, channel, month")
counted = both(recount)
check(live[0] == counted[0] and live[1] == counted[1], "received_monthly (rows not zero) = the requests counted again, on both")

print("\n== 5. service_figures, derived from services by triggers on both")
for s in [
    "INSERT INTO services (slug, agency_slug, category_slug, doc, verified_at, revision, withdrawn, updated_at) VALUES "
    "('ktp', 'dukcapil', 'c', '{\"processing_days\": 3}', '2026-01-01', 2, FALSE, '2026-01-01T00:00:00Z') "
    "ON CONFLICT (slug) DO UPDATE SET doc = excluded.doc",
    "UPDATE services SET doc = '{\"processing_days\": 14}', revision = 3 WHERE slug = 'akta'",
    "UPDATE services SET withdrawn = TRUE, agency_slug = 'dukcapil', revision = 4 WHERE slug = 'paspor'",
    "INSERT INTO services (slug, agency_slug, category_slug, doc, verified_at, revision, withdrawn, updated_at) VALUES "
    "('ktp', 'dukcapil', 'c', '{\"processing_days\": 5}', '2026-01-01', 5, FALSE, '2026-01-01T00:00:00Z') "
    "ON CONFLICT (slug) DO UPDATE SET doc = excluded.doc, revision = excluded.revision",
]:
    a, b = both(s)
    check(a[0] == "ok" and b[0] == "ok", "accepted: " + s[:110] + ("…" if len(s) > 110 else ""))
figures = both("SELECT slug, agency_slug, COALESCE(processing_days, -1), CASE WHEN withdrawn THEN 1 ELSE 0 END "
               "FROM service_figures ORDER BY slug")
want = ["akta|dukcapil|14|0", "ktp|dukcapil|5|0", "paspor|dukcapil|-1|1"]
print(f"  SQLite: {figures[0][1]}\n  PostgreSQL: {figures[1][1]}")
check(figures[0][1] == want and figures[1][1] == want, "service_figures follows every insert, upsert and change: " + ", ".join(want))

lite.close()
print()
if failures:
    print(f"FAILED: {len(failures)} check(s)")
    for f in failures:
        print("  - " + f)
    sys.exit(1)
print("all checks passed")
PY
