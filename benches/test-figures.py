#!/usr/bin/env python3
"""The figures of a `lessons test --format json` report, as the README gives them.

    lessons test --locale en --format json ROOT > report.json
    python3 benches/test-figures.py report.json [--causes N]

Prints, per kind of lesson (JavaScript, DOM, backend): lessons run, hints run, passed, failed and
the pass rate (the seed checks apart); hints skipped by reason; and the failed hints grouped by
cause (the message with quoted text and numbers folded), most frequent first, with examples.
"""
import collections
import json
import re
import sys

KINDS = {
    "JavaScript": {1, 5, 26, 28},
    "DOM": {0, 6, 14, 25},
    "backend": {2, 4},
}


def kind_of(challenge_type):
    for name, types in KINDS.items():
        if challenge_type in types:
            return name
    return "other"


def cause(message):
    m = (message or "(no message: the assertion gives none)").splitlines()[0]
    m = re.sub(r"'[^']*'", "'…'", m)
    m = re.sub(r'"[^"]*"', '"…"', m)
    m = re.sub(r"/[^/ ]+/[a-z]*", "/…/", m)
    m = re.sub(r"\d+(\.\d+)?", "N", m)
    return m[:110]


def main():
    args = sys.argv[1:]
    top = 25
    if "--causes" in args:
        i = args.index("--causes")
        top = int(args[i + 1])
        del args[i : i + 2]
    reports = json.load(open(args[0]))
    ran = collections.Counter()
    lessons = collections.Counter()
    seeds = collections.Counter()
    skipped = collections.Counter()
    skipped_lessons = collections.Counter()
    causes = collections.Counter()
    examples = collections.defaultdict(list)
    for r in reports:
        k = kind_of(r["challengeType"])
        if r["status"] == "skipped":
            skipped[r["reason"]] += r["hints"]
            skipped_lessons[r["reason"]] += 1
            continue
        lessons[k] += 1
        for h in r["results"]:
            if h["number"] == 0:
                seeds[(k, h["passed"])] += 1
                continue
            ran[(k, h["passed"])] += 1
            if not h["passed"]:
                c = cause(h.get("message"))
                causes[(k, c)] += 1
                path = r["path"].split("/blocks/")[-1]
                if len(examples[(k, c)]) < 2:
                    examples[(k, c)].append(f"{path} #{h['number']}")

    total_pass = sum(v for (k, p), v in ran.items() if p)
    total = sum(ran.values())
    print("| kind | lessons run | hints run | passed | failed | pass rate | seed checks failed |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for k in list(KINDS) + ["other"]:
        p, f = ran[(k, True)], ran[(k, False)]
        if p + f == 0:
            continue
        print(f"| {k} | {lessons[k]:,} | {p + f:,} | {p:,} | {f:,} | {100 * p / (p + f):.1f} % | {seeds[(k, False)]:,} of {seeds[(k, True)] + seeds[(k, False)]:,} |")
    if total:
        print(f"| **all** | {sum(lessons.values()):,} | {total:,} | {total_pass:,} | {total - total_pass:,} | {100 * total_pass / total:.1f} % | {sum(v for (k, p), v in seeds.items() if not p):,} of {sum(seeds.values()):,} |")
    print()
    print("| hints skipped | lessons | reason |")
    print("|---:|---:|---|")
    for reason, n in sorted(skipped.items(), key=lambda kv: (-kv[1], -skipped_lessons[kv[0]])):
        print(f"| {n:,} | {skipped_lessons[reason]:,} | {reason} |")
    print()
    print("| failed hints | kind | cause (message, quoted text and numbers folded) | e.g. |")
    print("|---:|---|---|---|")
    for (k, c), n in causes.most_common(top):
        c_md = c.replace("|", "\\|")
        print(f"| {n} | {k} | {c_md} | {'; '.join(examples[(k, c)])} |")


if __name__ == "__main__":
    main()
