#!/usr/bin/env python3
"""Check annotation files of data/annotated against their texts and ../shared/ANNOTATION.md.

    python3 scripts/annotated/validate.py [FILE.json ...]     (default: every gold/ and double/ file)

Checks: the schema's fields and value sets; every copied string is verbatim in the article's text;
ids are unique and every reference resolves (an entity id, or a CAMEO actor code); each CAMEO code
exists and its PLOVER type is the event's type (data/annotated/cameo_types.tsv, the guide's CAMEO-PLOV.txt); dates are ISO.
Prints one line per problem and exits 1 when there is any. (The same checks run in the Rust tests:
crates/rasd-eval.)
"""
import glob, json, os, re, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
base = os.path.join(root, "data", "annotated")
cameo = {}
for line in open(os.path.join(base, "cameo_types.tsv"), encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    f = line.rstrip("\n").split("\t")
    cameo[f[0]] = f[1]
TYPES = {"PER", "ORG", "LOC", "MISC"}
MODALITIES = {"asserted", "reported", "expected", "speculated", "negated"}
TIMEX = {"DATE", "TIME", "DURATION", "SET"}
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$|^\d{4}-W\d{2}$")
ACTOR = re.compile(r"^[A-Z]{3}([A-Z]{3}){0,3}$")

def check(path):
    errs = []
    def err(msg):
        errs.append(f"{os.path.relpath(path, root)}: {msg}")
    try:
        g = json.load(open(path, encoding="utf-8"))
    except Exception as e:
        return [f"{path}: not JSON: {e}"]
    txt_path = os.path.join(base, "texts", g.get("file", ""))
    if not os.path.isfile(txt_path):
        return [f"{path}: file {g.get('file')!r} not in data/annotated/texts"]
    text = open(txt_path, encoding="utf-8", newline="").read()
    def verbatim(s, where):
        if s is None:
            return
        if not isinstance(s, str) or not s.strip():
            err(f"{where}: empty or not a string")
        elif s not in text:
            err(f"{where}: not verbatim in the text: {s[:60]!r}")
    for k in ["file", "articles", "noise_lines", "headings", "entities", "events", "quotes", "times"]:
        if k not in g:
            err(f"missing field {k}")
    if errs:
        return errs
    for a in g["articles"]:
        if a.get("role") not in ("main", "related"):
            err(f"article role {a.get('role')!r}")
        for f in ["title", "byline", "body_start", "body_end", "published_text"]:
            verbatim(a.get(f), f"article.{f}")
        if a.get("published") and not ISO.match(a["published"]):
            err(f"article.published {a['published']!r} not ISO")
    for i, s in enumerate(g["noise_lines"]):
        verbatim(s, f"noise_lines[{i}]")
    for i, s in enumerate(g["headings"]):
        verbatim(s, f"headings[{i}]")
    ids = set()
    for e in g["entities"]:
        eid = e.get("id")
        if not eid or eid in ids:
            err(f"entity id {eid!r} missing or repeated")
        ids.add(eid)
        if e.get("type") not in TYPES:
            err(f"entity {eid}: type {e.get('type')!r}")
        if not e.get("surfaces"):
            err(f"entity {eid}: no surfaces")
        for s in e.get("surfaces", []) + e.get("descriptors", []):
            verbatim(s, f"entity {eid}")
        if e.get("actor") and not ACTOR.match(e["actor"]):
            err(f"entity {eid}: actor {e['actor']!r} is not a CAMEO actor code")
        if not isinstance(e.get("required", True), bool):
            err(f"entity {eid}: required must be true/false")
    def ref(v, where, codes=True):
        if v is None or v in ids:
            return
        if codes and isinstance(v, str) and ACTOR.match(v):
            return
        err(f"{where}: {v!r} is neither an entity id nor a CAMEO actor code")
    for ev in g["events"]:
        w = f"event {ev.get('id')}"
        code, typ = ev.get("cameo"), ev.get("type")
        if code not in cameo:
            err(f"{w}: unknown CAMEO code {code!r}")
        elif cameo[code] != typ:
            err(f"{w}: CAMEO {code} is {cameo[code]}, not {typ}")
        if ev.get("modality") not in MODALITIES:
            err(f"{w}: modality {ev.get('modality')!r}")
        for slot in ["source", "target", "attributed_to"]:
            ref(ev.get(slot), f"{w}.{slot}")
        ref(ev.get("location"), f"{w}.location", codes=False)
        if ev.get("date") and not ISO.match(ev["date"]):
            err(f"{w}: date {ev['date']!r} not ISO")
        for f in ["evidence", "trigger", "source_text", "target_text", "date_text"]:
            verbatim(ev.get(f), f"{w}.{f}")
        if not ev.get("evidence") or not ev.get("trigger"):
            err(f"{w}: evidence and trigger are required")
        elif ev["trigger"] not in ev["evidence"]:
            err(f"{w}: trigger not inside evidence")
        q = ev.get("quantity")
        if q is not None:
            if not isinstance(q.get("value"), (int, float)):
                err(f"{w}: quantity.value must be a number")
            verbatim(q.get("text"), f"{w}.quantity.text")
        if not isinstance(ev.get("required", True), bool):
            err(f"{w}: required must be true/false")
    for i, q in enumerate(g["quotes"]):
        w = f"quotes[{i}]"
        verbatim(q.get("text"), f"{w}.text")
        verbatim(q.get("cue"), f"{w}.cue")
        ref(q.get("speaker"), f"{w}.speaker")
        if q.get("kind", "direct") not in ("direct", "indirect"):
            err(f"{w}: kind {q.get('kind')!r}")
    for i, t in enumerate(g["times"]):
        verbatim(t.get("text"), f"times[{i}].text")
        if t.get("type") not in TIMEX:
            err(f"times[{i}]: type {t.get('type')!r}")
    return errs

paths = sys.argv[1:] or sorted(glob.glob(os.path.join(base, "gold", "*.json")) + glob.glob(os.path.join(base, "double", "*.json")))
problems = [e for p in paths for e in check(p)]
for e in problems:
    print(e)
print(f"{len(paths)} files, {len(problems)} problems", file=sys.stderr)
sys.exit(1 if problems else 0)
