#!/usr/bin/env python3
"""Pre-warming's acceptance benchmark: the same simulated swipe session through a fresh edged
three times, side by side in one run:

  off    no pre-warming: every first view of a clip at the PoP is a miss;
  fixed  the fixed policy of many players and CDNs: at each swipe, warm the first 1 MB of the
         viewer's next 5 clips (sent to the edge as signed hints, one per swipe);
  on     controld plans from origind's region feed every interval and pushes hints.

Each mode gets its own redis-server, origind (over the same ingested catalog) and edged with an
empty cache; origin bytes are counted by a relay between edged and origind, which also puts the
origin a round trip of --origin-rtt-ms (80) away from the edge. Reported per mode:
first-segment edge hit ratio (X-Cache of each clip's first segment), start latency (swipe to
first segment complete) p50/p95, both over the swipes after a warm-up, origin bytes, warm bytes fetched and wasted (fetched, never
asked for by a viewer). Targets: >= 95% first-segment hits with "on", and its warm bytes at
most 70% of the fixed policy's.
"""
import argparse
import json
import os
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
for harness in ("edge", "origin", "control"):
    sys.path.insert(0, os.path.join(ROOT, "tests", "integration", harness))

from edgeharness import admin  # noqa: E402
from edgeharness.edged import Edged  # noqa: E402
from edgeharness.processes import wait_until  # noqa: E402
from originharness.origind import Origind  # noqa: E402
from originharness.redis import RedisServer  # noqa: E402
from controlharness.controld import Controld  # noqa: E402

import catalog  # noqa: E402
import report  # noqa: E402
from byte_counter import ByteCounter  # noqa: E402
from viewers import REGION, run_viewers  # noqa: E402

SECRET = "prewarm-bench-secret-0123456789"
FIXED_CLIPS = 5
FIXED_BYTES = 1_000_000
START_RENDITION = "360p"


class Progress:
    """One line that rewrites itself on a terminal; plain lines otherwise."""

    def __init__(self):
        self.tty = sys.stderr.isatty()

    def __call__(self, text):
        if self.tty:
            sys.stderr.write("\r\x1b[K" + text)
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()

    def done(self):
        if self.tty:
            sys.stderr.write("\n")


def fixed_segments(data_dir, videos):
    """Per video, how many first segments (with the init section) fit in FIXED_BYTES."""
    counts = {}
    for video in videos:
        init, segments = catalog.segment_sizes(data_dir, video, START_RENDITION)
        total, n = init, 0
        while n < len(segments) and total + segments[n] <= FIXED_BYTES:
            total += segments[n]
            n += 1
        counts[video] = max(1, n)
    return counts


def fixed_policy(edge_port, segments_of):
    """The hook each viewer calls at a swipe: hint the first 1 MB of its next 5 clips."""
    sent = [0]

    def on_swipe(viewer, upcoming):
        items = [{"video": v, "renditions": [START_RENDITION], "segments": segments_of[v],
                  "priority": 1.0 - 0.1 * i} for i, v in enumerate(upcoming[:FIXED_CLIPS])]
        if not items:
            return
        sent[0] += 1
        body = json.dumps({"hint": f"fixed-{viewer.name}-{len(viewer.records)}",
                           "expires_at": int(time.time()) + 60, "items": items}).encode()
        answer = admin.signed_post(edge_port, "/_edge/prewarm", body, SECRET)
        if answer.status != 202:
            raise RuntimeError(f"the edge refused a fixed-policy hint: {answer.status}")
    return on_swipe


