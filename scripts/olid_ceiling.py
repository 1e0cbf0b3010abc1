#!/usr/bin/env python3
"""How far a trained model could take the `abuse` rule on OLID, measured on tweets it never saw.

Trains an L2 logistic regression on hashed word unigrams, word bigrams and character 3-5-grams
(plus the rule's own verdict as a feature) with 5-fold cross-validation, then reports, on the
held-out folds only:
  - the best recall the model reaches at precision >= 0.85 and >= 0.90, alone and rule-first;
  - precision and recall of "the rule OR the model above a threshold" for several thresholds.

This is a measurement, not part of the product: it decided that PostScreen ships no OLID-trained
model (see README, "Accuracy"). Needs numpy and scipy (not installed by the project).

  python3 scripts/olid_to_jsonl.py --half all -o /tmp/olid.jsonl ../shared/corpus/real/offensive-tweets-train.tsv
  .build/release/screen history /tmp/olid.jsonl --output /tmp/olid-rule.jsonl
  python3 scripts/olid_ceiling.py /tmp/olid.jsonl /tmp/olid-rule.jsonl
"""
import argparse
import json
import re
import zlib

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize

WORD = re.compile(r"[a-z0-9']+")


def features(text):
    text = text.lower().replace("@user", " ").replace("url", " ")
    words = WORD.findall(text)
    out = []
    for i, w in enumerate(words):
        out.append("w:" + w)
        if i:
            out.append("b:" + words[i - 1] + " " + w)
        padded = "<" + w + ">"
        for n in (3, 4, 5):
            out.extend("c:" + padded[j:j + n] for j in range(len(padded) - n + 1))
    return out


def matrix(texts, rule, buckets):
    indices, pointers = [], [0]
    for text in texts:
        indices.extend(sorted({zlib.crc32(f.encode()) % buckets for f in features(text)}))
        pointers.append(len(indices))
    x = sp.csr_matrix((np.ones(len(indices)), indices, pointers), shape=(len(texts), buckets))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(1)).ravel())
    norms[norms == 0] = 1
    x = sp.diags(1 / norms) @ x
    return sp.hstack([x, sp.csr_matrix(rule.reshape(-1, 1).astype(float))]).tocsr()


def train(x, y, c):
    def loss(w):
        z = x @ w[:-1] + w[-1]
        p = 1 / (1 + np.exp(-z))
        grad = np.empty_like(w)
        grad[:-1] = x.T @ (p - y) + w[:-1] / c
        grad[-1] = (p - y).sum()
        return np.sum(np.logaddexp(0, z) - y * z) + 0.5 / c * w[:-1] @ w[:-1], grad

    return minimize(loss, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B", options={"maxiter": 300}).x


def recall_at(score, y, precision):
    order = np.argsort(-score)
    tp = np.cumsum(y[order])
    prec = tp / np.arange(1, len(y) + 1)
    ok = np.where(prec >= precision)[0]
    return (tp[ok].max() / y.sum()) if len(ok) else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("olid", help="OLID as JSONL (scripts/olid_to_jsonl.py)")
    ap.add_argument("screened", help="the same file through `screen history`")
    ap.add_argument("--c", type=float, default=4.0, help="inverse L2 strength")
    ap.add_argument("--bits", type=int, default=18, help="log2 of the hashed feature space")
    ap.add_argument("--folds", type=int, default=5)
    a = ap.parse_args()
    text = {}
    for line in open(a.olid, encoding="utf-8"):
        record = json.loads(line)
        text[record["id"]] = record["text"]
    screened = [json.loads(line) for line in open(a.screened, encoding="utf-8")]
    y = np.array([1.0 if r["labels"] else 0.0 for r in screened])
    rule = np.array([1.0 if any(f["category"] == "abuse" for f in r["findings"]) else 0.0 for r in screened])
    x = matrix([text[r["id"]] for r in screened], rule, 1 << a.bits)
    fold = np.arange(len(y)) % a.folds
    score = np.zeros(len(y))
    for k in range(a.folds):
        held = fold == k
        w = train(x[~held], y[~held], a.c)
        score[held] = x[held] @ w[:-1] + w[-1]
    print(f"rule alone: precision {y[rule == 1].mean():.3f}, recall {rule[y == 1].mean():.3f}")
    for p in (0.85, 0.90):
        print(f"model, held out: recall {recall_at(score, y, p):.3f} at precision >= {p}"
              f" (rule-first: {recall_at(score + 10 * rule, y, p):.3f})")
    for t in (0.5, 1.0, 1.5, 2.0):
        alarm = (rule == 1) | (score > t)
        tp = (alarm & (y == 1)).sum()
        print(f"rule or model > {t}: precision {tp / alarm.sum():.3f}, recall {tp / y.sum():.3f}")


if __name__ == "__main__":
    main()
