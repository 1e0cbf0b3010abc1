#!/usr/bin/env python3
"""Checks labelled-post JSONL files against the corpus format (shared/corpus/README.md, SPEC.md).

Usage: python3 scripts/check-corpus.py FILE.jsonl [...]
Prints one line per problem (file:line: what is wrong) and a per-category count; exits 1 on any problem.
"""
import collections
import json
import sys

CATEGORIES = {"pupil-name", "contact-details", "defamation", "confidential", "school-branding",
              "grievance", "pupil-contact", "pupil-image", "abuse", "security"}
GRADES = {"notice", "caution", "warning", "block"}


def main(paths):
    problems = 0
    positives = collections.Counter()
    grades = collections.Counter()
    posts = clean = 0
    ids = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                where = f"{path}:{n}"
                try:
                    r = json.loads(line)
                except json.JSONDecodeError as e:
                    print(f"{where}: not JSON ({e})"); problems += 1; continue
                for key in ("id", "text", "labels"):
                    if key not in r:
                        print(f"{where}: missing '{key}'"); problems += 1
                if not isinstance(r.get("text"), str) or not r.get("text", "").strip():
                    print(f"{where}: empty text"); problems += 1; continue
                if r.get("account", "personal") not in ("personal", "official"):
                    print(f"{where}: account must be personal or official"); problems += 1
                if r.get("id") in ids:
                    print(f"{where}: duplicate id {r.get('id')}"); problems += 1
                ids.add(r.get("id"))
                posts += 1
                labels = r.get("labels") or []
                if not labels:
                    clean += 1
                for lab in labels:
                    c, g, s = lab.get("category"), lab.get("grade"), lab.get("span")
                    if c not in CATEGORIES:
                        print(f"{where}: unknown category {c!r}"); problems += 1
                    if g not in GRADES:
                        print(f"{where}: unknown grade {g!r}"); problems += 1
                    if not isinstance(s, str) or not s or s not in r["text"]:
                        print(f"{where}: span {s!r} is not an exact substring of the text"); problems += 1
                    positives[c] += 1
                    grades[(c, g)] += 1
    print(f"{posts} posts, {clean} with no labels")
    for c in sorted(positives):
        by = ", ".join(f"{g} {grades[(c, g)]}" for g in ("notice", "caution", "warning", "block") if grades[(c, g)])
        print(f"  {c:16} {positives[c]:5}  ({by})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
