#!/usr/bin/env python3
"""rasd's NER beside its two peers, on the same ANERcorp train/dev split, from one run.

Trains and evaluates
  1. CRFsuite (sklearn-crfsuite): the common tutorial features and settings;
  2. spaCy: a blank Arabic pipeline (tok2vec + ner) from `spacy init config --optimize efficiency`,
     data made with `spacy convert -c ner`, trained with `spacy train` for a fixed number of epochs;
  3. rasd: `rasd train ner` then `rasd eval ner --format json` (rasd scores itself);
and prints dev entity-level P/R/F1, tagging speed (tokens/s, one thread, median of 3 runs after one
untimed warm-up for the peers) and training time for each, side by side. `--json` prints one
machine-readable object instead.

Split (the same as `rasd train ner`): sentences in file order, n_dev = n_sentences // 10, dev is the
LAST n_dev sentences, train is the rest. Only the ANERcorp train file is read; never any test data.

Scoring: CoNLL entity-level, exact span and type; an I-X after O or after another type starts a new
entity (IOB1-style reading, as conlleval does). `--self-test` checks the scorer and the split.

Standard library plus sklearn-crfsuite and spacy (see README.md beside this file for the install).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_DATA = os.path.join(REPO, "..", "shared", "data", "anercorp", "train.txt")
DEFAULT_RASD = os.path.join(REPO, "target", "release", "rasd")
TYPES = ("PERS", "LOC", "ORG", "MISC")
SPEED_RUNS = 3


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# data


def read_conll(path):
    """Sentences as lists of (token, tag), from `token TAG` lines with blank lines between."""
    sents, cur = [], []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            parts = line.rsplit(" ", 1)
            if len(parts) != 2 or not parts[0] or not parts[1]:
                raise ValueError(f"{path}:{lineno}: expected 'token TAG', got {line!r}")
            cur.append((parts[0], parts[1]))
    if cur:
        sents.append(cur)
    return sents


def write_conll(path, sents):
    with open(path, "w", encoding="utf-8") as f:
        for s in sents:
            for tok, tag in s:
                f.write(f"{tok} {tag}\n")
            f.write("\n")


def split(sents):
    """(train, dev): dev is the last n // 10 sentences, in file order."""
    n_dev = len(sents) // 10
    return sents[: len(sents) - n_dev], sents[len(sents) - n_dev:]


# ---------------------------------------------------------------------------------------------
# scoring


def entities(tags):
    """Entity spans (start, end_exclusive, type) of one sentence's tags.

    B-X starts an entity; I-X continues the open entity when it is of type X, and otherwise
    (after O, or after another type) starts a new one. Anything else than O, B-X, I-X is an error.
    """
    out = []
    start, typ = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        if tag == "O":
            prefix, t = "O", None
        elif len(tag) > 2 and tag[1] == "-" and tag[0] in "BI":
            prefix, t = tag[0], tag[2:]
        else:
            raise ValueError(f"bad tag {tag!r}")
        if typ is not None and (prefix != "I" or t != typ):
            out.append((start, i, typ))
            start, typ = None, None
        if prefix == "B" or (prefix == "I" and typ is None):
            start, typ = i, t
    return out


def score(gold_sents, pred_sents):
    """Micro and per-type P/R/F1 over exact (sentence, span, type) matches."""
    if len(gold_sents) != len(pred_sents):
        raise ValueError("gold and predicted sentence counts differ")
    counts = {}  # type -> [tp, n_pred, n_gold]
    for k, (g, p) in enumerate(zip(gold_sents, pred_sents)):
        if len(g) != len(p):
            raise ValueError(f"sentence {k}: {len(g)} gold tags, {len(p)} predicted")
        ge, pe = set(entities(g)), set(entities(p))
        for e in ge | pe:
            c = counts.setdefault(e[2], [0, 0, 0])
            c[0] += e in ge and e in pe
            c[1] += e in pe
            c[2] += e in ge

    def prf(tp, npred, ngold):
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f, "tp": tp, "predicted": npred, "gold": ngold}

    tot = [sum(c[i] for c in counts.values()) for i in range(3)]
    return {"micro": prf(*tot), "per_type": {t: prf(*counts[t]) for t in sorted(counts)}}


