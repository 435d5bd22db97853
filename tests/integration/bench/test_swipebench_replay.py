# swipebench replay end to end: a real origind with two tiny clips ingested and a real edged on
# 127.0.0.1 (ports chosen at run time), a small trace naming videos by id and by rank ("#N"),
# replayed over HTTP/1.1 and HTTP/2; the JSON and HTML reports are checked, and a replay
# against an edge that is not there ends with its errors counted instead of hanging.
import json
import os
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "origin"))

from originharness import media  # noqa: E402
from originharness.case import OriginTestCase  # noqa: E402
from originharness.origind import binary as origind_binary  # noqa: E402
from originharness.redis import RedisServer  # noqa: E402
from edgeharness.edged import Edged  # noqa: E402
from edgeharness.processes import free_port  # noqa: E402
from edgeharness.tools import built  # noqa: E402

WATCH_MS = 3000


def swipebench():
    return built("SWIPEBENCH")


class ReplayTest(OriginTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        data_dir = os.path.join(cls.workdir(), "origin-data")
        cls.videos = []
        for i in range(2):
            clip = os.path.join(cls.workdir(), f"clip{i}.mp4")
            # Tiny: a Debug ASan origind transcodes slowly.
            media.make_clip(clip, seconds=4, size="160x90", rate=10, audio=False)
            result = subprocess.run([origind_binary(), "ingest", "--data-dir", data_dir, clip,
                                     "--title", f"clip {i}"],
                                    capture_output=True, text=True, timeout=300)
            if result.returncode != 0:
                raise RuntimeError(f"ingest failed: {result.stderr}")
            cls.videos.append(result.stdout.strip())
        # A real redis-server: origind keeps the viewers' interaction events there.
        cls.redis = RedisServer(cls.workdir()).start()
        cls.addClassCleanup(cls.redis.stop)
        cls.origind, _ = cls.start_origind(data_dir=data_dir, args=["--redis", cls.redis.url])
        cache = os.path.join(cls.workdir(), "edge-cache")
        cls.edge = Edged(cls.workdir(), [f"http://127.0.0.1:{cls.origind.port}"],
                         args=["--cache-dir", cache, "--cache-size", "64M"])
        cls.addClassCleanup(cls.edge.stop)
        cls.edge.start()

    def write_trace(self, name):
        a, b = self.videos
        rows = [
            # u1 watches both clips by id (misses), then u2 and u3 come back to them (hits).
            (0, "u1", a), (WATCH_MS + 200, "u1", b),
            (2 * WATCH_MS + 500, "u2", a), (3 * WATCH_MS + 700, "u2", "#1"),
            (2 * WATCH_MS + 600, "u3", "#2"), (3 * WATCH_MS + 800, "u3", b),
        ]
        path = os.path.join(self.workdir(), name)
        with open(path, "w") as f:
            for ts, user, video in sorted(rows):
                f.write(json.dumps({"ts_ms": ts, "user": user, "region": "global",
                                    "ip": "192.0.2.1", "video": video, "watch_ms": WATCH_MS,
                                    "action": "view"}) + "\n")
        return path

    def replay(self, trace, target, *flags, timeout=90):
        out = os.path.join(self.workdir(), f"report-{time.monotonic_ns()}")
        argv = [swipebench(), "replay", "--trace", trace, "--target", target,
                "--origin", f"http://127.0.0.1:{self.origind.port}", "--speed", "2",
                "--json", out + ".json", "--html", out + ".html", *flags]
        started = time.monotonic()
        result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
        elapsed = time.monotonic() - started
        report = None
        if os.path.exists(out + ".json"):
            with open(out + ".json") as f:
                report = json.load(f)
        html = None
        if os.path.exists(out + ".html"):
            with open(out + ".html") as f:
                html = f.read()
        return result, report, html, elapsed

    def check_run(self, protocol_flags, protocol):
        trace = self.write_trace(f"trace-{protocol}.jsonl")
        result, report, html, _ = self.replay(trace, f"http://127.0.0.1:{self.edge.port}",
                                              *protocol_flags)
        text = f"{result.stdout}\n{result.stderr}"
        self.assertEqual(result.returncode, 0, text)
        self.assertEqual(report["protocol"], protocol)
        self.assertEqual((report["viewers"], report["swipes"], report["started"]), (3, 6, 6), text)
        self.assertEqual(report["error_total"], 0, text)
        # One interaction event per clip left, accepted by origind.
        self.assertEqual(report["events"], {"sent": 6, "refused": 0}, text)
        self.assertEqual(sum(report["bytes_by_x_cache"].values()), report["bytes_total"])
        per_viewer = sum(v["bytes"] for v in report["viewer_samples"])
        self.assertEqual(per_viewer, report["bytes_total"])
        # After the first view of each clip, first segments come from the edge's cache.
        later = [s for v in report["viewer_samples"] if v["user"] != "u1" for s in v["swipes"]]
        self.assertEqual(len(later), 4)
        for swipe in later:
            self.assertEqual(swipe["first_x_cache"], "HIT", swipe)
            self.assertIn(swipe["video"], self.videos)
        self.assertIsNotNone(report["start_latency_ms"]["p99"])
        self.assertTrue(report["edge"]["scraped"], report["edge"])
        self.assertFalse(report["schedule"]["fell_behind"])
        self.assertIn('id="start-latency-cdf"', html)
        self.assertIn('id="hit-ratio-over-time"', html)
        self.assertEqual(html.count("<svg"), 2)
        self.assertIn("start latency p50/p95/p99", result.stdout)
        return report

    def test_replay_over_http1(self):
        self.check_run([], "h1")

    def test_replay_over_http2(self):
        self.check_run(["--http2"], "h2")

    def test_stopped_edge_counts_errors_and_ends(self):
        trace = self.write_trace("trace-stopped.jsonl")
        for flags in ([], ["--http2"]):
            with self.subTest(flags=flags):
                result, report, _, elapsed = self.replay(
                    trace, f"http://127.0.0.1:{free_port()}", "--timeout-ms", "500", *flags)
                self.assertEqual(result.returncode, 1, result.stderr)
                self.assertEqual(report["started"], 0)
                self.assertGreater(report["errors"]["connect"], 0)
                self.assertFalse(report["edge"]["scraped"])
                self.assertLess(elapsed, 30)

    def test_bad_flag_is_a_usage_error(self):
        result = subprocess.run([swipebench(), "replay", "--trace", "x", "--target",
                                 "http://127.0.0.1:1", "--prefetch", "7"],
                                capture_output=True, text=True, timeout=30)
        self.assertEqual(result.returncode, 2)
        self.assertIn("--prefetch", result.stderr)


if __name__ == "__main__":
    unittest.main()
