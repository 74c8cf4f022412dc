"""Golden fixture for @tftricks/error-analysis findLabelIssues.

A numpy reimplementation of cleanlab 2.x's confident-learning formulas (filter.py /
count.py: get_confident_thresholds, compute_confident_joint, calibrate_confident_joint,
round_preserving_row_totals, _keep_at_least_n_per_class, _prune_by_class, _prune_by_count,
find_label_issues with filter_by=... (all seven, including 'low_self_confidence' /
'low_normalized_margin': the count.num_label_issues(estimation_method='off_diagonal') lowest
label-quality scores, with no argmax == label removal afterwards), rank.get_self_confidence_for_each_label /
get_normalized_margin_for_each_label), as of cleanlab >= 2.1: _prune_by_class / _prune_by_count
flag exactly their counts (np.argsort; here stable, so ties go by index) and
_keep_at_least_n_per_class truncates (astype(int)). The last case has saturated, tied
probabilities (a confident model's float32 softmax), where the counts decide.
cleanlab itself is not installable here (no PyPI).

Run: /usr/bin/python3 tools/golden/error_analysis_confident_learning.py
Writes tools/golden/fixtures/error-analysis/confident-learning.json
"""
import json
import os

import numpy as np


def round_sig(x, sig=7):
    return float(f"{x:.{sig - 1}e}")


def round_preserving_sum(iterable):
    floats = np.asarray(iterable, dtype=float)
    ints = floats.round()
    orig_sum = np.sum(floats).round()
    int_sum = np.sum(ints).round()
    while abs(int_sum - orig_sum) > 1e-6:
        diff = np.round(orig_sum - int_sum)
        increment = -1 if int(diff < 0.0) else 1
        changes = min(int(abs(diff)), len(iterable))
        indices = np.argsort(floats - ints, kind="stable")[::-1][:changes]
        for i in indices:
            ints[i] += increment
        int_sum = np.sum(ints).round()
    return ints.astype(int)


def round_preserving_row_totals(cj):
    return np.apply_along_axis(round_preserving_sum, 1, cj).astype(int)


def confident_thresholds(labels, pred_probs, k):
    return np.array([np.mean(pred_probs[labels == j, j]) if np.any(labels == j) else np.inf for j in range(k)])


def compute_confident_joint(labels, pred_probs, k, calibrate=True):
    thresholds = confident_thresholds(labels, pred_probs, k)
    pred_probs_bool = pred_probs >= thresholds - 1e-6
    num_confident_bins = pred_probs_bool.sum(axis=1)
    at_least_one_confident = num_confident_bins > 0
    more_than_one_confident = num_confident_bins > 1
    pred_probs_argmax = pred_probs.argmax(axis=1)
    confident_argmax = pred_probs_bool.argmax(axis=1)
    true_label_guess = np.where(more_than_one_confident, pred_probs_argmax, confident_argmax)
    true_labels_confident = true_label_guess[at_least_one_confident]
    labels_confident = labels[at_least_one_confident]
    cj = np.zeros((k, k), dtype=int)
    for g, t in zip(labels_confident, true_labels_confident):
        cj[g, t] += 1
    np.fill_diagonal(cj, cj.diagonal().clip(min=1))
    off = np.arange(len(labels))[at_least_one_confident][true_labels_confident != labels_confident]
    uncalibrated = cj.copy()
    if calibrate:
        label_counts = np.bincount(labels, minlength=k)
        cal = (cj.T / np.clip(cj.sum(axis=1), 1e-30, None) * label_counts).T
        cal = cal / np.clip(np.sum(cal), 1e-30, None) * sum(label_counts)
        cj = round_preserving_row_totals(cal)
    return cj, uncalibrated, thresholds, off


def keep_at_least_n_per_class(prune_count_matrix, n):
    diag = np.diagonal(prune_count_matrix)
    new_diag = np.maximum(diag, n)
    diff_per_col = new_diag - diag
    num_noise_rates_per_col = np.maximum(np.count_nonzero(prune_count_matrix, axis=0) - 1.0, 1.0)
    new_mat = prune_count_matrix - diff_per_col / num_noise_rates_per_col
    new_mat[new_mat < 0] = 0
    np.fill_diagonal(new_mat, new_diag)
    # _reduce_prune_counts (frac_noise 1) ends in astype(int): truncation, not rounding.
    new_mat = new_mat.astype(int)
    return round_preserving_row_totals(new_mat).astype(int)


def label_quality_scores(labels, pred_probs, method):
    # rank.get_self_confidence_for_each_label / get_normalized_margin_for_each_label.
    self_conf = pred_probs[np.arange(len(labels)), labels]
    if method == "self_confidence":
        return self_conf
    other = pred_probs.copy()
    other[np.arange(len(labels)), labels] = -np.inf
    return (self_conf - other.max(axis=1) + 1) / 2


def num_label_issues(labels, pred_probs, k):
    # count.num_label_issues, estimation_method='off_diagonal': off-diagonal samples of the
    # uncalibrated joint, minus those whose argmax is the given label.
    _, _, _, off = compute_confident_joint(labels, pred_probs, k, calibrate=False)
    mask = np.zeros(len(labels), dtype=bool)
    mask[off] = True
    return int(np.sum(mask & (pred_probs.argmax(axis=1) != labels)))