def self_test():
    checks = []

    def check(name, got, want):
        checks.append((name, got == want))
        if got != want:
            log(f"FAIL {name}: got {got!r}, want {want!r}")

    check("plain B/I", entities(["B-PERS", "I-PERS", "O", "B-LOC"]),
          [(0, 2, "PERS"), (3, 4, "LOC")])
    check("I after O starts", entities(["O", "I-ORG", "I-ORG", "O"]), [(1, 3, "ORG")])
    check("I at sentence start", entities(["I-LOC"]), [(0, 1, "LOC")])
    check("I of other type starts", entities(["B-PERS", "I-LOC", "I-LOC"]),
          [(0, 1, "PERS"), (1, 3, "LOC")])
    check("B after I splits", entities(["B-ORG", "I-ORG", "B-ORG"]), [(0, 2, "ORG"), (2, 3, "ORG")])
    check("entity at end", entities(["O", "B-MISC", "I-MISC"]), [(1, 3, "MISC")])
    check("all O", entities(["O", "O"]), [])
    try:
        entities(["X-PERS"])
        check("bad tag raises", False, True)
    except ValueError:
        check("bad tag raises", True, True)

    gold = [["B-PERS", "I-PERS", "O", "B-LOC"], ["B-ORG", "O", "I-MISC"]]
    pred = [["B-PERS", "I-PERS", "O", "B-ORG"], ["B-ORG", "O", "O"]]
    s = score(gold, pred)
    # gold: PERS(0-2) LOC(3) ORG(0) MISC(2); pred: PERS(0-2) ORG(3) ORG(0) -> tp 2, pred 3, gold 4
    check("micro tp/pred/gold", (s["micro"]["tp"], s["micro"]["predicted"], s["micro"]["gold"]),
          (2, 3, 4))
    check("micro P", round(s["micro"]["precision"], 6), round(2 / 3, 6))
    check("micro R", s["micro"]["recall"], 0.5)
    check("micro F1", round(s["micro"]["f1"], 6), round(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5), 6))
    check("per type ORG", (s["per_type"]["ORG"]["tp"], s["per_type"]["ORG"]["predicted"],
                           s["per_type"]["ORG"]["gold"]), (1, 2, 1))
    check("per type LOC recall", s["per_type"]["LOC"]["recall"], 0.0)
    check("perfect", score(gold, gold)["micro"]["f1"], 1.0)
    # a span that matches but with a different boundary does not count
    check("boundary mismatch", score([["B-LOC", "I-LOC"]], [["B-LOC", "O"]])["micro"]["tp"], 0)

    sents = [[(str(i), "O")] for i in range(25)]
    tr, dv = split(sents)
    check("split sizes", (len(tr), len(dv)), (23, 2))
    check("split dev is last", [s[0][0] for s in dv], ["23", "24"])
    check("split small", tuple(map(len, split(sents[:9]))), (9, 0))

    failed = sum(1 for _, ok in checks if not ok)
    print(f"{len(checks) - failed} passed, {failed} failed")
    return failed == 0


# ---------------------------------------------------------------------------------------------
# timing helpers


class one_cpu:
    """Pin this process to one CPU for the duration (tagging speed is measured on one thread)."""

    def __enter__(self):
        self.saved = None
        if hasattr(os, "sched_getaffinity"):
            self.saved = os.sched_getaffinity(0)
            os.sched_setaffinity(0, {min(self.saved)})
        return self

    def __exit__(self, *exc):
        if self.saved is not None:
            os.sched_setaffinity(0, self.saved)


def timed_runs(fn, runs=SPEED_RUNS):
    """On one CPU, run fn() once untimed (warm-up), then `runs` times timed;
    (last result, list of seconds)."""
    secs = []
    with one_cpu():
        out = fn()
        for _ in range(runs):
            t0 = time.perf_counter()
            out = fn()
            secs.append(time.perf_counter() - t0)
    return out, secs


# ---------------------------------------------------------------------------------------------
# CRFsuite


def has_latin(w):
    return any("a" <= c <= "z" or "A" <= c <= "Z" for c in w)


def word2features(words, i):
    w = words[i]
    f = {
        "bias": 1.0,
        "word": w,
        "lower": w.lower(),
        "p1": w[:1], "p2": w[:2], "p3": w[:3],
        "s1": w[-1:], "s2": w[-2:], "s3": w[-3:],
        "isdigit": w.isdigit(),
        "latin": has_latin(w),
        "len": str(min(len(w), 10)),
    }
    for d in (-2, -1, 1, 2):
        j = i + d
        if 0 <= j < len(words):
            f[f"{d:+d}:word"] = words[j]
    if i == 0:
        f["BOS"] = True
    if i == len(words) - 1:
        f["EOS"] = True
    return f


