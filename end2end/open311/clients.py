#!/usr/bin/env python3
"""Loket's Open311 endpoint through two clients nobody here wrote: PyPI civicbot 0.4.0 and
georeport 0.3.1 (installed by scripts/open311-clients.sh, which also runs this with the right
Python). Every step below goes through the libraries; raw HTTP is used nowhere.

  scripts/open311-clients.sh run --base http://127.0.0.1:3000/open311/v2 --api-key KEY \
      --service ktp-el-baru --attr nik=3171… --attr tanggal_lahir=1990-05-17 … \
      (--officer-cmd 'shell command' | --officer-stdin) [--expect-status closed]

The scenario:
  1. services, JSON and XML (georeport both, civicbot JSON): the same codes;
  2. every service definition (metadata=true), JSON and XML: the same attributes;
  3. civicbot's remote validation (create_request(validate_remote=True)): a missing required
     attribute, a value outside a list and a 4,001-character description are refused by the
     client before anything is posted (it GETs services.json and services/{code}.json first);
  4. the request filed through civicbot (remote validation, then POST requests.json with
     attribute[code] / attribute[code][] fields and api_key in the form); a token is followed;
  5. read back by id (georeport JSON and XML, civicbot) and found in the lists (by id, by
     service, by status, by date window);
  6. an officer acts (the callback), then the status (status, status_notes) is seen to change
     through both libraries;
  7. refusals as the libraries meet them: unknown service 404, no key / wrong key 403,
     a missing required attribute 400 (client validation off), a malformed date 400.

The officer callback, for the driver's convenience:
  --officer-cmd CMD   run through /bin/sh with OPEN311_REQUEST_ID, OPEN311_SERVICE_CODE and
                      OPEN311_BASE set; must exit 0.
  --officer-stdin     print one line `OPEN311_OFFICER_ACT {"service_request_id": …, "service_code": …}`
                      to stdout (flushed) and wait for one line on stdin: `ok` goes on, anything
                      else (or end of input) fails. Suits a Node/Playwright driver (spawn, watch
                      stdout, act in the browser, write "ok\\n").
Output: one `ok   …` or `FAIL …` line per check, then `N passed, M failed`; exit 0 only when
every check passed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import schemas  # noqa: E402
from report import RESULTS, check, fail, ok  # noqa: E402

try:
    import requests as _requests  # georeport's HTTP library
    from civicbot.http import HttpError, HttpTransport, RateLimiter
    from civicbot.open311 import Open311Client, ValidationError
    from civicbot.registry import Endpoint
    from georeport import GeoReport
except ImportError as e:  # pragma: no cover
    sys.exit(f"clients.py needs civicbot 0.4.0 and georeport 0.3.1 (scripts/open311-clients.sh): {e}")

WIB = dt.timezone(dt.timedelta(hours=7))


class Fatal(Exception):
    pass


@contextmanager
def deadline(secs, what):
    """georeport calls requests without a timeout: a server that never answers would hang the
    suite. SIGALRM interrupts the blocking read (main thread only)."""
    def on_alarm(*_):
        raise TimeoutError(f"{what}: no answer within {secs} s")
    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, secs)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def call(what, fn, *args, timeout=30, **kw):
    """Runs one library call; an unexpected exception is a failed check (returns None)."""
    try:
        with deadline(timeout, what):
            return fn(*args, **kw)
    except Exception as e:  # noqa: BLE001 — every failure is reported, not raised
        fail(f"{what}: {type(e).__name__}: {str(e)[:300]}")
        return None


def refused(what, expect_status, fn, *args, **kw):
    """The call must raise the library's HTTP error with `expect_status`. Returns the body."""
    try:
        with deadline(30, what):
            fn(*args, **kw)
    except HttpError as e:  # civicbot
        check(e.status == expect_status, f"{what} -> {expect_status}", f"got {e.status}: {e.body[:200]}")
        return e.body
    except _requests.HTTPError as e:  # georeport (raise_for_status)
        st = e.response.status_code if e.response is not None else None
        check(st == expect_status, f"{what} -> {expect_status}", f"got {st}")
        return e.response.text if e.response is not None else ""
    except Exception as e:  # noqa: BLE001
        fail(f"{what}: expected HTTP {expect_status}, got {type(e).__name__}: {str(e)[:200]}")
        return None
    fail(f"{what}: expected HTTP {expect_status}, the call succeeded")
    return None