def find_label_issues(labels, pred_probs, filter_by, k, min_examples_per_class=1):
    n = len(labels)
    if filter_by in ("low_self_confidence", "low_normalized_margin"):
        scores = label_quality_scores(labels, pred_probs, filter_by[4:])
        num = num_label_issues(labels, pred_probs, k)
        mask = np.zeros(n, dtype=bool)
        # np.argsort(scores)[:num]; stable, so ties go by index. min_examples_per_class does
        # not apply, and find_label_issues skips its argmax == label removal for these two.
        mask[np.argsort(scores, kind="stable")[:num]] = True
        return mask
    if filter_by == "predicted_neq_given":
        mask = pred_probs.argmax(axis=1) != labels
    elif filter_by == "confident_learning":
        _, _, _, off = compute_confident_joint(labels, pred_probs, k)
        mask = np.zeros(n, dtype=bool)
        mask[off] = True
    else:
        cj, _, _, _ = compute_confident_joint(labels, pred_probs, k)
        label_counts = np.bincount(labels, minlength=k)
        pcm = keep_at_least_n_per_class(cj.T, min_examples_per_class)
        by_class = np.zeros(n, dtype=bool)
        by_count = np.zeros(n, dtype=bool)
        for c in range(k):
            f = labels == c
            if label_counts[c] > min_examples_per_class:
                num_errors = label_counts[c] - pcm[c][c]
                if num_errors >= 1:
                    # cleanlab >= 2.1 flags exactly num_errors (np.argsort); stable: ties by index.
                    members = np.flatnonzero(f)
                    order = np.argsort(pred_probs[members, c], kind="stable")
                    by_class[members[order[:num_errors]]] = True
                for j in range(k):
                    if j != c:
                        num2prune = pcm[j][c]
                        if num2prune > 0:
                            members = np.flatnonzero(f)
                            margin = pred_probs[members, j] - pred_probs[members, c]
                            order = np.argsort(-margin, kind="stable")
                            by_count[members[order[:num2prune]]] = True
        mask = {"prune_by_class": by_class, "prune_by_noise_rate": by_count, "both": by_class & by_count}[filter_by]
    mask = mask & (pred_probs.argmax(axis=1) != labels)
    return mask


def rank(mask, labels, pred_probs, rank_by):
    idx = np.flatnonzero(mask)
    scores = label_quality_scores(labels, pred_probs, rank_by)
    order = np.argsort(scores[idx], kind="stable")
    return idx[order]


def make_case(seed, n, k, noise):
    rng = np.random.default_rng(seed)
    true = rng.integers(0, k, n)
    logits = rng.normal(0, 1.0, (n, k))
    logits[np.arange(n), true] += rng.uniform(0.5, 4.0, n)
    # Some classes look alike: raise a confusable neighbour's logit for a few samples.
    conf = rng.random(n) < 0.15
    logits[conf, (true[conf] + 1) % k] += 2.0
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p = np.vectorize(round_sig)(p)
    # What the TS side sees: the 7-digit decimals stored as float32.
    if seed == 3:
        # Tied probabilities (as a saturated float32 softmax gives): rows on a 1/16 grid, so
        # many margins and self-confidences tie exactly at the cut-offs.
        q = np.floor(p * 16)
        rest = (16 - q.sum(axis=1)).astype(int)
        for i in range(n):  # largest remainders get the missing sixteenths (stays in [0, 1])
            q[i, np.argsort(-(p[i] * 16 - q[i]), kind="stable")[: rest[i]]] += 1
        p = q / 16.0
    p32 = p.astype(np.float32).astype(np.float64)
    labels = true.copy()
    flip = rng.random(n) < noise
    labels[flip] = (true[flip] + rng.integers(1, k, flip.sum())) % k
    return p, p32, labels, np.flatnonzero(flip)


def case_json(seed, n, k, noise):
    p, p32, labels, flipped = make_case(seed, n, k, noise)
    cj, cj_raw, thresholds, off = compute_confident_joint(labels, p32, k)
    methods = {}
    methods_all = [
        "prune_by_noise_rate",
        "prune_by_class",
        "both",
        "confident_learning",
        "predicted_neq_given",
        "low_normalized_margin",
        "low_self_confidence",
    ]
    for m in methods_all:
        mask = find_label_issues(labels, p32, m, k)
        methods[m] = {
            "self_confidence": rank(mask, labels, p32, "self_confidence").tolist(),
            "normalized_margin": rank(mask, labels, p32, "normalized_margin").tolist(),
        }
    return {
        "seed": seed,
        "n": n,
        "k": k,
        "probs": p.tolist(),
        "labels": labels.tolist(),
        "flipped": flipped.tolist(),
        "thresholds": [round_sig(t) for t in thresholds],
        "confidentJointUncalibrated": cj_raw.tolist(),
        "confidentJoint": cj.tolist(),
        "offDiagonal": off.tolist(),
        "numLabelIssues": num_label_issues(labels, p32, k),
        "issues": methods,
    }


def main():
    cases = [
        case_json(0, 300, 4, 0.1),
        case_json(1, 240, 6, 0.08),
        case_json(2, 200, 3, 0.2),
        case_json(3, 300, 4, 0.1),
    ]
    out = os.path.join(os.path.dirname(__file__), "fixtures", "error-analysis", "confident-learning.json")
    with open(out, "w") as f:
        json.dump({"source": "tools/golden/error_analysis_confident_learning.py (cleanlab 2.x formulas in numpy)", "cases": cases}, f)
    print("wrote", out, os.path.getsize(out), "bytes")


if __name__ == "__main__":
    main()
