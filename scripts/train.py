#!/usr/bin/env python3
"""Trains PostScreen's language scorer (issue 11) from sentence features written by `screen features`.

    make train      # builds screen, writes the features, runs this in .venv-train

Inputs (tab-separated, one sentence a line: post id, sentence number, labels, buckets):
  --corpus    the training corpus (Training/batches/*/*.jsonl), split by post into train and
              validation (85/15, seeded)
  --tweets    real ordinary tweets (negatives for every head; the even-numbered half only, the odd
              half stays unseen for measuring false alarms)
  --olid      OLID training tweets (abuse heads only: OFF untargeted = caution, OFF targeted = warning)

For each language category one logistic regression per grade level ("head"): the lowest is the
gate (this category at all), the higher ones set the grade. Each head is calibrated (Platt scaling
on the validation split) and its threshold picked on the validation split. The weights are
quantised to int8 and written bucket-major to scorer.bin, with manifest.json describing the run.

With --olid-cv, abuse is also scored on OLID by 5-fold cross-validation (rules + model, each fold
scored by heads that never saw it) and the figures go into the manifest.
"""
import argparse
import hashlib
import json
import math
import os
import random
import struct
import sys
import zlib

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.linear_model import LogisticRegression

FEATURE_VERSION = 1
BITS = 18
SEED = 20261207
OLID_WEIGHT = 0.5
GRADES = {"notice": 0, "caution": 1, "warning": 2, "block": 3}
# Heads per category: (level the head detects, grade a finding gets when this is the highest head passed).
# Single-head categories take SPEC.md's grade for the category.
HEADS = {
    "defamation": [(1, 1), (2, 2), (3, 3)],
    "confidential": [(1, 1), (2, 2), (3, 3)],
    "grievance": [(1, 1), (2, 2)],
    "pupil-contact": [(1, 3)],
    "pupil-image": [(1, 2)],
    "abuse": [(1, 1), (2, 2), (3, 3)],
    "security": [(1, 3)],
}


