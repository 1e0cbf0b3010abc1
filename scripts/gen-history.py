#!/usr/bin/env python3
"""Generate a synthetic post history for benchmarking `screen history`.

Writes JSON Lines ({"id", "text", "created_at", "likes"}) with posts of 40-300 bytes, mostly
ordinary staff posts and about 4% risky ones (contact details offered to pupils, grievances,
allegations, passwords), dated across 2015-2024. Deterministic for a given --seed.

    python3 scripts/gen-history.py --posts 1000000 --output /tmp/history-1m.jsonl
"""
import argparse
import json
import random
import sys

OPENERS = [
    "Lovely walk by the river this morning", "Marking all weekend again", "Great turnout at parents' evening",
    "Finally finished the new reading list", "Coffee number three and it's only ten o'clock",
    "Brilliant CPD session on retrieval practice today", "Proud of how hard everyone worked this term",
    "Rain stopped play at the cricket", "Trying a new sourdough recipe", "Half term can't come soon enough",
    "Loved the school production tonight", "Planning lessons on the train home", "Fantastic science fair today",
    "Anyone recommend a good book on assessment?", "The garden is finally looking tidy",
    "Back from a week in the Lakes", "New running personal best this morning", "Quiz night at the local was a laugh",
]
MIDDLES = [
    "and the weather held out for once", "with a cup of tea and a biscuit", "before the football on the telly",
    "so much to do before Monday", "thanks to everyone who helped", "what a week it has been",
    "the dog was not impressed", "more of this please", "still recovering", "worth every minute",
    "a long way from where we started in September", "and now for a very early night",
]
TAGS = ["#EduTwitter", "#TeacherLife", "#ReadingForPleasure", "#STEM", "#Friday", "", "", "", ""]
RISKY = [
    "Year 11, any questions about the coursework just text me on 07700 900{n:03d}",
    "Parents can reach me at jo.smith{n}@gmail.com if the office doesn't answer",
    "SLT have stitched us up again with the new pay policy. Going to the papers.",
    "Apparently the head has been fiddling the results again, everyone knows it",
    "Reminder the door code is {n:04d} for the side gate, don't share",
    "Our Wi-Fi password is Sunflower{n} for anyone visiting",
    "Sports day pics of my class, so proud of them all",
    "Add me on Snapchat, Year 10, I'll post the answers there",
]


def post(rng, i):
    if rng.random() < 0.04:
        text = rng.choice(RISKY).format(n=rng.randrange(1000))
    else:
        parts = [rng.choice(OPENERS)]
        while len(" ".join(parts)) < rng.randrange(30, 260):
            parts.append(rng.choice(MIDDLES))
        text = ", ".join(parts) + rng.choice([".", "!", "!!", " :)", "."]) + (" " + rng.choice(TAGS)).rstrip()
    text = text[:300]
    year = rng.randrange(2015, 2025)
    created = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z"
    return {"id": str(1000000000000 + i), "text": text, "created_at": created, "likes": rng.randrange(50)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--output", default="-")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    with out:
        for i in range(args.posts):
            out.write(json.dumps(post(rng, i), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