def sent2features(words):
    return [word2features(words, i) for i in range(len(words))]


def run_crf(train, dev, args):
    import sklearn_crfsuite

    log("CRFsuite: features + training (c1=0.1 c2=0.1 max_iterations=100) ...")
    t0 = time.perf_counter()
    X = [sent2features([w for w, _ in s]) for s in train]
    y = [[t for _, t in s] for s in train]
    crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=0.1, c2=0.1, max_iterations=100,
                               all_possible_transitions=True)
    crf.fit(X, y)
    train_s = time.perf_counter() - t0
    log(f"CRFsuite: trained in {train_s:.1f} s")

    dev_words = [[w for w, _ in s] for s in dev]

    def tag():
        return crf.predict([sent2features(ws) for ws in dev_words])

    pred, secs = timed_runs(tag)
    gold = [[t for _, t in s] for s in dev]
    res = score(gold, [list(p) for p in pred])
    ntok = sum(map(len, dev_words))
    res.update({
        "system": "CRFsuite",
        "tokens": ntok,
        "tag_seconds": secs,
        "tokens_per_second": ntok / statistics.median(secs),
        "train_seconds": train_s,
        "settings": {"package": "sklearn-crfsuite " + getattr(sklearn_crfsuite, "__version__", "?"),
                     "algorithm": "lbfgs", "c1": 0.1, "c2": 0.1, "max_iterations": 100,
                     "all_possible_transitions": True},
    })
    return res


# ---------------------------------------------------------------------------------------------
# spaCy


def run_spacy(train_path, dev_path, dev, args):
    import spacy
    from spacy.tokens import Doc

    work = os.path.join(args.workdir, "spacy")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    py = [sys.executable, "-m", "spacy"]

    def sh(cmd):
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        with open(os.path.join(work, "log.txt"), "a", encoding="utf-8") as f:
            f.write("$ " + " ".join(cmd) + "\n" + r.stdout + "\n")
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd[2:4])} failed:\n{r.stdout[-3000:]}")
        return r.stdout

    cfg = os.path.join(work, "config.cfg")
    sh(py + ["init", "config", "--lang", "ar", "--pipeline", "ner", "--optimize", "efficiency",
             "--force", cfg])
    for part, path in (("train", train_path), ("dev", dev_path)):
        d = os.path.join(work, part)
        os.makedirs(d)
        sh(py + ["convert", path, d, "--converter", "ner", "--n-sents", "10", "--file-type",
                 "spacy"])
    train_spacy = os.path.join(work, "train", "train.spacy")
    dev_spacy = os.path.join(work, "dev", "dev.spacy")
    out = os.path.join(work, "model")
    log(f"spaCy: training {args.spacy_epochs} epochs (fixed; no early stopping, model-last) ...")
    t0 = time.perf_counter()
    sh(py + ["train", cfg, "--output", out, "--paths.train", train_spacy, "--paths.dev", dev_spacy,
             "--training.max_epochs", str(args.spacy_epochs), "--training.max_steps", "0",
             "--training.patience", "0", "--training.eval_frequency", "500",
             "--system.seed", "0", "--gpu-id", "-1"])
    train_s = time.perf_counter() - t0
    log(f"spaCy: trained in {train_s:.1f} s (log: {os.path.join(work, 'log.txt')})")

    nlp = spacy.load(os.path.join(out, "model-last"))
    dev_words = [[w for w, _ in s] for s in dev]

    def tag():
        docs = (Doc(nlp.vocab, words=ws) for ws in dev_words)
        tags = []
        for doc in nlp.pipe(docs):
            tags.append(["O" if t.ent_iob_ == "O" else f"{t.ent_iob_}-{t.ent_type_}" for t in doc])
        return tags

    pred, secs = timed_runs(tag)
    gold = [[t for _, t in s] for s in dev]
    res = score(gold, pred)
    ntok = sum(map(len, dev_words))
    res.update({
        "system": "spaCy (blank ar)",
        "tokens": ntok,
        "tag_seconds": secs,
        "tokens_per_second": ntok / statistics.median(secs),
        "train_seconds": train_s,
        "settings": {"package": "spacy " + spacy.__version__,
                     "config": "spacy init config --lang ar --pipeline ner --optimize efficiency",
                     "convert": "spacy convert --converter ner --n-sents 10",
                     "max_epochs": args.spacy_epochs, "max_steps": 0, "patience": 0,
                     "model": "model-last", "seed": 0},
    })
    return res