def read_features(path, source):
    """Rows of (post, sentence, labels dict, buckets array, source)."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            post, k, labels, buckets = line.rstrip("\n").split("\t")
            lab = {}
            if labels:
                for item in labels.split(","):
                    c, g = item.split("=")
                    lab[c] = int(g)
            b = np.array([int(x) for x in buckets.split()], dtype=np.int64) if buckets else np.zeros(0, dtype=np.int64)
            rows.append((post, int(k), lab, b, source))
    return rows


def matrix(rows):
    indptr = [0]
    indices = []
    data = []
    for r in rows:
        b = r[3]
        n = len(b)
        indices.append(b)
        data.append(np.full(n, 1.0 / math.sqrt(n) if n else 0.0))
        indptr.append(indptr[-1] + n)
    ind = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64)
    dat = np.concatenate(data) if data else np.zeros(0)
    return sp.csr_matrix((dat, ind, np.array(indptr)), shape=(len(rows), 1 << BITS))


def fnv_bucket(prefix, text):
    h = 0xCBF29CE484222325
    for b in (prefix + text).encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h & ((1 << BITS) - 1)


def split_of(post):
    """Deterministic 85/15 split by post id."""
    h = int(hashlib.sha256((str(SEED) + post).encode()).hexdigest()[:8], 16)
    return "val" if h % 100 < 15 else "train"


def fit(X, y, w, C):
    model = LogisticRegression(C=C, solver="liblinear", max_iter=200, random_state=SEED)
    model.fit(X, y, sample_weight=w)
    return model


def platt(z, y):
    """Platt scaling: a, b with p = sigmoid(a z + b)."""
    if y.sum() == 0 or y.sum() == len(y):
        return 1.0, 0.0
    m = LogisticRegression(C=1e4, solver="lbfgs", random_state=SEED)
    m.fit(z.reshape(-1, 1), y)
    return float(m.coef_[0][0]), float(m.intercept_[0])


def pick_threshold(p, y, min_precision):
    """The threshold with the best F1 among those reaching min_precision (else the best F1)."""
    order = np.argsort(-p)
    ps, ys = p[order], y[order]
    tp = np.cumsum(ys)
    fp = np.cumsum(1 - ys)
    total = ys.sum()
    best, best_any = None, None
    for i in range(len(ps)):
        if i + 1 < len(ps) and ps[i + 1] == ps[i]:
            continue
        prec = tp[i] / (tp[i] + fp[i])
        rec = tp[i] / total if total else 0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0
        cand = (f1, float(ps[i]), prec, rec)
        if best_any is None or f1 > best_any[0]:
            best_any = cand
        if prec >= min_precision and (best is None or f1 > best[0]):
            best = cand
    chosen = best or best_any or (0, 0.5, 0, 0)
    return max(0.05, min(0.95, chosen[1])), chosen


def quantise(coef):
    scale = float(np.max(np.abs(coef))) / 127.0 or 1.0
    q = np.clip(np.round(coef / scale), -127, 127).astype(np.int8)
    return q, scale


def labels_for(rows, category, level, single):
    y = np.zeros(len(rows), dtype=np.int64)
    for i, r in enumerate(rows):
        g = r[2].get(category)
        if g is not None and (g >= level or single):
            y[i] = 1
    return y


def weights_for(rows, category, level=1):
    """OLID teaches only the abuse gate: its OFF/NOT line is not SPEC's grade line (bare swearing
    is OFF there and caution here), so the grade heads learn from the corpus alone."""
    w = np.ones(len(rows))
    for i, r in enumerate(rows):
        if r[4] == "olid":
            w[i] = OLID_WEIGHT if category == "abuse" and level == 1 else 0.0
    return w


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--tweets")
    ap.add_argument("--olid")
    ap.add_argument("--out", required=True)
    ap.add_argument("--sources", nargs="*", default=[], help="input files, recorded in the manifest")
    ap.add_argument("--C", type=float, default=2.0)
    ap.add_argument("--min-precision", type=float, default=0.9)
    ap.add_argument("--olid-cv", action="store_true")
    args = ap.parse_args()
    random.seed(SEED)
    np.random.seed(SEED)

    corpus = read_features(args.corpus, "corpus")
    tweets = read_features(args.tweets, "tweets") if args.tweets else []
    olid = read_features(args.olid, "olid") if args.olid else []
    train = [r for r in corpus if split_of(r[0]) == "train"] + tweets + olid
    val = [r for r in corpus if split_of(r[0]) == "val"]
    print(f"sentences: train {len(train)} (corpus {len(train) - len(tweets) - len(olid)}, tweets {len(tweets)}, olid {len(olid)}), validation {len(val)}", file=sys.stderr)
    Xt, Xv = matrix(train), matrix(val)

    heads = []
    for category, levels in HEADS.items():
        single = len(levels) == 1
        for level, grade in levels:
            yt = labels_for(train, category, level, single)
            yv = labels_for(val, category, level, single)
            if yt.sum() < 5:
                print(f"  {category} ≥{level}: only {yt.sum()} positives, head skipped", file=sys.stderr)
                continue
            model = fit(Xt, yt, weights_for(train, category, level), args.C)
            zv = model.decision_function(Xv)
            a, b = platt(zv, yv)
            pv = 1 / (1 + np.exp(-(a * zv + b)))
            threshold, (f1, _, prec, rec) = pick_threshold(pv, yv, args.min_precision if level == 1 else 0.0)
            coef = model.coef_[0]
            q, scale = quantise(coef)
            # Check the quantised head scores as the float one did.
            zq = Xv @ (q.astype(np.float64) * scale) + model.intercept_[0]
            drift = float(np.max(np.abs(zq - zv))) if len(zv) else 0.0
            heads.append(dict(category=category, level=level, grade=grade, q=q, scale=scale,
                              bias=float(model.intercept_[0]), a=a, b=b, threshold=threshold,
                              val=dict(positives=int(yv.sum()), precision=round(float(prec), 3),
                                       recall=round(float(rec), 3), f1=round(float(f1), 3)),
                              train_positives=int(yt.sum()), quantisation_drift=round(drift, 4)))
            print(f"  {category:14} ≥{level} → {grade}: train+ {yt.sum():5}  val+ {yv.sum():4}  "
                  f"threshold {threshold:.2f}  P {prec:.2f} R {rec:.2f} F1 {f1:.2f}  (drift {drift:.3f})", file=sys.stderr)

    os.makedirs(args.out, exist_ok=True)
    blob = bytearray(b"PSSCORE1")
    blob += struct.pack("<III", FEATURE_VERSION, BITS, len(heads))
    for h in heads:
        name = h["category"].encode()
        blob += struct.pack("<B", len(name)) + name + struct.pack("<B", h["grade"])
        blob += struct.pack("<fffff", h["scale"], h["bias"], h["a"], h["b"], h["threshold"])
    table = np.stack([h["q"] for h in heads], axis=1)  # [bucket][head]
    blob += table.astype(np.int8).tobytes(order="C")
    path = os.path.join(args.out, "scorer.bin")
    with open(path, "wb") as f:
        f.write(blob)

    manifest = {
        "format": "PSSCORE1",
        "feature_version": FEATURE_VERSION,
        "bits": BITS,
        "bytes": len(blob),
        "crc32": zlib.crc32(bytes(blob)) & 0xFFFFFFFF,
        "sha256": hashlib.sha256(bytes(blob)).hexdigest(),
        "seed": SEED,
        "C": args.C,
        "scikit_learn": sklearn.__version__,
        "sentences": {"train": len(train), "validation": len(val), "tweets": len(tweets), "olid": len(olid)},
        "posts": {"train": len({r[0] for r in train if r[4] == "corpus"}), "validation": len({r[0] for r in val})},
        "sources": {os.path.relpath(s): hashlib.sha256(open(s, "rb").read()).hexdigest()[:16] for s in args.sources},
        "heads": [{k: v for k, v in h.items() if k != "q"} for h in heads],
    }

    if args.olid_cv and olid:
        manifest["olid_cv"] = olid_cv(corpus, tweets, olid, args)

    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {path} ({len(blob):,} bytes)", file=sys.stderr)


def olid_cv(corpus, tweets, olid, args):
    """Abuse on OLID by 5-fold cross-validation, post level: the rules (their abuse finding is a
    feature of every sentence) or the gate head at its threshold."""
    posts = sorted({r[0] for r in olid})
    rng = random.Random(SEED)
    rng.shuffle(posts)
    fold_of = {p: i % 5 for i, p in enumerate(posts)}
    rule_buckets = {fnv_bucket("R:", f"abuse:{g}") for g in ("caution", "warning", "block")}
    tp = fp = fn = tp_rule = fp_rule = fn_rule = 0
    base = [r for r in corpus if split_of(r[0]) == "train"] + tweets
    val = [r for r in corpus if split_of(r[0]) == "val"]
    for k in range(5):
        train = base + [r for r in olid if fold_of[r[0]] != k]
        test = [r for r in olid if fold_of[r[0]] == k]
        yt = labels_for(train, "abuse", 1, False)
        model = fit(matrix(train), yt, weights_for(train, "abuse"), args.C)
        zv = model.decision_function(matrix(val))
        yv = labels_for(val, "abuse", 1, False)
        a, b = platt(zv, yv)
        threshold, _ = pick_threshold(1 / (1 + np.exp(-(a * zv + b))), yv, args.min_precision)
        p = 1 / (1 + np.exp(-(a * model.decision_function(matrix(test)) + b)))
        by_post = {}
        for r, pi in zip(test, p):
            truth, model_hit, rule_hit = by_post.get(r[0], (False, False, False))
            by_post[r[0]] = (truth or "abuse" in r[2], model_hit or pi >= threshold,
                             rule_hit or bool(rule_buckets & set(r[3].tolist())))
        for truth, model_hit, rule_hit in by_post.values():
            hit = model_hit or rule_hit
            truth, hit, rule_hit = bool(truth), bool(hit), bool(rule_hit)
            tp += int(truth and hit)
            fp += int((not truth) and hit)
            fn += int(truth and not hit)
            tp_rule += int(truth and rule_hit)
            fp_rule += int((not truth) and rule_hit)
            fn_rule += int(truth and not rule_hit)

    def scores(tp, fp, fn):
        p = tp / (tp + fp) if tp + fp else 0
        r = tp / (tp + fn) if tp + fn else 0
        return {"tp": int(tp), "fp": int(fp), "fn": int(fn), "precision": round(float(p), 3), "recall": round(float(r), 3),
                "f1": round(float(2 * p * r / (p + r)), 3) if p + r else 0.0}

    out = {"combined": scores(tp, fp, fn), "rules": scores(tp_rule, fp_rule, fn_rule)}
    print(f"OLID 5-fold abuse: combined {out['combined']}  rules {out['rules']}", file=sys.stderr)
    return out


if __name__ == "__main__":
    main()
