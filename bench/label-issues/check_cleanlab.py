"""Python side of the label-issue bench: re-runs the numpy reimplementation of cleanlab's
find_label_issues (tools/golden/error_analysis_confident_learning.py) on the exact
probabilities run.ts produced, and checks the flagged sets agree method by method (all seven
filters, including 'low_self_confidence' / 'low_normalized_margin', whose count must also equal
num_label_issues(estimation_method='off_diagonal')).

Run after run.ts: cd /work/main/bench && /usr/bin/python3 label-issues/check_cleanlab.py [name]
(name: run.ts's --out, default label-issues; reads out/<name>-probs.json and out/<name>-flagged.json)
"""
import json
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "tools", "golden"))
import error_analysis_confident_learning as cl  # noqa: E402

name = sys.argv[1] if len(sys.argv) > 1 else "label-issues"
d = json.load(open(os.path.join(here, "..", "out", f"{name}-probs.json")))
flagged_by = json.load(open(os.path.join(here, "..", "out", f"{name}-flagged.json")))["flaggedBy"]
n, k = d["n"], d["k"]
# The TS side computes on float32 probabilities (saved with 9 significant digits: exact).
probs = np.asarray(d["probs"], dtype=np.float32).astype(np.float64).reshape(n, k)
labels = np.asarray(d["labels"])
flipped = set(d["flipped"])
ok = True
num_issues = cl.num_label_issues(labels, probs, k)
print(f"num_label_issues (off_diagonal): {num_issues}")
for method, ts in flagged_by.items():
    mask = cl.find_label_issues(labels, probs, method, k)
    py = np.flatnonzero(mask).tolist()
    same = py == ts
    if method in ("low_self_confidence", "low_normalized_margin"):
        same &= len(py) == num_issues
    ok &= same
    tp = len(flipped.intersection(py))
    print(f"{method:22s} numpy {len(py):5d} flagged, TS {len(ts):5d}, identical: {same}, precision {tp / max(1, len(py)):.3f} recall {tp / len(flipped):.3f}")
print("all identical" if ok else "MISMATCH")


def legacy_cutoff(method):
    """cleanlab 2.0's cut-off rule (what findLabelIssues did before): flag every sample whose
    margin is >= the num-th largest (ties all in) / whose p_c is < the num-th smallest (ties out)."""
    cj, _, _, _ = cl.compute_confident_joint(labels, probs, k)
    counts = np.bincount(labels, minlength=k)
    pcm = cl.keep_at_least_n_per_class(cj.T, 1)
    by_class = np.zeros(n, dtype=bool)
    by_count = np.zeros(n, dtype=bool)
    for c in range(k):
        f = labels == c
        if counts[c] <= 1:
            continue
        num = counts[c] - pcm[c][c]
        if num >= 1:
            rank = np.partition(probs[f, c], num)[num]
            by_class |= f & (probs[:, c] < rank)
        for j in range(k):
            if j != c and pcm[j][c] > 0:
                margin = probs[:, j] - probs[:, c]
                cut = -np.partition(-margin[f], pcm[j][c] - 1)[pcm[j][c] - 1]
                by_count |= f & (margin >= cut)
    mask = {"prune_by_class": by_class, "prune_by_noise_rate": by_count, "both": by_class & by_count}[method]
    return mask & (probs.argmax(axis=1) != labels)


for method in ["prune_by_noise_rate", "prune_by_class", "both"]:
    py = np.flatnonzero(legacy_cutoff(method)).tolist()
    tp = len(flipped.intersection(py))
    print(f"{method:22s} legacy cut-off rule: {len(py):5d} flagged, precision {tp / max(1, len(py)):.3f} recall {tp / len(flipped):.3f}")
sys.exit(0 if ok else 1)
