#!/usr/bin/env python3
"""Re-measures abuse on OLID by 5-fold cross-validation at the shipped abuse gate (its Platt scaling
and threshold, after tune-floors.py) and records it in manifest.json as `olid_cv`.

    olid-cv.py WORK_DIR MODEL_DIR     (WORK_DIR holds the corpus, tweets-even and olid features)
"""
import argparse, json, os, sys
sys.path.insert(0, os.path.dirname(__file__))
import train as T

work, model = sys.argv[1], sys.argv[2]
path = os.path.join(model, "manifest.json")
m = json.load(open(path))
gate = next(h for h in m["heads"] if h["category"] == "abuse" and h["level"] == 1)
corpus = T.read_features(os.path.join(work, "corpus.tsv"), "corpus")
tweets = T.read_features(os.path.join(work, "tweets-even.tsv"), "tweets")
olid = T.read_features(os.path.join(work, "olid.tsv"), "olid")
previous = m.get("olid_cv")
m["olid_cv"] = T.olid_cv(corpus, tweets, olid, argparse.Namespace(C=m["C"]), gate)
if previous and abs(previous.get("threshold", -1) - m["olid_cv"]["threshold"]) > 0.005:
    m["olid_cv"]["before_floor_tuning"] = {k: previous[k] for k in ("combined", "threshold") if k in previous}
with open(path, "w") as f:
    json.dump(m, f, indent=1, sort_keys=True)
    f.write("\n")
