#!/usr/bin/env python3
"""Splits labelled JSONL posts into the long, real-forum-style ones (80 words or more) and the rest,
so `screen eval` can score the long third of the unseen set on its own (issue 11).
Usage: split-long.py OUT_DIR FILE.jsonl... → OUT_DIR/long.jsonl, OUT_DIR/short.jsonl"""
import os, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
import json
long_f = open(os.path.join(out, "long.jsonl"), "w", encoding="utf-8")
short_f = open(os.path.join(out, "short.jsonl"), "w", encoding="utf-8")
n = [0, 0]
for path in sys.argv[2:]:
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        words = len(json.loads(line)["text"].split())
        (long_f if words >= 80 else short_f).write(line if line.endswith("\n") else line + "\n")
        n[words < 80] += 1
print(f"long (80+ words): {n[0]}, short: {n[1]}")
