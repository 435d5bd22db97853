#!/usr/bin/env python3
"""The demo's two runs side by side: swipebench replay's JSON reports, pre-warming off and on.

Usage: demo_compare.py OFF.json ON.json"""
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
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    off, on = load(sys.argv[1]), load(sys.argv[2])
    lines = [("", "pre-warming off", "pre-warming on")]
    lines += [(name, a, b) for (name, a), (_, b) in zip(rows(off), rows(on))]
    width = [max(len(line[i]) for line in lines) for i in range(3)]
    print()
    print("What viewers got")
    for name, a, b in lines:
        print(f"  {name:<{width[0]}}  {a:>{width[1]}}  {b:>{width[2]}}")
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
