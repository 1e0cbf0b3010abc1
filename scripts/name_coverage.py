#!/usr/bin/env python3
"""Measure how well PostScreen's given-name list covers names registered in England and Wales.

Usage: scripts/name_coverage.py [--list PATH] [--ons PATH] [--missing N]

Reports, against the ONS baby-name table (every given name registered for 3+ babies, 1996-2024):
  (a) weighted coverage: share of babies whose name is in the list;
  (b) share of distinct names with total >= 100 that are in the list.
Names are compared case-insensitively with diacritics folded (Zoë == Zoe). A supplementary line also
counts hyphenated names (Lily-Mae) as covered when every part is listed, since the screener can match
the parts. The ONS table is used only to measure; the list itself is curated by hand.
"""
import argparse
import csv
import os
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_LIST = os.path.join(ROOT, "Sources", "Lexicons", "Data", "names", "given.txt")
DEFAULT_ONS = "/work/shared/corpus/names/ons-given-names-1996-2024.csv"


def fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.strip())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("\u2019", "'").casefold()


def load_list(path: str) -> set:
    names = set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("#"):
                names.add(fold(line))
    return names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", default=DEFAULT_LIST)
    parser.add_argument("--ons", default=DEFAULT_ONS)
    parser.add_argument("--missing", type=int, default=0, help="also print the N most frequent uncovered names")
    parser.add_argument("--threshold", type=int, default=100, help="minimum total for measure (b)")
    args = parser.parse_args()

    listed = load_list(args.list)
    total = covered = parts_covered = 0
    frequent = frequent_covered = 0
    missing = []
    with open(args.ons, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["name"]
            count = int(row["total_count_1996_2024"])
            key = fold(name)
            hit = key in listed
            total += count
            if hit:
                covered += count
            if hit or all(part in listed for part in key.split("-") if part):
                parts_covered += count
            if count >= args.threshold:
                frequent += 1
                frequent_covered += hit
            if not hit:
                missing.append((count, name))

    print(f"list: {args.list} ({len(listed)} distinct folded names)")
    print(f"(a) weighted coverage: {covered / total:.2%} of {total:,} babies")
    print(f"(b) names with total >= {args.threshold}: {frequent_covered:,}/{frequent:,} = {frequent_covered / frequent:.2%}")
    print(f"    weighted, counting hyphenated names whose parts are all listed: {parts_covered / total:.2%}")
    if args.missing:
        missing.sort(reverse=True)
        print(f"most frequent uncovered names:")
        for count, name in missing[: args.missing]:
            print(f"  {count:>7} {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
