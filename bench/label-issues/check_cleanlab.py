"""Python side of the label-issue bench: re-runs the numpy reimplementation of cleanlab's
find_label_issues (tools/golden/error_analysis_confident_learning.py) on the exact
probabilities run.ts produced, and checks the flagged sets agree method by method.

Run after run.ts: cd /work/main/bench && /usr/bin/python3 label-issues/check_cleanlab.py
"""
import json
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "tools", "golden"))
import error_analysis_confident_learning as cl  # noqa: E402

d = json.load(open(os.path.join(here, "..", "out", "label-issues-probs.json")))
n, k = d["n"], d["k"]
probs = np.asarray(d["probs"], dtype=np.float64).reshape(n, k)
labels = np.asarray(d["labels"])
flipped = set(d["flipped"])
ok = True
for method, ts in d["flaggedBy"].items():
    mask = cl.find_label_issues(labels, probs, method, k)
    py = np.flatnonzero(mask).tolist()
    same = py == ts
    ok &= same
    tp = len(flipped.intersection(py))
    print(f"{method:22s} numpy {len(py):5d} flagged, TS {len(ts):5d}, identical: {same}, precision {tp / max(1, len(py)):.3f} recall {tp / len(flipped):.3f}")
print("all identical" if ok else "MISMATCH")
sys.exit(0 if ok else 1)
