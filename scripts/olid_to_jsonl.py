#!/usr/bin/env python3
"""Convert OLID (OffensEval 2019) training tweets to `screen eval` JSONL.

Each tweet becomes {"id", "text", "labels"}: an OFF tweet is labelled
[{"category": "abuse", "grade": "caution"}] (abuse at caution or above is
expected), a NOT tweet has no labels. No "profile" key, so the default profile
applies. With --half even|odd only rows with an even or odd row number (0-based,
after the header) are kept: a deterministic split so that tuning on one half
can be checked on the other. A plain text file (one post per line, e.g.
ordinary-tweets.txt) can be converted with --plain: every line unlabelled.

    scripts/olid_to_jsonl.py ../shared/corpus/real/offensive-tweets-train.tsv --half even > /tmp/olid-even.jsonl
"""
import argparse
import csv
import json
import sys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", help="OLID .tsv (id, tweet, subtask_a, ...) or, with --plain, a text file")
    parser.add_argument("--half", choices=["even", "odd", "all"], default="all")
    parser.add_argument("--plain", action="store_true", help="one unlabelled post per line")
    parser.add_argument("-o", "--output", help="output file (default: stdout)")
    parser.add_argument("--targeted-warning", action="store_true",
                        help="label OFF tweets aimed at someone (subtask_b TIN) abuse warning, untargeted ones caution")
    args = parser.parse_args()

    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    with open(args.input, encoding="utf-8", newline="") as f:
        if args.plain:
            rows = ((f"line{n + 1}", line.rstrip("\n"), "NOT") for n, line in enumerate(f))
        else:
            reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(reader)
            if header[:3] != ["id", "tweet", "subtask_a"]:
                sys.exit(f"{args.input}: unexpected header {header[:3]}")
            rows = ((r[0], r[1], r[2] if r[2] != "OFF" or not args.targeted_warning or len(r) < 4 else "OFF-" + r[3]) for r in reader)
        for n, (rid, text, label) in enumerate(rows):
            if args.half == "even" and n % 2:
                continue
            if args.half == "odd" and not n % 2:
                continue
            if not text.strip():
                continue
            grade = "warning" if label == "OFF-TIN" else "caution"
            labels = [{"category": "abuse", "grade": grade}] if label.startswith("OFF") else []
            out.write(json.dumps({"id": rid, "text": text, "labels": labels}, ensure_ascii=False) + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
