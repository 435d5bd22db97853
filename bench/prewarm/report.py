# The pre-warm benchmark's numbers: per mode, then the ratios the targets are about; a table for
# the terminal, JSON for machines, and an HTML page with the start-latency CDFs.
import html
import json
import math
import os

from viewers import percentile

HIT_TARGET = 0.95
WARM_RATIO_TARGET = 0.70


def summarise(runs, warmup_s):
    """Hit ratios and latencies count swipes from `warmup_s` after a mode's first swipe on: a
    cold PoP in its first seconds says nothing about a policy."""
    modes = {}
    for run in runs:
        start = min((r["t"] for r in run["records"]), default=0)
        records = [r for r in run["records"] if r["t"] - start >= warmup_s]
        swipes = len(records)
        hits = sum(1 for r in records if r["x_cache"] == "HIT")
        starts = [r["start_s"] for r in records]
        modes[run["mode"]] = {
            "swipes": swipes,
            "warmup_swipes": len(run["records"]) - swipes,
            "viewer_errors": len(run["errors"]),
            "first_segment_hits": hits,
            "first_segment_coalesced": sum(1 for r in records if r["x_cache"] == "COALESCED"),
            "first_segment_hit_ratio": hits / swipes if swipes else math.nan,
            "start_p50_ms": percentile(starts, 0.50) * 1000,
            "start_p95_ms": percentile(starts, 0.95) * 1000,
            "origin_bytes": run["origin_bytes"],
            "warm_fetched_bytes": run["warm_fetched_bytes"],
            "warm_wasted_bytes": run["warm_fetched_bytes"] - run["warm_used_bytes"],
        }
    ratios = {}
    if "on" in modes and "fixed" in modes and modes["fixed"]["warm_fetched_bytes"]:
        ratios["warm_bytes_on_vs_fixed"] = (modes["on"]["warm_fetched_bytes"] /
                                            modes["fixed"]["warm_fetched_bytes"])
    if "on" in modes and "off" in modes and modes["off"]["origin_bytes"]:
        ratios["origin_bytes_on_vs_off"] = (modes["on"]["origin_bytes"] /
                                            modes["off"]["origin_bytes"])
    return {"modes": modes, "ratios": ratios}


def verdict(summary):
    """0 when both targets hold, 3 when one does not (as the other benchmarks), 1 on errors."""
    modes, ratios = summary["modes"], summary["ratios"]
    if any(m["viewer_errors"] for m in modes.values()):
        return 1
    ok = True
    if "on" in modes:
        ok &= modes["on"]["first_segment_hit_ratio"] >= HIT_TARGET
    if "warm_bytes_on_vs_fixed" in ratios:
        ok &= ratios["warm_bytes_on_vs_fixed"] <= WARM_RATIO_TARGET
    return 0 if ok else 3


def _mb(n):
    return f"{n / 1e6:.1f} MB"


def table(summary):
    modes, ratios = summary["modes"], summary["ratios"]
    rows = [("mode", "swipes", "1st-seg hits", "start p50", "start p95", "origin", "warmed",
             "wasted")]
    for name, m in modes.items():
        rows.append((name, str(m["swipes"]),
                     f"{100 * m['first_segment_hit_ratio']:.1f}%",
                     f"{m['start_p50_ms']:.1f} ms", f"{m['start_p95_ms']:.1f} ms",
                     _mb(m["origin_bytes"]), _mb(m["warm_fetched_bytes"]),
                     _mb(m["warm_wasted_bytes"])))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)) for row in rows]
    if "on" in modes:
        hit = modes["on"]["first_segment_hit_ratio"]
        lines.append(f"first-segment hits with pre-warm on: {100 * hit:.1f}% "
                     f"(target >= {100 * HIT_TARGET:.0f}%: {'met' if hit >= HIT_TARGET else 'MISSED'})")
    if "warm_bytes_on_vs_fixed" in ratios:
        r = ratios["warm_bytes_on_vs_fixed"]
        lines.append(f"warm bytes, on / fixed: {r:.2f} "
                     f"(target <= {WARM_RATIO_TARGET:.2f}: "
                     f"{'met' if r <= WARM_RATIO_TARGET else 'MISSED'})")
    if "origin_bytes_on_vs_off" in ratios:
        lines.append(f"origin bytes, on / off: {ratios['origin_bytes_on_vs_off']:.2f}")
    return "\n".join(lines)


def _cdf_svg(runs, width=640, height=320):
    colours = {"off": "#c0392b", "fixed": "#7f8c8d", "on": "#2471a3"}
    all_starts = [r["start_s"] * 1000 for run in runs for r in run["records"]]
    if not all_starts:
        return ""
    top = max(1.0, percentile(all_starts, 0.99))
    pad = 40
    parts = [f'<svg width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
             f'<rect x="{pad}" y="10" width="{width - pad - 10}" height="{height - pad - 10}" '
             'fill="none" stroke="#999"/>']
    for run in runs:
        starts = sorted(r["start_s"] * 1000 for r in run["records"])
        if not starts:
            continue
        points = []
        for i, value in enumerate(starts):
            x = pad + (width - pad - 10) * min(value, top) / top
            y = height - pad - (height - pad - 20) * (i + 1) / len(starts)
            points.append(f"{x:.1f},{y:.1f}")
        colour = colours.get(run["mode"], "#000")
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                     f'points="{" ".join(points)}"/>')
    for i, run in enumerate(runs):
        colour = colours.get(run["mode"], "#000")
        parts.append(f'<text x="{pad + 10}" y="{30 + 16 * i}" fill="{colour}">'
                     f'{html.escape(run["mode"])}</text>')
    parts.append(f'<text x="{pad}" y="{height - 12}">0 ms</text>')
    parts.append(f'<text x="{width - 90}" y="{height - 12}">{top:.0f} ms</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def write(summary, runs, settings, out_dir):
    document = {"settings": settings, "summary": summary,
                "swipes": {run["mode"]: run["records"] for run in runs},
                "warm": {run["mode"]: run["warm"] for run in runs}}
    with open(os.path.join(out_dir, "prewarm-bench.json"), "w") as f:
        json.dump(document, f, indent=1)
    page = ["<!doctype html><meta charset=utf-8><title>swipecdn pre-warm benchmark</title>",
            "<style>body{font-family:sans-serif;margin:2em}pre{background:#f4f4f4;padding:1em}"
            "</style>",
            "<h1>Pre-warming: off, fixed policy, controld</h1>",
            f"<pre>{html.escape(table(summary))}</pre>",
            "<h2>Start latency (swipe to first segment), CDF</h2>", _cdf_svg(runs),
            f"<h2>Settings</h2><pre>{html.escape(json.dumps(settings, indent=1))}</pre>"]
    with open(os.path.join(out_dir, "prewarm-bench.html"), "w") as f:
        f.write("\n".join(page))
