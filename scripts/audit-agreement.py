#!/usr/bin/env python3
"""Agreement between the writers' labels and the second, independent labelling of the audit
sample (Training/audit/<writer>-second-labels.jsonl), per category, at post level: does the post
carry the category at caution or above? Prints both labellings' positives, the posts they agree
on, Cohen's kappa, and grade agreement where both say yes. Usage: audit-agreement.py [--show]"""
import collections, glob, json, sys

GRADES = {"notice": 0, "caution": 1, "warning": 2, "block": 3}
CATEGORIES = ["pupil-name", "contact-details", "defamation", "confidential", "school-branding",
              "grievance", "pupil-contact", "pupil-image", "abuse", "security"]


def best(labels):
    out = {}
    for l in labels:
        g = GRADES[l["grade"]]
        if g >= 1:
            out[l["category"]] = max(out.get(l["category"], 0), g)
    return out


first = {}
for path in glob.glob("Training/batches/*/part-*.jsonl"):
    for line in open(path, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            first[r["id"]] = r
pairs = []
for path in sorted(glob.glob("Training/audit/*-second-labels.jsonl")):
    for line in open(path, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            pairs.append((first[r["id"]], best(first[r["id"]]["labels"]), best(r["labels"])))
print(f"{len(pairs)} posts labelled twice")
print(f"{'category':16} {'first':>5} {'second':>6} {'both':>4} {'agree':>6} {'kappa':>6} {'same grade':>10}")
rows = []
for c in CATEGORIES:
    a = [c in p[1] for p in pairs]
    b = [c in p[2] for p in pairs]
    n = len(pairs)
    both = sum(x and y for x, y in zip(a, b))
    agree = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    kappa = (agree - pe) / (1 - pe) if pe < 1 else 1.0
    same = sum(1 for p in pairs if c in p[1] and c in p[2] and p[1][c] == p[2][c])
    print(f"{c:16} {sum(a):5} {sum(b):6} {both:4} {agree:6.2f} {kappa:6.2f} {same:>5}/{both:<4}")
if "--show" in sys.argv:
    for r, x, y in pairs:
        if x != y:
            print(f"\n{r['id']}: first {x} second {y}\n  {r['text'][:300]}")
