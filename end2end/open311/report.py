"""One line per check (`ok …` / `FAIL …`) and the tally, shared by check.py and clients.py."""

RESULTS = {"ok": 0, "fail": 0}


def ok(msg):
    RESULTS["ok"] += 1
    print(f"ok   {msg}", flush=True)


def fail(msg):
    RESULTS["fail"] += 1
    print(f"FAIL {msg}", flush=True)


def check(cond, msg, why=""):
    (ok if cond else fail)(msg + ("" if cond or not why else f": {why}"))
    return cond
