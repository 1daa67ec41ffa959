#!/usr/bin/env python3
"""Score a results file on the chat set per kind of question, and list failures.

    python3 eval/chat/bykind.py --qa eval/chat/qa.jsonl --results RESULTS.jsonl
        [--by kind|lang|article] [--failures N] [--scorer ../shared/eval/score.py]

The numbers are score.py's own (it is imported, not copied): each group is
scored as a question set of its own, and the "all" row is score.py's result
on the whole file. --failures N lists, per group, up to N answerable
questions whose first result misses (with what came first, or "abstained")
and N unanswerable ones that were answered (with the first result).
Python 3 standard library only.
"""
import argparse
import collections
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCORER = os.path.join(HERE, "..", "..", "..", "shared", "eval", "score.py")


def load_scorer(path):
    spec = importlib.util.spec_from_file_location("score", path)
    if spec is None or not os.path.exists(path):
        sys.exit("no scorer at %s (give --scorer PATH/score.py)" % path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def pct(v):
    return "   -" if v is None else "%4.0f%%" % (100 * v)


def num(v):
    return "   -" if v is None else "%.3f" % v


def short(s, n=90):
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--qa", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--by", default="kind", choices=["kind", "lang", "article"])
    ap.add_argument("--failures", type=int, default=0, metavar="N")
    ap.add_argument("--scorer", default=DEFAULT_SCORER)
    a = ap.parse_args(argv)
    sc = load_scorer(a.scorer)
    qa = sc.load_qa(a.qa)
    res, info = sc.load_results(a.results)
    groups = collections.defaultdict(list)
    for q in qa:
        groups[q.get(a.by, "?")].append(q)

    rows = [(g, sc.score(groups[g], res)) for g in sorted(groups)]
    rows.append(("all", sc.score(qa, res, info)))
    w = max(len(str(g)) for g, _ in rows + [(a.by, None)])
    print("%-*s %5s %5s %7s %7s %7s %9s %9s" % (w, a.by, "n", "ans", "hit@1", "hit@5", "MRR@5", "abst(ans)", "abst(un)"))
    for g, s in rows:
        print("%-*s %5d %5d %7s %7s %7s %9s %9s" % (
            w, g, s["n_questions"], s["n_answerable"], pct(s["hit@1"]), pct(s["hit@5"]), num(s["mrr@5"]),
            pct(s["answerable_abstained"]), pct(s["unanswerable_abstain"])))

    if a.failures <= 0:
        return 0
    for g in sorted(groups):
        missed, answered = [], []
        for q in groups[g]:
            texts = res.get(q["id"]) or []
            top = texts[0][0] if texts else None
            if q["answerable"]:
                gold = [sc.normalize(x) for x in q["answers"]]
                if top is None or not sc.is_hit(q["gold_type"], top, gold):
                    missed.append((q, top))
            elif top is not None:
                answered.append((q, top))
        if not missed and not answered:
            continue
        print("\n## %s: %d answerable missed at 1, %d unanswerable answered" % (g, len(missed), len(answered)))
        for q, top in missed[: a.failures]:
            print("- %s %r -> %s" % (q["id"], q["question"], "abstained" if top is None else repr(short(top))))
        for q, top in answered[: a.failures]:
            print("- %s %r (unanswerable) -> %r" % (q["id"], q["question"], short(top)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