# ---------------------------------------------------------------------------------------------
# rasd


def run_rasd(train_path, dev_path, args):
    """rasd's own figures, or {"unavailable": reason}."""
    exe = args.rasd
    if not os.path.isfile(exe):
        return {"system": "rasd", "unavailable": f"no binary at {exe}"}
    model = os.path.join(args.workdir, "rasd-ner.model")
    env = dict(os.environ, RAYON_NUM_THREADS="1")

    def run(cmd, timeout, pin=False):
        def pre():
            if pin and hasattr(os, "sched_setaffinity"):
                os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        try:
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               timeout=timeout, env=env if pin else None, preexec_fn=pre)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"`{' '.join(cmd[1:3])}` timed out after {timeout} s")
        except OSError as e:
            raise RuntimeError(f"cannot run {exe}: {e}")
        if r.returncode != 0:
            msg = [m.strip() for m in (r.stderr.strip() or r.stdout.strip()).splitlines()]
            msg = [m for m in msg if "error" in m.lower()][:1] or msg[-1:]
            raise RuntimeError(f"`{' '.join(cmd[1:3])}` exited {r.returncode}"
                               + (f": {msg[0]}" if msg else ""))
        return r

    try:
        # The train part written here, whole: `rasd train ner` without --dev holds nothing out
        # (with --dev it would hold out the same last tenth of the full file itself).
        log(f"rasd: {exe} train ner --train {train_path} ...")
        t0 = time.perf_counter()
        run([exe, "train", "ner", "--train", train_path, "--out", model], args.rasd_timeout)
        train_s = time.perf_counter() - t0
        log(f"rasd: trained in {train_s:.1f} s")
        evals = []
        for _ in range(SPEED_RUNS):
            r = run([exe, "eval", "ner", dev_path, "--model", model, "--format", "json"],
                    args.rasd_timeout, pin=True)
            try:
                obj = json.loads(r.stdout)
                m = {k: float(obj["micro"][k]) for k in ("precision", "recall", "f1")}
                per_type = obj.get("per_type") or {}
                if max(m.values()) > 1.0:  # percentages: bring to fractions like the peers'
                    m = {k: v / 100 for k, v in m.items()}
                    per_type = {t: {k: (v / 100 if k in ("precision", "recall", "f1") else v)
                                    for k, v in d.items()} for t, d in per_type.items()}
                evals.append({"micro": m,
                              "per_type": per_type,
                              "tokens": int(obj["tokens"]),
                              "tokens_per_second": float(obj["tokens_per_second"])})
            except (ValueError, KeyError, TypeError) as e:
                raise RuntimeError(f"`rasd eval ner` output not understood ({e!r}): "
                                   f"{r.stdout.strip()[:200]!r}")
    except RuntimeError as e:
        return {"system": "rasd", "unavailable": str(e)}
    speeds = [e["tokens_per_second"] for e in evals]
    res = dict(evals[-1])
    res.update({"system": "rasd", "tag_tokens_per_second_runs": speeds,
                "tokens_per_second": statistics.median(speeds), "train_seconds": train_s,
                "settings": {"binary": exe, "train_input": train_path}})
    return res


# ---------------------------------------------------------------------------------------------
# report


