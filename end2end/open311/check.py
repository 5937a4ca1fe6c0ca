#!/usr/bin/env python3
"""Checks a running Open311 GeoReport v2 server against the shapes in schemas.py, in XML and
JSON, and its error answers. Standard library only (raw HTTP on purpose: this is our own check,
the third-party clients run in clients.py).

  python3 check.py --base http://127.0.0.1:3000/open311/v2 \
      [--discovery http://127.0.0.1:3000/open311/discovery] [--api-key KEY] \
      [--service ktp-el-baru --attr nik=3171… --attr …] [--loket] [--jurisdiction ID]

With --api-key and --service (plus the --attr answers a valid request needs) it also POSTs:
a request whose description is exactly 4,000 characters (accepted), then the refusals — no
key and a wrong key (403), an unknown service (404), a missing required attribute and a
4,001-character description (400) — and checks that the refusals stored nothing.
--loket adds what Loket promises beyond the spec (+07:00 datetimes, string ids, error code =
HTTP status, dates without a time zone / spans over 90 days / unknown status refused 400,
servicerequestupdates served). Exit status 0 only when every check passed.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import schemas  # noqa: E402
from report import RESULTS, check, fail, ok  # noqa: E402



class Http:
    def __init__(self, jurisdiction=None, timeout=20):
        self.jurisdiction = jurisdiction
        self.timeout = timeout

    def _open(self, req):
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def get(self, url, params=None):
        params = dict(params or {})
        if self.jurisdiction:
            params.setdefault("jurisdiction_id", self.jurisdiction)
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        return self._open(urllib.request.Request(url))

    def post_form(self, url, pairs):
        pairs = list(pairs)
        if self.jurisdiction:
            pairs.append(("jurisdiction_id", self.jurisdiction))
        body = urllib.parse.urlencode(pairs).encode()
        req = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        return self._open(req)


def doc(http, url, kind, fmt, loket, expect=200, params=None, label=None):
    """GET (or a given answer) checked: status, content type, shape. Returns parsed JSON or XML bytes."""
    status, headers, body = http.get(url, params)
    return judge(status, headers, body, kind, fmt, loket, expect, label or f"GET {short(url, params)}")


def judge(status, headers, body, kind, fmt, loket, expect, label):
    if not check(status == expect, f"{label} -> {expect}", f"got {status}: {body[:200]!r}"):
        return None
    ct = schemas.content_type_problem(fmt, headers.get("Content-Type"))
    check(ct is None, f"{label}: content type", ct or "")
    if fmt == "json":
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            fail(f"{label}: JSON: {e}")
            return None
        probs = schemas.validate_json(kind, data, loket)
    else:
        data = body
        probs = schemas.validate_xml(kind, body, loket)
    check(not probs, f"{label}: {kind} shape ({fmt})", "; ".join(probs[:8]))
    if kind == "errors" and loket and fmt == "json" and isinstance(data, list) and data:
        check(all(e.get("code") == status for e in data), f"{label}: error code = HTTP status",
              f"{data}")
    return data


def short(url, params=None):
    p = urllib.parse.urlsplit(url)
    q = ("?" + urllib.parse.urlencode(params)) if params else ""
    return p.path + q


def attrs_pairs(attrs):
    out = []
    for code, v in attrs.items():
        if isinstance(v, list):
            out += [(f"attribute[{code}][]", x) for x in v]
        else:
            out.append((f"attribute[{code}]", v))
    return out


def parse_attrs(items):
    attrs = {}
    for a in items or []:
        code, _, v = a.partition("=")
        if code.endswith("[]"):
            attrs.setdefault(code[:-2], []).append(v)
        else:
            attrs[code] = v
    return attrs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="the GeoReport v2 endpoint, e.g. http://127.0.0.1:3000/open311/v2")
    ap.add_argument("--discovery", help="discovery URL without extension (default: BASE/../discovery)")
    ap.add_argument("--api-key")
    ap.add_argument("--service", help="a service code to POST to (needs --api-key)")
    ap.add_argument("--attr", action="append", help="code=value (code[]=value for a multivaluelist), repeatable")
    ap.add_argument("--address", default="Jl. Medan Merdeka Barat No. 7, Gambir, Jakarta Pusat 10110")
    ap.add_argument("--jurisdiction")
    ap.add_argument("--loket", action="store_true", help="also Loket's own promises beyond the spec")
    ap.add_argument("--max-requests", type=int, default=20, help="how many listed requests to read one by one")
    a = ap.parse_args()

    base = a.base.rstrip("/")
    http = Http(a.jurisdiction)
    disc = a.discovery or base.rsplit("/", 1)[0] + "/discovery"

    # Discovery
    for fmt in ("json", "xml"):
        d = doc(http, f"{disc}.{fmt}", "discovery", fmt, a.loket)
        if fmt == "json" and isinstance(d, dict):
            eps = [e for e in d.get("endpoints") or [] if isinstance(e, dict)]
            mine = [e for e in eps if str(e.get("url", "")).rstrip("/") == base]
            check(bool(mine), "discovery names this endpoint", f"urls: {[e.get('url') for e in eps]}")
            if mine:
                f = mine[0].get("formats") or []
                check("text/xml" in f and "application/json" in f, "discovery: formats text/xml and application/json", f"{f}")
                check(mine[0].get("specification") == "http://wiki.open311.org/GeoReport_v2",
                      "discovery: specification http://wiki.open311.org/GeoReport_v2", mine[0].get("specification"))

    # Services, both formats, same codes
    services = doc(http, f"{base}/services.json", "services", "json", a.loket) or []
    sx = doc(http, f"{base}/services.xml", "services", "xml", a.loket)
    check(bool(services), "services: at least one")
    if sx is not None and services:
        codes_x = [i.get("service_code") for i in schemas.xml_items("services", sx)]
        check(codes_x == [str(s.get("service_code")) for s in services], "services: same codes in XML and JSON",
              f"{codes_x} vs {[s.get('service_code') for s in services]}")

    # Every definition (metadata=true; the others too when served)
    definitions = {}
    for s in services if isinstance(services, list) else []:
        code = str(s.get("service_code"))
        q = urllib.parse.quote(code, safe="")
        if s.get("metadata") is True:
            d = doc(http, f"{base}/services/{q}.json", "service_definition", "json", a.loket)
            doc(http, f"{base}/services/{q}.xml", "service_definition", "xml", a.loket)
            if isinstance(d, dict):
                definitions[code] = d
                check(str(d.get("service_code")) == code, f"definition {code}: names its service_code", d.get("service_code"))
    check(bool(definitions) or not any(s.get("metadata") for s in services if isinstance(s, dict)),
          "definitions read")

    # Errors on reads
    for fmt in ("json", "xml"):
        doc(http, f"{base}/services/tidak-ada-layanan-ini.{fmt}", "errors", fmt, a.loket, expect=404)
        doc(http, f"{base}/requests/TIDAK-ADA-0.{fmt}", "errors", fmt, a.loket, expect=404)
        doc(http, f"{base}/requests.{fmt}", "errors", fmt, a.loket, expect=400, params={"start_date": "kemarin"})
        doc(http, f"{base}/requests.{fmt}", "errors", fmt, a.loket, expect=400, params={"end_date": "2026-13-45T99:00:00Z"})
    if a.loket:
        doc(http, f"{base}/requests.json", "errors", "json", True, expect=400,
            params={"start_date": "2026-01-01T00:00:00"}, label="GET requests: start_date without a time zone")
        doc(http, f"{base}/requests.json", "errors", "json", True, expect=400,
            params={"start_date": "2026-01-01T00:00:00+07:00", "end_date": "2026-06-01T00:00:00+07:00"},
            label="GET requests: a span of more than 90 days")
        doc(http, f"{base}/requests.json", "errors", "json", True, expect=400,
            params={"status": "selesai"}, label="GET requests: status neither open nor closed")

    created_id = None
    if a.service and a.api_key:
        created_id = posts(http, base, a, definitions)

    # Requests: list, one by one, both formats
    lst = doc(http, f"{base}/requests.json", "requests", "json", a.loket)
    lx = doc(http, f"{base}/requests.xml", "requests", "xml", a.loket)
    if isinstance(lst, list) and lx is not None:
        ids_x = [i.get("service_request_id") for i in schemas.xml_items("requests", lx)]
        check(sorted(ids_x) == sorted(str(r.get("service_request_id")) for r in lst),
              "requests: same ids in XML and JSON")
    if created_id and isinstance(lst, list):
        check(created_id in [str(r.get("service_request_id")) for r in lst], "requests: the new request is listed")
    for r in (lst or [])[: a.max_requests]:
        rid = urllib.parse.quote(str(r.get("service_request_id")), safe="")
        one = doc(http, f"{base}/requests/{rid}.json", "requests", "json", a.loket)
        if isinstance(one, list):
            check(len(one) == 1, f"requests/{rid}.json: an array of exactly one", f"{len(one)}")
        doc(http, f"{base}/requests/{rid}.xml", "requests", "xml", a.loket)
    if created_id:
        by = doc(http, f"{base}/requests.json", "requests", "json", a.loket,
                 params={"service_request_id": f"{created_id},TIDAK-ADA-0"})
        if isinstance(by, list):
            check([str(x.get("service_request_id")) for x in by] == [created_id],
                  "requests?service_request_id=a,b: only the known one")

    # FixMyStreet's servicerequestupdates
    for fmt in ("json", "xml"):
        status, headers, body = http.get(f"{base}/servicerequestupdates.{fmt}")
        if status == 404 and not a.loket:
            print(f"skip servicerequestupdates.{fmt}: 404 (not served)")
            continue
        judge(status, headers, body, "updates", fmt, a.loket, 200, f"GET servicerequestupdates.{fmt}")

    print(f"\n{RESULTS['ok']} passed, {RESULTS['fail']} failed")
    return 0 if RESULTS["fail"] == 0 and RESULTS["ok"] > 0 else 1


def posts(http, base, a, definitions):
    """The POST checks; returns the id of the request it created (or None)."""
    attrs = parse_attrs(a.attr)
    form = [("service_code", a.service), ("address_string", a.address)]
    url = f"{base}/requests.json"

    def count():
        st, _, body = http.get(url, {"service_code": a.service})
        try:
            return len(json.loads(body)) if st == 200 else None
        except json.JSONDecodeError:
            return None

    before = count()
    for fmt in ("json", "xml"):
        u = f"{base}/requests.{fmt}"
        st, h, b = http.post_form(u, form + attrs_pairs(attrs) + [("description", "tanpa kunci")])
        judge(st, h, b, "errors", fmt, a.loket, 403, f"POST requests.{fmt} without api_key")
        st, h, b = http.post_form(u, form + attrs_pairs(attrs) + [("api_key", a.api_key + "-salah")])
        judge(st, h, b, "errors", fmt, a.loket, 403, f"POST requests.{fmt} with a wrong api_key")
        st, h, b = http.post_form(u, [("service_code", "tidak-ada-layanan-ini"), ("address_string", a.address),
                                      ("api_key", a.api_key)])
        judge(st, h, b, "errors", fmt, a.loket, 404, f"POST requests.{fmt} for an unknown service")
    required = [x.get("code") for x in (definitions.get(a.service) or {}).get("attributes", [])
                if x.get("required") and x.get("variable", True)]
    if required:
        missing = {k: v for k, v in attrs.items() if k != required[0]}
        st, h, b = http.post_form(url, form + attrs_pairs(missing) + [("api_key", a.api_key)])
        judge(st, h, b, "errors", "json", a.loket, 400, f"POST without required attribute[{required[0]}]")
    else:
        print(f"skip missing-required-attribute: {a.service} has no required attribute")
    st, h, b = http.post_form(url, form + attrs_pairs(attrs) + [("api_key", a.api_key), ("description", "x" * 4001)])
    judge(st, h, b, "errors", "json", a.loket, 400, "POST with a 4,001-character description")
    st, h, b = http.post_form(url, form + attrs_pairs(attrs) + [("api_key", a.api_key), ("lat", "-6.1754")])
    judge(st, h, b, "errors", "json", a.loket, 400, "POST with lat but no long")
    after = count()
    check(before is not None and before == after, "the refused POSTs stored nothing", f"{before} -> {after}")

    # One valid request: 4,000 characters exactly is allowed; Unicode kept.
    desc = ("Permohonan lewat mitra — ñ ü 日本. " * 200)[:4000]
    st, h, b = http.post_form(url, form + attrs_pairs(attrs) + [("api_key", a.api_key), ("description", desc)])
    if not check(st in (200, 201), "POST a valid request with a 4,000-character description -> 200/201",
                 f"got {st}: {b[:300]!r}"):
        return None
    ct = schemas.content_type_problem("json", h.get("Content-Type"))
    check(ct is None, "POST: content type", ct or "")
    created = json.loads(b)
    probs = schemas.validate_json("created", created, a.loket)
    check(not probs, "POST answer shape (json)", "; ".join(probs))
    first = created[0] if isinstance(created, list) and created else {}
    rid = first.get("service_request_id")
    if not rid and first.get("token"):
        tok = urllib.parse.quote(str(first["token"]), safe="")
        for _ in range(20):
            st, h, b = http.get(f"{base}/tokens/{tok}.json")
            if st == 200:
                t = json.loads(b)
                if not schemas.validate_json("token", t, a.loket):
                    rid = t[0]["service_request_id"]
                    break
            time.sleep(0.5)
        doc(http, f"{base}/tokens/{tok}.xml", "token", "xml", a.loket)
        check(bool(rid), "token resolves to a service_request_id")
    if rid:
        rid = str(rid)
        # XML POST too
        st, h, b = http.post_form(f"{base}/requests.xml", form + attrs_pairs(attrs) + [("api_key", a.api_key)])
        judge(st, h, b, "created", "xml", a.loket, st if st in (200, 201) else 201, "POST requests.xml (valid)")
    return rid


if __name__ == "__main__":
    sys.exit(main())