def run_mode(mode, args, work, data_dir, segments_of, progress):
    mode_dir = os.path.join(work, mode)
    # An empty cache and a fresh Redis each time: nothing of an earlier run may help this one.
    shutil.rmtree(mode_dir, ignore_errors=True)
    os.makedirs(mode_dir)
    stoppers = []
    try:
        redis = RedisServer(mode_dir).start()
        stoppers.append(redis.stop)
        run_data = catalog.private_copy(data_dir, os.path.join(mode_dir, "origin-data"))
        origind = Origind(mode_dir, run_data, args=["--redis", redis.url, "--workers", "2"])
        origind.start()
        stoppers.append(origind.stop)
        counter = ByteCounter(origind.port, rtt_s=args.origin_rtt_ms / 1000)
        stoppers.append(counter.stop)
        edged = Edged(mode_dir, [counter.url], workers=2, pop="bench",
                      args=["--cache-dir", os.path.join(mode_dir, "cache"), "--cache-size", "2G",
                            "--memory-size", "256M", "--admin-secret", SECRET,
                            "--prewarm-cmcd", "0", "--prewarm-rate", "64M",
                            "--prewarm-burst", "8M", "--prewarm-concurrency", "8",
                            "--prewarm-hints-per-second", "1000", "--log-level", "warn"])
        edged.start()
        stoppers.append(edged.stop)
        on_swipe = None
        if mode == "fixed":
            on_swipe = fixed_policy(edged.port, segments_of)
        elif mode == "on":
            toml = "\n".join([f'origin = "http://127.0.0.1:{origind.port}"',
                              f'admin_secret = "{SECRET}"', f'horizon = "{args.horizon}"',
                              "[[pop]]", 'name = "bench"',
                              f'regions = ["{REGION}"]',
                              f'edges = ["http://127.0.0.1:{edged.port}"]',
                              f'budget_bytes = "{args.budget_bytes}"',
                              f"budget_objects = {args.budget_objects}"])
            toml += "\n[planner]\n" + "".join(f"{setting}\n" for setting in args.planner)
            controld = Controld(mode_dir, "controld", toml, redis.url, interval=args.interval)
            controld.start()
            stoppers.append(controld.stop)
            wait_until(controld.leading, 30, what="controld to lead")
        records, errors = run_viewers(args.viewers, edged.port, origind.port, args.seed,
                                      args.speed, args.swipes, args.arrival_seconds, on_swipe,
                                      lambda text: progress(f"{mode}: {text}"))
        stats = admin.stats(edged.port)["prewarm"]
        return {"mode": mode, "records": records, "errors": errors,
                "origin_bytes": counter.bytes(), "warm_fetched_bytes": stats["bytes_fetched"],
                "warm_used_bytes": stats["later_hit_bytes"], "warm": stats}
    finally:
        for stop in reversed(stoppers):
            stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", required=True, help="directory for the catalog and the runs")
    parser.add_argument("--out", required=True, help="directory for the JSON and HTML reports")
    parser.add_argument("--clips", type=int, default=100)
    parser.add_argument("--clip-seconds", type=int, default=12)
    parser.add_argument("--clip-size", default="360x640")
    parser.add_argument("--viewers", type=int, default=40)
    parser.add_argument("--swipes", type=int, default=12, help="clips each viewer watches")
    parser.add_argument("--speed", type=float, default=2.0, help="playback speed-up")
    parser.add_argument("--arrival-seconds", type=float, default=40.0)
    parser.add_argument("--warmup-seconds", type=float, default=10.0,
                        help="swipes this early in a mode are not counted")
    parser.add_argument("--interval", default="1s", help="controld's planning interval")
    parser.add_argument("--origin-rtt-ms", type=float, default=80.0,
                        help="round-trip time the relay adds between edge and origin")
    parser.add_argument("--horizon", default="15s",
                        help="controld's planning horizon: a few rounds of viewers' swiping")
    parser.add_argument("--budget-bytes", default="4M", help="controld's budget per round")
    parser.add_argument("--budget-objects", type=int, default=200)
    parser.add_argument("--planner", action="append", default=[], metavar="KEY=VALUE",
                        help="a [planner] setting of controld's file, e.g. max_segments=2")
    parser.add_argument("--modes", default="off,fixed,on")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    progress = Progress()
    os.makedirs(args.work, exist_ok=True)
    os.makedirs(args.out, exist_ok=True)
    data_dir, videos = catalog.ensure(os.environ["ORIGIND"], args.work, args.clips,
                                      args.clip_seconds, args.clip_size, args.seed, progress)
    segments_of = fixed_segments(data_dir, videos)
    runs = []
    for mode in args.modes.split(","):
        runs.append(run_mode(mode, args, args.work, data_dir, segments_of, progress))
    progress.done()
    summary = report.summarise(runs, args.warmup_seconds)
    settings = {k: v for k, v in vars(args).items() if k not in ("work", "out")}
    report.write(summary, runs, settings, args.out)
    print(report.table(summary))
    for run in runs:
        for error in run["errors"][:5]:
            print(f"{run['mode']}: viewer error: {error}")
    print(f"reports: {os.path.join(args.out, 'prewarm-bench.json')} and "
          f"{os.path.join(args.out, 'prewarm-bench.html')}")
    return report.verdict(summary)


if __name__ == "__main__":
    sys.exit(main())