def fmt_table(results, skipped):
    lines = [f"{'system':<18}{'dev P':>7}{'dev R':>9}{'dev F1':>9}{'tokens/s':>11}{'train time':>13}"]
    for name in ("CRFsuite", "spaCy (blank ar)", "rasd"):
        r = results.get(name)
        if r is None:
            if name in skipped:
                lines.append(f"{name:<18}(skipped)")
            continue
        if "unavailable" in r:
            lines.append(f"rasd: unavailable ({r['unavailable']})")
            continue
        m = r["micro"]
        lines.append(f"{name:<18}{100 * m['precision']:>7.2f}{100 * m['recall']:>9.2f}"
                     f"{100 * m['f1']:>9.2f}{r['tokens_per_second']:>11,.0f}"
                     f"{r['train_seconds']:>11.1f} s")
    ratios = ratio_dict(results)
    if ratios is None:
        lines.append("ratio rasd/CRFsuite speed: n/a ; rasd/spaCy: n/a (no rasd figures)")
    else:
        def x(k):
            return f"{ratios[k]:.1f}x" if ratios.get(k) is not None else "n/a"
        lines.append(f"ratio rasd/CRFsuite speed: {x('rasd/CRFsuite')} ; rasd/spaCy: {x('rasd/spaCy')}")
    # per-type F1 beneath
    avail = [(n, r) for n, r in results.items() if "unavailable" not in r]
    if avail:
        lines.append("")
        lines.append(f"{'dev F1 per type':<18}" + "".join(f"{t:>8}" for t in TYPES))
        for n, r in avail:
            cells = []
            for t in TYPES:
                v = r.get("per_type", {}).get(t, {}).get("f1")
                cells.append(f"{100 * float(v):>8.2f}" if v is not None else f"{'-':>8}")
            lines.append(f"{n:<18}" + "".join(cells))
    return "\n".join(lines)


def ratio_dict(results):
    r = results.get("rasd")
    if r is None or "unavailable" in r:
        return None
    out = {}
    for key, name in (("rasd/CRFsuite", "CRFsuite"), ("rasd/spaCy", "spaCy (blank ar)")):
        p = results.get(name)
        out[key] = r["tokens_per_second"] / p["tokens_per_second"] if p else None
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA, help="ANERcorp train file (token TAG lines)")
    ap.add_argument("--rasd", default=DEFAULT_RASD, help="rasd binary (default target/release/rasd)")
    ap.add_argument("--rasd-timeout", type=int, default=3600, help="seconds per rasd command")
    ap.add_argument("--workdir", default="/tmp/rasd-ner-peers")
    ap.add_argument("--skip-crf", action="store_true")
    ap.add_argument("--skip-spacy", action="store_true")
    ap.add_argument("--skip-rasd", action="store_true")
    ap.add_argument("--spacy-epochs", type=int, default=30,
                    help="spaCy max_epochs (fixed length; default 30)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--self-test", action="store_true", help="check the scorer and split, then exit")
    args = ap.parse_args()

    if args.self_test:
        sys.exit(0 if self_test() else 1)

    args.data = os.path.abspath(args.data)
    args.rasd = os.path.abspath(args.rasd)
    args.workdir = os.path.abspath(args.workdir)
    os.makedirs(args.workdir, exist_ok=True)
    sents = read_conll(args.data)
    train, dev = split(sents)
    if not dev:
        sys.exit(f"{args.data}: too few sentences for a dev part")
    train_path = os.path.join(args.workdir, "train.conll")
    dev_path = os.path.join(args.workdir, "dev.conll")
    write_conll(train_path, train)
    write_conll(dev_path, dev)
    ntrain, ndev = sum(map(len, train)), sum(map(len, dev))
    log(f"data: {args.data}: {len(sents)} sentences; train {len(train)} ({ntrain} tokens), "
        f"dev {len(dev)} (last {len(dev)}, {ndev} tokens); written to {args.workdir}")

    results, skipped = {}, []
    if args.skip_crf:
        skipped.append("CRFsuite")
    else:
        results["CRFsuite"] = run_crf(train, dev, args)
    if args.skip_spacy:
        skipped.append("spaCy (blank ar)")
    else:
        results["spaCy (blank ar)"] = run_spacy(train_path, dev_path, dev, args)
    if args.skip_rasd:
        skipped.append("rasd")
    else:
        results["rasd"] = run_rasd(train_path, dev_path, args)

    if args.json:
        print(json.dumps({
            "date": time.strftime("%Y-%m-%d"),
            "data": args.data,
            "split": {"sentences": len(sents), "train_sentences": len(train),
                      "dev_sentences": len(dev), "train_tokens": ntrain, "dev_tokens": ndev,
                      "rule": "dev = last n_sentences // 10 sentences"},
            "speed": {"runs": SPEED_RUNS, "statistic": "median", "threads": 1,
                      "peers_warmup_runs": 1},
            "systems": results,
            "skipped": skipped,
            "speed_ratios": ratio_dict(results),
        }, ensure_ascii=False, indent=1))
    else:
        print(fmt_table(results, skipped))


if __name__ == "__main__":
    main()