class Recording(HttpTransport):
    """civicbot's own transport, no politeness delay (its default waits 0.5 s per call to a
    host), remembering each call so the test can tell what the client sent, and when."""

    def __init__(self):
        super().__init__(timeout=30, rate_limiter=RateLimiter(min_interval=0))
        self.calls = []

    def _open(self, req):
        self.calls.append((req.get_method(), req.full_url.split("?")[0], req.data))
        return super()._open(req)


def as_list(x):
    """xmltodict gives one repeated element as a dict, several as a list, none as None."""
    if x is None:
        return []
    return x if isinstance(x, list) else [x]


def xml_definition_attrs(d):
    attrs = as_list((d.get("attributes") or {}).get("attribute") if isinstance(d.get("attributes"), dict) else None)
    for a in attrs:
        if isinstance(a.get("values"), dict):
            a["values"] = as_list(a["values"].get("value"))
    return attrs


def w3(t):
    return t.astimezone(WIB).isoformat(timespec="seconds")


def fill(definition, given):
    """The attributes to send: the driver's answers, and a plain value for every other required
    one by its datatype (a Loket field with a shape of its own — NIK, phone, e-mail, a date of
    birth — needs its value from the driver)."""
    attrs = dict(given)
    for a in sorted(definition.get("attributes") or [], key=lambda a: int(a.get("order") or 0)):
        code = str(a.get("code"))
        if code in attrs or not a.get("variable", True) or not a.get("required"):
            continue
        kind = a.get("datatype")
        keys = [str(v.get("key")) for v in a.get("values") or []]
        if kind == "singlevaluelist" and keys:
            attrs[code] = keys[0]
        elif kind == "multivaluelist" and keys:
            attrs[code] = [keys[0]]
        elif kind == "number":
            attrs[code] = "1"
        elif kind == "datetime":
            attrs[code] = "2000-01-31"
        elif kind == "text":
            attrs[code] = "Isian uji,\nbaris kedua"
        else:
            attrs[code] = "Isian uji"
    return attrs


def parse_attrs(items):
    attrs = {}
    for a in items or []:
        code, sep, v = a.partition("=")
        if not sep:
            raise SystemExit(f"--attr {a!r}: expected code=value")
        if code.endswith("[]"):
            attrs.setdefault(code[:-2], []).append(v)
        else:
            attrs[code] = v
    return attrs


