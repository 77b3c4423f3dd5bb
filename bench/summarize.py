#!/usr/bin/env python3
"""Summarises bench results: medians with min-max per registry, the ratio A/B of the medians, targets.

usage: summarize.py [--targets] RESULTS.tsv A B

RESULTS.tsv has `case metric registry rep value server_cpu_s` lines, as bench/lib.sh records them; A and B name
two of its registries (berth and distribution). --targets adds issue 2's targets, which compare Berth (A) with
Distribution (B). Output: a table, then `key=value` lines for grep.
"""
import statistics
import sys
from collections import defaultdict

# (case, metric), label, key of the grep lines
ROWS = [
    (("upload", "MB/s"), "blob upload 1 PUT", "upload"),
    (("download", "MB/s"), "blob download", "download"),
    (("manifest_get", "req/s"), "manifest GET by tag", "manifest_get"),
    (("manifest_get", "p50_ms"), "manifest GET p50", "manifest_get_p50"),
    (("manifest_get", "p99_ms"), "manifest GET p99", "manifest_get_p99"),
    (("blob_head", "req/s"), "blob HEAD", "blob_head"),
    (("blob_head", "p50_ms"), "blob HEAD p50", "blob_head_p50"),
    (("blob_head", "p99_ms"), "blob HEAD p99", "blob_head_p99"),
    (("skopeo_push", "s"), "skopeo push", "skopeo_push"),
    (("skopeo_pull", "s"), "skopeo pull", "skopeo_pull"),
]


def fmt(v):
    if v >= 1000:
        return f"{v:.0f}"
    if v >= 100:
        return f"{v:.1f}"
    return f"{v:.2f}"


def cell(vals):
    return f"{fmt(statistics.median(vals))} [{fmt(min(vals))}-{fmt(max(vals))}]"


def target(key, ma, mb, ratio):
    """Issue 2's targets; empty where it sets none."""
    if key == "upload":
        return ">=1.5x " + ("met" if ratio >= 1.5 else "missed")
    if key == "download":
        return ">=1.0x " + ("met" if ratio >= 1.0 else "missed")
    if key == "manifest_get":
        return ">=5x " + ("met" if ratio >= 5 else "missed")
    if key == "manifest_get_p99":
        return "<=10ms " + ("met" if ma <= 10 else "missed")
    if key in ("skopeo_push", "skopeo_pull"):
        return "faster " + ("met" if ma < mb else "missed")
    return ""


def main(argv):
    targets = "--targets" in argv
    args = [x for x in argv if x != "--targets"]
    if len(args) != 3:
        sys.exit(__doc__)
    path, a, b = args
    values = defaultdict(list)
    cpu = defaultdict(list)
    with open(path) as f:
        for line in f:
            case, metric, registry, _rep, value, server_cpu = line.rstrip("\n").split("\t")
            values[(case, metric, registry)].append(float(value))
            cpu[(case, metric, registry)].append(float(server_cpu))

    head_a, head_b = f"{a} median [min-max]", f"{b} median [min-max]"
    header = f"{'case':<20} {'unit':<6} {head_a:<28} {head_b:<32} {'ratio':>6}  {'server CPU s':<13}"
    if targets:
        header += " target"
    print(header)
    print("-" * len(header))
    grep_lines = []
    counts = set()
    for (case, metric), label, key in ROWS:
        va, vb = values.get((case, metric, a)), values.get((case, metric, b))
        if not va or not vb:
            continue
        counts.update((len(va), len(vb)))
        ma, mb = statistics.median(va), statistics.median(vb)
        ratio = ma / mb if mb else float("inf")
        ca = statistics.median(cpu[(case, metric, a)])
        cb = statistics.median(cpu[(case, metric, b)])
        verdict = target(key, ma, mb, ratio) if targets else ""
        print(f"{label:<20} {metric:<6} {cell(va):<28} {cell(vb):<32} {ratio:>6.2f}  "
              f"{fmt(ca) + ' / ' + fmt(cb):<13} {verdict}".rstrip())
        grep_lines += [f"{key}_{a}={fmt(ma)}", f"{key}_{b}={fmt(mb)}", f"{key}_ratio={ratio:.2f}"]
        if verdict:
            grep_lines.append(f"target_{key}={verdict.split()[-1]}")
    print()
    print(f"ratio = {a} median / {b} median: above 1 is better for {a} in MB/s and req/s, below 1 is better in")
    print(f"s and ms. server CPU s = median CPU seconds the server process used during one measurement ({a} / {b}).")
    print(f"measurements per cell: {', '.join(str(c) for c in sorted(counts))}")
    print()
    for line in grep_lines:
        print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
