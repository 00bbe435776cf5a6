#!/usr/bin/env python3
"""Write data/ner/not_names.txt: phrases that are never named entities (the annotation guide: God
and religious formulae, currencies). Currencies come from the &CURRENCY synset of PETRARCH's
Arabic verb dictionary; the formulae are listed here by hand.

    python3 scripts/build_not_names.py [../shared/data/petrarch-arabic/CAMEO.ar.0.5.txt]
"""
import os, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "petrarch-arabic", "CAMEO.ar.0.5.txt")
FORMULAE = ["الله", "اللهم", "سبحانه وتعالى", "سبحانه", "عز وجل", "جل جلاله", "تعالى",
            "صلى الله عليه وسلم", "عليه السلام", "رضي الله عنه", "رضي الله عنها", "رحمه الله",
            "رحمها الله", "بإذن الله", "إن شاء الله", "الحمد لله", "بسم الله الرحمن الرحيم"]
currencies, inside = [], False
for line in open(src, encoding="utf-8"):
    line = line.strip()
    if line.startswith("&"):
        inside = line == "&CURRENCY"
        continue
    if inside and line.startswith("+"):
        w = line.strip("+_").replace("_", " ").strip()
        if w:
            currencies.append(w)
with open(os.path.join(root, "data", "ner", "not_names.txt"), "w", encoding="utf-8") as f:
    f.write("# Phrases that are never named entities, whatever the tagger says (the annotation guide:\n"
            "# God and religious formulae, currencies), compared at the Search level after a leading\n"
            "# clitic and the article are taken off. Made by scripts/build_not_names.py: currencies from\n"
            "# the &CURRENCY synset of PETRARCH's Arabic dictionary, formulae listed in the script.\n")
    for w in FORMULAE + sorted(set(currencies)):
        f.write(w + "\n")
print(f"{len(FORMULAE)} formulae, {len(set(currencies))} currencies", file=sys.stderr)
