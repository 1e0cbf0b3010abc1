#!/usr/bin/env python3
"""Draws the audit sample: a seeded random 5% of one writer's posts, labels removed, for a second,
independent labeller (Training/briefs/audit.md). Usage: audit-sample.py WRITER [--share 0.05]"""
import argparse, glob, json, random
ap = argparse.ArgumentParser()
ap.add_argument("writer")
ap.add_argument("--share", type=float, default=0.05)
a = ap.parse_args()
posts = []
for path in sorted(glob.glob(f"Training/batches/{a.writer}/part-*.jsonl")):
    posts += [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
rng = random.Random(f"audit-{a.writer}")
sample = rng.sample(posts, max(1, round(len(posts) * a.share)))
with open(f"Training/audit/{a.writer}-sample.jsonl", "w", encoding="utf-8") as f:
    for p in sample:
        f.write(json.dumps({"id": p["id"], "account": p.get("account", "personal"), "text": p["text"]}, ensure_ascii=False) + "\n")
print(f"{a.writer}: {len(sample)} of {len(posts)} posts")
