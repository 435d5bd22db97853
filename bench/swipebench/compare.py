#!/usr/bin/env python3
"""swipebench replay runs side by side, from their JSON reports (--json).

Usage: compare.py [--title TEXT] [--row "LABEL=V1,V2,..."]... NAME=REPORT.json ...
  e.g. compare.py "pre-warming off=off.json" "pre-warming on=on.json"
--row adds a line of figures measured elsewhere, one per report in order."""
import json
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def ms(value):
    return "-" if value is None else f"{value:.0f} ms"


def percent(value):
    return "-" if value is None else f"{100 * value:.1f} %"


def megabytes(value):
    return f"{value / 1e6:.1f} MB"


def rows(run):
    latency = run["start_latency_ms"]
    delta = run["edge"].get("delta", {})
    return [
        ("swipes started", f"{run['started']} of {run['swipes']}"),
        ("start latency p50", ms(latency["p50"])),
        ("start latency p95", ms(latency["p95"])),
        ("start latency p99", ms(latency["p99"])),
        ("first segments from the edge's cache", percent(run["first_segment_hit_ratio"])),
        ("stalls", str(run["stalls"])),
        ("rebuffering", f"{run['rebuffer_ms'] / 1000:.1f} s"),
        ("bytes to viewers", megabytes(run["bytes_total"])),
        ("origin offload", percent(run["origin_offload"])),
        ("bytes pre-warmed", megabytes(delta.get("edge_prewarm_fetched_bytes_total", 0))),
        ("pre-warmed, never watched", megabytes(delta.get("edge_prewarm_wasted_bytes_total", 0))),
        ("QoE (ACM MM'22) per viewer", f"{run['qoe']['per_viewer']:.2f}"),
        ("errors", str(run["error_total"])),
    ]


def main():
    args = sys.argv[1:]
    title = "What viewers got"
    extra = []
    while len(args) >= 2 and args[0] in ("--title", "--row"):
        if args[0] == "--title":
            title = args[1]
        else:
            label, _, values = args[1].partition("=")
            extra.append((label, values.split(",")))
        args = args[2:]
    if not args or any("=" not in arg for arg in args):
        print(__doc__, file=sys.stderr)
        return 2
    runs = [(name, rows(load(path))) for name, path in (arg.split("=", 1) for arg in args)]
    if any(len(values) != len(runs) for _, values in extra):
        print("compare.py: a --row needs one value per report", file=sys.stderr)
        return 2
    lines = [("", *[name for name, _ in runs])]
    for i, (label, _) in enumerate(runs[0][1]):
        lines.append((label, *[run_rows[i][1] for _, run_rows in runs]))
    lines += [(label, *values) for label, values in extra]
    width = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    print()
    print(title)
    for line in lines:
        cells = [f"{line[0]:<{width[0]}}"] + [f"{cell:>{width[i + 1]}}"
                                               for i, cell in enumerate(line[1:])]
        print("  " + "  ".join(cells))
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