def officer_acts(a, rid, code):
    if a.officer_cmd:
        env = dict(os.environ, OPEN311_REQUEST_ID=rid, OPEN311_SERVICE_CODE=code, OPEN311_BASE=a.base)
        r = subprocess.run(a.officer_cmd, shell=True, env=env, timeout=a.officer_timeout)
        return check(r.returncode == 0, "the officer's command ran", f"exit {r.returncode}")
    print("OPEN311_OFFICER_ACT " + json.dumps({"service_request_id": rid, "service_code": code}), flush=True)
    try:
        with deadline(a.officer_timeout, "waiting for the officer"):
            line = sys.stdin.readline()
    except TimeoutError as e:
        fail(str(e))
        return False
    return check(line.strip() == "ok", "the officer acted (driver said ok)", f"driver said {line.strip()!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="GeoReport v2 endpoint, e.g. http://127.0.0.1:3000/open311/v2")
    ap.add_argument("--api-key", required=True)
    ap.add_argument("--service", help="the service to file (default: the first with metadata=true)")
    ap.add_argument("--attr", action="append", help="code=value, or code[]=value for a multivaluelist; repeatable")
    ap.add_argument("--address", default="Jl. Medan Merdeka Barat No. 7, Gambir, Jakarta Pusat 10110")
    ap.add_argument("--description", default="Diajukan oleh mitra lewat Open311 (uji civicbot).")
    ap.add_argument("--first-name", default="Siti")
    ap.add_argument("--last-name", default="Aminah")
    ap.add_argument("--jurisdiction")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--officer-cmd")
    g.add_argument("--officer-stdin", action="store_true")
    ap.add_argument("--officer-timeout", type=float, default=120)
    ap.add_argument("--expect-status", choices=("open", "closed"), help="the Open311 status after the officer acted")
    ap.add_argument("--expect-notes", help="the status_notes after the officer acted (e.g. Loket's status)")
    ap.add_argument("--wait", type=float, default=10, help="seconds to wait for the change to show")
    ap.add_argument("--no-errors", action="store_true", help="skip step 7")
    a = ap.parse_args()
    try:
        run(a)
    except Fatal as e:
        fail(f"cannot go on: {e}")
    print(f"\n{RESULTS['ok']} passed, {RESULTS['fail']} failed", flush=True)
    return 0 if RESULTS["fail"] == 0 and RESULTS["ok"] > 0 else 1


def run(a):
    base = a.base.rstrip("/")
    gj = GeoReport(base, jurisdiction=a.jurisdiction)
    gx = GeoReport(base, jurisdiction=a.jurisdiction, output_format="xml")
    endpoint = Endpoint(id="loket", name="Loket", base_url=base, write=True)
    cb = Open311Client(endpoint, transport=Recording(), jurisdiction_id=a.jurisdiction)

    # 1. Services
    sj = call("georeport services.json", gj.get_service_list)
    sx = call("georeport services.xml", gx.get_service_list)
    sc = call("civicbot services.json", cb.list_services)
    if not isinstance(sj, list) or not sj:
        raise Fatal(f"no services from georeport (JSON): {sj!r:.200}")
    probs = schemas.validate_json("services", sj, loket=True)
    check(not probs, "services.json matches the schema", "; ".join(probs[:5]))
    codes = [str(s.get("service_code")) for s in sj]
    check([str(s.get("service_code")) for s in as_list(sx)] == codes, "services.xml lists the same codes",
          f"{[s.get('service_code') for s in as_list(sx)]} vs {codes}")
    check(isinstance(sc, list) and [str(s.get("service_code")) for s in sc] == codes,
          "civicbot lists the same codes")
    xml_meta = {str(s.get("service_code")): s.get("metadata") for s in as_list(sx)}
    check(all(xml_meta.get(str(s["service_code"])) == ("true" if s.get("metadata") else "false") for s in sj),
          "metadata true/false agrees between XML and JSON")

    # 2. Every definition
    definitions = {}
    for s in sj:
        if not s.get("metadata"):
            continue
        code = str(s["service_code"])
        dj = call(f"georeport services/{code}.json", gj.get_service_definition, code)
        dx = call(f"georeport services/{code}.xml", gx.get_service_definition, code)
        dc = call(f"civicbot services/{code}.json", cb.get_service_definition, code)
        if not isinstance(dj, dict):
            continue
        definitions[code] = dj
        probs = schemas.validate_json("service_definition", dj, loket=True)
        check(not probs, f"services/{code}.json matches the schema", "; ".join(probs[:5]))
        ja = [(str(x.get("code")), x.get("datatype"), bool(x.get("required"))) for x in dj.get("attributes") or []]
        if isinstance(dx, dict):
            xa = [(str(x.get("code")), x.get("datatype"), x.get("required") == "true") for x in xml_definition_attrs(dx)]
            check(xa == ja, f"services/{code}.xml has the same attributes", f"{xa} vs {ja}")
        check(isinstance(dc, dict) and dc.get("attributes") == dj.get("attributes"),
              f"civicbot reads the same definition of {code}")
    check(bool(definitions), "at least one service has a definition")

    code = a.service or next((c for c in codes if c in definitions), codes[0])
    if code not in codes:
        raise Fatal(f"service {code!r} is not listed ({codes})")
    definition = definitions.get(code, {"attributes": []})
    attrs = fill(definition, parse_attrs(a.attr))
    where = dict(address_string=a.address, description=a.description,
                 first_name=a.first_name, last_name=a.last_name)
    variable = [x for x in definition.get("attributes") or [] if x.get("variable", True)]

    # 3. civicbot's remote validation refuses before posting
    required = [str(x["code"]) for x in variable if x.get("required")]
    if required:
        t = Recording()
        c = Open311Client(endpoint, transport=t, jurisdiction_id=a.jurisdiction)
        less = {k: v for k, v in attrs.items() if k != required[0]}
        try:
            c.create_request(code, dry_run=False, confirm="SEND", api_key=a.api_key, validate_remote=True,
                             attributes=less, **where)
            fail(f"civicbot remote validation: missing attribute[{required[0]}] was sent anyway")
        except ValidationError as e:
            check(any(required[0] in p for p in e.problems), "civicbot refuses a missing required attribute",
                  f"{e.problems}")
        except Exception as e:  # noqa: BLE001
            fail(f"civicbot remote validation (missing attribute): {type(e).__name__}: {e}")
        got = [(m, u.rsplit("/", 2)[-2:]) for m, u, _ in t.calls]
        check([m for m, _ in got] == ["GET", "GET"] and t.calls[0][1].endswith("/services.json")
              and t.calls[1][1].endswith(f"/services/{code}.json"),
              "remote validation read services.json and the definition, and posted nothing", f"{t.calls}")
    lists = [x for x in variable if x.get("datatype") in ("singlevaluelist", "multivaluelist") and x.get("values")]
    if lists:
        x = lists[0]
        bad = dict(attrs, **{str(x["code"]): "bukan-pilihan" if x["datatype"] == "singlevaluelist" else ["bukan-pilihan"]})
        t = Recording()
        c = Open311Client(endpoint, transport=t, jurisdiction_id=a.jurisdiction)
        try:
            c.create_request(code, dry_run=False, confirm="SEND", api_key=a.api_key, validate_remote=True,
                             attributes=bad, **where)
            fail("civicbot remote validation: a value outside the list was sent anyway")
        except ValidationError as e:
            check(any(str(x["code"]) in p for p in e.problems), "civicbot refuses a value outside the list", f"{e.problems}")
        check(all(m == "GET" for m, _, _ in t.calls), "… and posted nothing")
    try:
        cb.create_request(code, dry_run=False, confirm="SEND", api_key=a.api_key, validate_remote=True,
                          attributes=attrs, **dict(where, description="x" * 4001))
        fail("civicbot: a 4,001-character description was sent")
    except ValidationError as e:
        check(any("4000" in p for p in e.problems), "civicbot refuses a 4,001-character description itself")

    # 4. File the request through civicbot, remote validation on
    t = Recording()
    c = Open311Client(endpoint, transport=t, jurisdiction_id=a.jurisdiction)
    requested_from = dt.datetime.now(WIB) - dt.timedelta(minutes=5)
    prepared = call("civicbot create_request (validate_remote=True)", c.create_request, code, dry_run=False,
                    confirm="SEND", api_key=a.api_key, validate_remote=True, attributes=attrs, **where)
    if prepared is None:
        raise Fatal("the request was not filed")
    methods = [(m, u[len(base):]) for m, u, _ in t.calls]
    # civicbot reads the definition only for a service with metadata=true
    want = [("GET", "/services.json")] + ([("GET", f"/services/{code}.json")] if code in definitions else [])
    check(methods == want + [("POST", "/requests.json")],
          "civicbot: services, definition (when metadata), then POST requests.json", f"{methods}")
    posted = t.calls[-1][2].decode() if t.calls and t.calls[-1][2] else ""
    check("api_key=" in posted and all(f"attribute%5B{k}%5D" in posted for k in attrs),
          "the form carried api_key and every attribute[code]", posted[:300])
    resp = prepared.response
    probs = schemas.validate_json("created", resp, loket=True)
    check(not probs, "POST answer matches the schema", f"{probs} {resp!r:.200}")
    first = resp[0] if isinstance(resp, list) and resp else {}
    rid = first.get("service_request_id")
    if not rid and first.get("token"):
        for _ in range(int(a.wait * 2) or 1):
            tk = call("civicbot tokens/{token}.json", c.get_token, first["token"])
            tk0 = tk[0] if isinstance(tk, list) and tk else (tk or {})
            rid = tk0.get("service_request_id")
            if rid:
                break
            time.sleep(0.5)
        check(bool(rid), "the token gave a service_request_id")
    if not rid:
        raise Fatal(f"no service_request_id: {resp!r:.300}")
    rid = str(rid)
    ok(f"filed {rid} for {code}")
    check(isinstance(first.get("service_notice", ""), (str, type(None))), "service_notice is text when given")

    # 5. Read back, by id and in the lists
    def read_all(label):
        one_j = call(f"georeport requests/{rid}.json ({label})", gj.get_service_request, rid)
        one_x = call(f"georeport requests/{rid}.xml ({label})", gx.get_service_request, rid)
        one_c = call(f"civicbot requests/{rid}.json ({label})", cb.get_request, rid)
        return one_j, one_x, one_c

    one_j, one_x, one_c = read_all("new")
    for name, r in (("georeport json", one_j), ("georeport xml", one_x), ("civicbot", one_c)):
        if not isinstance(r, dict):
            fail(f"{name}: request {rid} not read: {r!r:.200}")
            continue
        check(str(r.get("service_request_id")) == rid, f"{name}: the request has its id")
        check(str(r.get("service_code")) == code, f"{name}: service_code {code}", r.get("service_code"))
        check(r.get("status") == "open", f"{name}: status open", r.get("status"))
        check(bool(schemas.W3C_DATETIME.match(str(r.get("requested_datetime")))),
              f"{name}: requested_datetime with a time zone", r.get("requested_datetime"))
    if isinstance(one_j, dict):
        probs = schemas.validate_json("requests", [one_j], loket=True)
        check(not probs, "the request matches the schema", "; ".join(probs[:5]))

    found = lambda rs: rid in [str(r.get("service_request_id")) for r in as_list(rs)]  # noqa: E731
    check(found(call("georeport requests.json?service_request_id", gj.get_service_requests, service_request_id=rid)),
          "georeport (JSON) finds it by service_request_id")
    check(found(call("georeport requests.xml?service_request_id", gx.get_service_requests, service_request_id=rid)),
          "georeport (XML) finds it by service_request_id")
    check(found(call("georeport requests.json?service_code", gj.get_service_requests, service_code=code)),
          "georeport (JSON) lists it under its service")
    check(found(call("civicbot requests.json?service_code&status=open", cb.list_requests, service_code=code,
                     status="open")), "civicbot lists it among the open ones")
    check(found(call("civicbot requests.json?start_date&end_date", cb.list_requests,
                     start_date=w3(requested_from), end_date=w3(dt.datetime.now(WIB) + dt.timedelta(minutes=5)))),
          "civicbot finds it in a date window (+07:00)")
    before = (one_c or {}).get("status"), (one_c or {}).get("status_notes")

    # 6. An officer acts; the change shows through both libraries
    if officer_acts(a, rid, code):
        after, deadline_at = before, time.monotonic() + a.wait
        while time.monotonic() < deadline_at:
            r = call("civicbot requests/{id}.json (after)", cb.get_request, rid) or {}
            after = r.get("status"), r.get("status_notes")
            if after != before:
                break
            time.sleep(0.5)
        check(after != before, "the status changed after the officer acted", f"still {before}")
        if a.expect_status:
            check(after[0] == a.expect_status, f"status is {a.expect_status}", f"{after}")
        if a.expect_notes:
            check(str(after[1] or "") .startswith(a.expect_notes), f"status_notes begins {a.expect_notes!r}", f"{after}")
        one_j, one_x, _ = read_all("after")
        for name, r in (("georeport json", one_j), ("georeport xml", one_x)):
            if isinstance(r, dict):
                check((r.get("status"), r.get("status_notes")) == after, f"{name} sees the same change",
                      f"{(r.get('status'), r.get('status_notes'))} vs {after}")
                check(bool(r.get("updated_datetime")), f"{name}: updated_datetime given")
        if after[0] == "closed":
            check(found(call("civicbot requests?status=closed", cb.list_requests, service_code=code, status="closed")),
                  "listed among the closed ones")
            check(not found(call("civicbot requests?status=open", cb.list_requests, service_code=code, status="open")),
                  "no longer among the open ones")

    # 7. Refusals as the libraries meet them
    if a.no_errors:
        return
    refused("georeport services/tidak-ada.json", 404, gj.get_service_definition, "tidak-ada-layanan-ini")
    refused("georeport services/tidak-ada.xml", 404, gx.get_service_definition, "tidak-ada-layanan-ini")
    refused("civicbot services/tidak-ada.json", 404, cb.get_service_definition, "tidak-ada-layanan-ini")
    refused("georeport requests/TIDAK-ADA.json", 404, gj.get_service_request, "TIDAK-ADA-0")
    keyless = Open311Client(Endpoint(id="loket", name="Loket", base_url=base, write=True,
                                     api_key_required_for_write=False), transport=Recording(),
                            jurisdiction_id=a.jurisdiction)
    body = refused("civicbot POST without api_key", 403, keyless.create_request, code, dry_run=False,
                   confirm="SEND", api_key=None, attributes=attrs, **where)
    error_body_ok("403", body)
    body = refused("civicbot POST with a wrong api_key", 403, keyless.create_request, code, dry_run=False,
                   confirm="SEND", api_key=a.api_key + "-salah", attributes=attrs, **where)
    error_body_ok("403 (wrong key)", body)
    if required:
        less = {k: v for k, v in attrs.items() if k != required[0]}
        body = refused(f"civicbot POST without attribute[{required[0]}] (client validation off)", 400,
                       cb.create_request, code, dry_run=False, confirm="SEND", api_key=a.api_key,
                       validate_remote=False, attributes=less, **where)
        error_body_ok("400", body)
    body = refused("civicbot requests.json?start_date=kemarin", 400, cb.list_requests, start_date="kemarin")
    error_body_ok("400 (date)", body)
    refused("georeport requests.xml?end_date=2026-02-30T10:00:00+07:00", 400, gx.get_service_requests,
            end_date="2026-02-30T10:00:00+07:00")


def error_body_ok(label, body):
    if body is None:
        return
    try:
        data = json.loads(body)
    except json.JSONDecodeError:
        fail(f"error body {label} is not JSON: {body[:120]!r}")
        return
    probs = schemas.validate_json("errors", data, loket=True)
    check(not probs, f"error body {label} matches the schema", "; ".join(probs))


if __name__ == "__main__":
    sys.exit(main())
