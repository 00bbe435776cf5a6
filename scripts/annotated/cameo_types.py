#!/usr/bin/env python3
"""Write data/annotated/cameo_types.tsv: CAMEO event code → PLOVER type, as the annotation guide
says ("the type follows from the code by ../data/cameo/CAMEO-PLOV.txt"), with that table's older
type names given the guide's names (COOPERATION → COOPERATE, INVESTIGATE and DISAPPROVE → ACCUSE,
DEMAND → REQUEST). Codes the table leaves without a type (---) are left out.

    python3 scripts/annotated/cameo_types.py [../shared/data/cameo/CAMEO-PLOV.txt]
"""
import os, re, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "cameo", "CAMEO-PLOV.txt")
RENAME = {"COOPERATION": "COOPERATE", "INVESTIGATE": "ACCUSE", "DISAPPROVE": "ACCUSE", "DEMAND": "REQUEST"}
rows = []
for line in open(src, encoding="utf-8"):
    m = re.match(r"^(\d{2,4})\s+([A-Z]+)\s", line)
    if m:
        rows.append((m.group(1), RENAME.get(m.group(2), m.group(2))))
with open(os.path.join(root, "data", "annotated", "cameo_types.tsv"), "w", encoding="utf-8") as f:
    f.write("# CAMEO event code → PLOVER type, as the annotation guide has it: from CAMEO-PLOV.txt\n")
    f.write("# (../shared/data/cameo), older type names renamed; made by scripts/annotated/cameo_types.py\n")
    for code, ty in sorted(rows):
        f.write(f"{code}\t{ty}\n")
print(f"{len(rows)} codes", file=sys.stderr)
