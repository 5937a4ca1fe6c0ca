"""Open311 GeoReport v2 response shapes, written from the specification (not vendored), and a
validator for both formats. Standard library only.

Sources (see docs/design/issue-13.md): the spec's `GeoReport/v2/index.md` (fields, XML element
names, the Spark convention for JSON, content types, W3C datetimes with a mandatory time zone),
`Service_Discovery.md` (every discovery field required), and mySociety's FixMyStreet extension
`servicerequestupdates` (open311-adapter `Role/mySociety.pm`).

    from schemas import validate_json, validate_xml, DOCS
    problems = validate_json("services", json.loads(body))
    problems = validate_xml("services", body_bytes)

Each returns a list of problems (strings, each naming the path of the value), empty when the
document matches. `loket=True` adds the rules Loket promises beyond the spec (every datetime in
+07:00, every `description` of an attribute a string, ids as JSON strings — the spec's own
schemas type them as strings; its JSON examples' bare `001` are not valid JSON).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

# W3C NOTE-datetime, complete date plus hours and minutes at least, time zone REQUIRED.
W3C_DATETIME = re.compile(
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
LOKET_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+07:00$")

XML_CONTENT_TYPE = "text/xml; charset=utf-8"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"

DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")
# FixMyStreet's extended statuses (lower case on GET).
FMS_STATUSES = ("open", "closed", "fixed", "in_progress", "action_scheduled", "investigating",
                "duplicate", "not_councils_responsibility", "no_further_action", "internal_referral",
                "reopen", "for_triage", "unchanged", "planned", "cancelled")


@dataclass
class F:
    """A field: its kind and whether it must be there (non-null, and in XML non-empty)."""
    kind: Any                 # "string" | "boolean" | "integer" | "number" | "datetime" | "id"
    #                           | ("enum", (...)) | ("list", item_name, Obj) | ("strlist", item) | Obj
    required: bool = False
    max_len: Optional[int] = None
    positive: bool = False


@dataclass
class Obj:
    name: str
    fields: Dict[str, F]
    # checks on the whole object: fn(obj as dict of python values or None) -> list of problems
    rules: List[Any] = field(default_factory=list)


def enum(*vals):
    return ("enum", vals)


VALUE = Obj("value", {"key": F("id", True), "name": F("string", True)})

ATTRIBUTE = Obj("attribute", {
    "variable": F("boolean", True),
    "code": F("id", True),
    "datatype": F(enum(*DATATYPES), True),
    "required": F("boolean", True),
    "datatype_description": F("string"),
    "order": F("integer", positive=True),
    "description": F("string"),
    "values": F(("list", "value", VALUE)),
})


def _attribute_rules(a):
    out = []
    if a.get("datatype") in ("singlevaluelist", "multivaluelist") and not a.get("values"):
        out.append(f"attribute {a.get('code')!r}: a {a.get('datatype')} needs values")
    return out


ATTRIBUTE.rules.append(_attribute_rules)

SERVICE = Obj("service", {
    "service_code": F("id", True),
    "service_name": F("string", True),
    "description": F("string"),
    "metadata": F("boolean", True),
    "type": F(enum("realtime", "batch", "blackbox"), True),
    "keywords": F("string"),
    "group": F("string"),
})

SERVICE_DEFINITION = Obj("service_definition", {
    "service_code": F("id", True),
    "attributes": F(("list", "attribute", ATTRIBUTE), True),
})


def _definition_rules(d):
    orders = [a.get("order") for a in (d.get("attributes") or []) if a.get("order") is not None]
    codes = [a.get("code") for a in (d.get("attributes") or [])]
    out = []
    if len(set(map(str, orders))) != len(orders):
        out.append(f"attribute order values repeat: {orders}")
    if len(set(map(str, codes))) != len(codes):
        out.append(f"attribute codes repeat: {codes}")
    return out


SERVICE_DEFINITION.rules.append(_definition_rules)

REQUEST = Obj("request", {
    "service_request_id": F("id", True),
    "status": F(enum("open", "closed"), True),
    "status_notes": F("string"),
    "service_name": F("string"),
    "service_code": F("id", True),
    "description": F("string", max_len=4000),
    "agency_responsible": F("string"),
    "service_notice": F("string"),
    "requested_datetime": F("datetime", True),
    "updated_datetime": F("datetime"),
    "expected_datetime": F("datetime"),
    "address": F("string"),
    "address_id": F("id"),
    "zipcode": F("string"),
    "lat": F("number"),
    "long": F("number"),
    "media_url": F("string"),
})

# POST /requests: service_request_id OR token, never both; service_notice and account_id may be absent.
CREATED = Obj("request", {
    "service_request_id": F("id"),
    "token": F("id"),
    "service_notice": F("string"),
    "account_id": F("id"),
})


def _created_rules(r):
    has_id, has_token = r.get("service_request_id") not in (None, ""), r.get("token") not in (None, "")
    if has_id == has_token:
        return ["exactly one of service_request_id and token must be given"]
    return []


CREATED.rules.append(_created_rules)

TOKEN = Obj("request", {"service_request_id": F("id", True), "token": F("id", True)})

ERROR = Obj("error", {"code": F("integer", True), "description": F("string", True)})

ENDPOINT = Obj("endpoint", {
    "specification": F("string", True),
    "url": F("string", True),
    "changeset": F("string", True),
    "type": F(enum("production", "test"), True),
    "formats": F(("strlist", "format"), True),
})

DISCOVERY = Obj("discovery", {
    "changeset": F("string", True),
    "contact": F("string", True),
    "key_service": F("string", True),
    "endpoints": F(("list", "endpoint", ENDPOINT), True),
})

REQUEST_UPDATE = Obj("request_update", {
    "update_id": F("id", True),
    "service_request_id": F("id", True),
    "status": F(enum(*FMS_STATUSES), True),
    "updated_datetime": F("datetime", True),
    "description": F("string", True),
    "media_url": F("string"),          # required by mySociety's schema, but may be empty
    "external_status_code": F("string"),
    "customer_reference": F("string"),
    "fixmystreet_id": F("string"),
})

# Document kinds: (XML root element(s), item element or None for a single object, shape).
# JSON (Spark convention): a root holding a list becomes a bare array; discovery and the
# service definition stay objects.
DOCS: Dict[str, Tuple[Tuple[str, ...], Optional[str], Obj]] = {
    "discovery": (("discovery",), None, DISCOVERY),
    "services": (("services",), "service", SERVICE),
    "service_definition": (("service_definition",), None, SERVICE_DEFINITION),
    "requests": (("service_requests",), "request", REQUEST),
    "created": (("service_requests",), "request", CREATED),
    "token": (("service_requests",), "request", TOKEN),
    "errors": (("errors",), "error", ERROR),
    # open311-adapter writes <service_request_updates>, FixMyStreet's own fixtures
    # <service_requests_updates>; FixMyStreet's XML::Simple reader ignores the root's name.
    "updates": (("service_request_updates", "service_requests_updates"), "request_update", REQUEST_UPDATE),
}


# ---- JSON ----------------------------------------------------------------------------------------

def _json_value(path, f: F, v, loket, out):
    k = f.kind
    if isinstance(k, Obj):
        if not isinstance(v, dict):
            out.append(f"{path}: expected an object, got {type(v).__name__}")
            return
        _json_obj(path, k, v, loket, out)
    elif isinstance(k, tuple) and k[0] == "list":
        if not isinstance(v, list):
            out.append(f"{path}: expected an array, got {type(v).__name__}")
            return
        for i, x in enumerate(v):
            if not isinstance(x, dict):
                out.append(f"{path}[{i}]: expected an object")
            else:
                _json_obj(f"{path}[{i}]", k[2], x, loket, out)
    elif isinstance(k, tuple) and k[0] == "strlist":
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            out.append(f"{path}: expected an array of strings, got {v!r:.80}")
    elif isinstance(k, tuple) and k[0] == "enum":
        if v not in k[1]:
            out.append(f"{path}: {v!r:.60} is not one of {list(k[1])}")
    elif k == "string":
        if not isinstance(v, str):
            out.append(f"{path}: expected a string, got {type(v).__name__} {v!r:.40}")
        elif f.max_len is not None and len(v) > f.max_len:
            out.append(f"{path}: {len(v)} characters, at most {f.max_len}")
    elif k == "id":
        # The spec's schemas type ids as strings; a JSON number is tolerated by the spec's
        # examples but not by Loket's promise.
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            out.append(f"{path}: expected an id (string), got {type(v).__name__}")
        elif loket and not isinstance(v, str):
            out.append(f"{path}: ids are JSON strings (got the number {v})")
        elif isinstance(v, str) and not v.strip():
            out.append(f"{path}: empty id")
    elif k == "boolean":
        if not isinstance(v, bool):
            out.append(f"{path}: expected true/false, got {v!r:.40}")
    elif k == "integer":
        if isinstance(v, bool) or not isinstance(v, int):
            out.append(f"{path}: expected an integer, got {v!r:.40}")
        elif f.positive and v < 1:
            out.append(f"{path}: expected a positive integer, got {v}")
    elif k == "number":
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            if not (isinstance(v, str) and _is_number(v)):
                out.append(f"{path}: expected a number, got {v!r:.40}")
    elif k == "datetime":
        _datetime(path, v, loket, out)
    else:
        raise AssertionError(k)


def _is_number(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


def _datetime(path, v, loket, out):
    if not isinstance(v, str) or not W3C_DATETIME.match(v):
        out.append(f"{path}: {v!r:.40} is not a W3C datetime with a time zone")
    elif loket and not LOKET_DATETIME.match(v):
        out.append(f"{path}: {v!r} is not in +07:00 (WIB) to the second")


def _json_obj(path, o: Obj, d: dict, loket, out):
    for name, f in o.fields.items():
        v = d.get(name)
        if v is None:
            if f.required:
                out.append(f"{path}.{name}: required" + (" (null)" if name in d else ""))
            continue
        _json_value(f"{path}.{name}", f, v, loket, out)
    if loket and o is ATTRIBUTE and not isinstance(d.get("description"), str):
        # civicbot 0.4.0 does attr.get('description', '')[:60] when a required attribute is
        # missing: a null description makes it crash with a TypeError instead of explaining.
        out.append(f"{path}.description: must be a string (civicbot slices it)")
    for rule in o.rules:
        out.extend(f"{path}: {p}" for p in rule(d))


def validate_json(kind: str, data: Any, loket: bool = False) -> List[str]:
    """Problems of a parsed JSON document of `kind` (a key of DOCS)."""
    _, item, shape = DOCS[kind]
    out: List[str] = []
    if item is None:
        if not isinstance(data, dict):
            return [f"$: expected an object, got {type(data).__name__}"]
        _json_obj("$", shape, data, loket, out)
    else:
        if not isinstance(data, list):
            return [f"$: expected an array (Spark convention drops <{DOCS[kind][0][0]}>), "
                    f"got {type(data).__name__}"]
        for i, x in enumerate(data):
            if not isinstance(x, dict):
                out.append(f"$[{i}]: expected an object")
            else:
                _json_obj(f"$[{i}]", shape, x, loket, out)
    return out


# ---- XML -----------------------------------------------------------------------------------------

def _xml_text(e: ET.Element) -> str:
    return (e.text or "").strip() if len(e) == 0 else ""


def _xml_obj(path, o: Obj, e: ET.Element, loket, out) -> dict:
    """Checks element `e` against `o`; returns it as a dict (strings, bools, lists) for rules."""
    seen: Dict[str, Any] = {}
    children: Dict[str, List[ET.Element]] = {}
    for c in e:
        children.setdefault(c.tag, []).append(c)
    for tag, cs in children.items():
        if tag in o.fields and len(cs) > 1:
            out.append(f"{path}/{tag}: appears {len(cs)} times")
    for name, f in o.fields.items():
        cs = children.get(name)
        p = f"{path}/{name}"
        if not cs:
            if f.required:
                out.append(f"{p}: required element missing")
            continue
        c = cs[0]
        k = f.kind
        if isinstance(k, tuple) and k[0] == "list":
            items = []
            for i, x in enumerate(c):
                if x.tag != k[1]:
                    out.append(f"{p}/{x.tag}: expected <{k[1]}> items")
                    continue
                items.append(_xml_obj(f"{p}/{k[1]}[{i + 1}]", k[2], x, loket, out))
            seen[name] = items
            continue
        if isinstance(k, tuple) and k[0] == "strlist":
            vals = []
            for x in c:
                if x.tag != k[1]:
                    out.append(f"{p}/{x.tag}: expected <{k[1]}> items")
                else:
                    vals.append(_xml_text(x))
            if f.required and not vals:
                out.append(f"{p}: no <{k[1]}>")
            seen[name] = vals
            continue
        if len(c):
            out.append(f"{p}: expected text, found child elements")
            continue
        t = _xml_text(c)
        if t == "":
            if f.required:
                out.append(f"{p}: required, but empty")
            continue
        seen[name] = t
        if isinstance(k, tuple) and k[0] == "enum":
            if t not in k[1]:
                out.append(f"{p}: {t!r:.60} is not one of {list(k[1])}")
        elif k == "boolean":
            if t not in ("true", "false"):
                out.append(f"{p}: expected true/false, got {t!r:.40}")
            seen[name] = t == "true"
        elif k == "integer":
            if not re.fullmatch(r"-?\d+", t):
                out.append(f"{p}: expected an integer, got {t!r:.40}")
            elif f.positive and int(t) < 1:
                out.append(f"{p}: expected a positive integer, got {t}")
        elif k == "number":
            if not _is_number(t):
                out.append(f"{p}: expected a number, got {t!r:.40}")
        elif k == "datetime":
            _datetime(p, t, loket, out)
        elif k in ("string", "id"):
            if f.max_len is not None and len(t) > f.max_len:
                out.append(f"{p}: {len(t)} characters, at most {f.max_len}")
    if loket and o is ATTRIBUTE and "description" not in seen:
        out.append(f"{path}/description: must be a non-empty string (civicbot slices it)")
    for rule in o.rules:
        out.extend(f"{path}: {x}" for x in rule(seen))
    return seen


def validate_xml(kind: str, body: bytes, loket: bool = False) -> List[str]:
    """Problems of an XML document (the raw bytes, declaration included) of `kind`."""
    roots, item, shape = DOCS[kind]
    out: List[str] = []
    head = body.lstrip()[:100].decode("utf-8", "replace")
    if not re.match(r"""<\?xml\s+version=["']1\.0["']\s+encoding=["']utf-8["']""", head, re.I):
        out.append('the XML declaration with encoding="UTF-8" must come first')
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        return out + [f"not well-formed XML: {e}"]
    if root.tag not in roots:
        return out + [f"root element <{root.tag}>, expected <{roots[0]}>"]
    if "}" in root.tag or any(k.startswith("xmlns") for k in root.attrib):
        out.append("no namespace is expected")
    if item is None:
        _xml_obj(f"/{root.tag}", shape, root, loket, out)
    else:
        for i, c in enumerate(root):
            if c.tag != item:
                out.append(f"/{root.tag}/{c.tag}: expected <{item}> items")
                continue
            _xml_obj(f"/{root.tag}/{item}[{i + 1}]", shape, c, loket, out)
    return out


def xml_items(kind: str, body: bytes) -> List[Dict[str, str]]:
    """The items of a list document as flat dicts of text (for comparing with JSON)."""
    roots, item, _ = DOCS[kind]
    root = ET.fromstring(body)
    return [{c.tag: _xml_text(c) for c in x} for x in root if x.tag == item]


def content_type_problem(fmt: str, header: Optional[str]) -> Optional[str]:
    """The exact content type the spec gives (parameter case and spacing tolerated)."""
    want = XML_CONTENT_TYPE if fmt == "xml" else JSON_CONTENT_TYPE
    got = (header or "").lower().replace(" ", "").replace('"', "")
    if got != want.replace(" ", ""):
        return f"Content-Type {header!r}, expected {want!r}"
    return None
