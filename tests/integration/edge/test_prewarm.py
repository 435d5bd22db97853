#!/usr/bin/env python3
# Pre-warming on the edge: a signed hint makes the edge fetch a video's playlists, init section
# and first segments through its cache before any viewer asks, so the viewer's first requests
# are hits; unsigned, expired, replayed, malformed and excess hints are refused and counted; warm
# fetches stay within their concurrency and bandwidth caps; a CMCD next object (nor) is warmed
# unless the player's buffer is low; and the stats say which warmed objects viewers used and
# which were evicted unused.
import json
import os
import threading
import time

from edgeharness import admin, rawhttp
from edgeharness.case import EdgeTestCase, main
from edgeharness.origin import response_head
from edgeharness.processes import wait_until

SECRET = "prewarm-integration-secret"
IMMUTABLE = ("Cache-Control", "public, max-age=31536000, immutable")
PLAYLIST = ("Cache-Control", "public, max-age=30")


class Tracker:
    """Counts the origin requests in flight, and the most seen at once."""

    def __init__(self):
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0

    def enter(self):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def leave(self):
        with self.lock:
            self.now -= 1


def body_route(body, headers, tracker=None, pause=0.0):
    """Serves `body`; with `pause`, in four pieces that far apart (a slow origin)."""
    def behaviour(sock, request):
        if tracker:
            tracker.enter()
        try:
            sock.sendall(response_head(200, [("Content-Length", str(len(body)))] + list(headers)))
            if request.method == "HEAD":
                return True
            if pause <= 0:
                sock.sendall(body)
                return True
            step = (len(body) + 3) // 4
            for i in range(0, len(body), step):
                sock.sendall(body[i:i + step])
                time.sleep(pause)
            return True
        finally:
            if tracker:
                tracker.leave()
    return behaviour


def add_video(origin, video, segments=6, segment_bytes=40_000, tracker=None, pause=0.0):
    """Routes a one-rendition fMP4 HLS video on the scripted origin; returns its segments'
    bodies."""
    master = ("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n"
              '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=320x180,CODECS="avc1.42c00d"\n'
              "360p/index.m3u8\n").encode()
    lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-TARGETDURATION:2",
             "#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-INDEPENDENT-SEGMENTS", '#EXT-X-MAP:URI="init.mp4"']
    for n in range(segments):
        lines += ["#EXTINF:2.000,", f"seg_{n}.m4s"]
    lines.append("#EXT-X-ENDLIST")
    media = ("\n".join(lines) + "\n").encode()
    base = f"/v/{video}"
    origin.route(f"{base}/master.m3u8", body_route(master, [PLAYLIST]))
    origin.route(f"{base}/360p/index.m3u8", body_route(media, [PLAYLIST]))
    origin.route(f"{base}/360p/init.mp4", body_route(b"I" * 700, [IMMUTABLE]))
    bodies = []
    for n in range(segments):
        body = os.urandom(segment_bytes)
        bodies.append(body)
        origin.route(f"{base}/360p/seg_{n}.m4s", body_route(body, [IMMUTABLE], tracker, pause))
    return bodies


def hint_body(hint_id, items, expires_in=120):
    return json.dumps({"hint": hint_id, "expires_at": int(time.time()) + expires_in,
                       "items": items}).encode()


def item(video, segments, priority=0.5):
    return {"video": video, "renditions": ["360p"], "segments": segments, "priority": priority}


def get(port, path, extra=()):
    with rawhttp.Connection(port, timeout=30) as conn:
        conn.send(rawhttp.get(path, extra=extra))
        return conn.read_response()


def hint_report(port, hint_id):
    for report in admin.stats(port)["prewarm"]["hints"]:
        if report["hint"] == hint_id:
            return report
    return None


class PrewarmCase(EdgeTestCase):
    """A scripted origin and an edge in front of it that takes signed hints."""

    CACHE_SIZE = "64M"
    WORKERS = 2
    EDGED_ARGS = ()

    @classmethod
    def setUpClass(cls):
        cls.origin = cls.start_origin()
        cls.edged = cls.start_edged(
            [cls.origin.url], workers=cls.WORKERS,
            args=["--cache-dir", os.path.join(cls.workdir(), "cache"),
                  "--cache-size", cls.CACHE_SIZE, "--admin-secret", SECRET,
                  "--origin-retries", "0", *cls.EDGED_ARGS])

    def post(self, body, secret=SECRET, when=None):
        return admin.signed_post(self.edged.port, "/_edge/prewarm", body, secret, when)

    def report_when(self, hint_id, ready, what):
        """Waits until the hint's report satisfies `ready`; returns it."""
        def check():
            report = hint_report(self.edged.port, hint_id)
            return report if report and ready(report) else None
        return wait_until(check, 30, what=what)


class PrewarmTest(PrewarmCase):
    def settled(self, hint_id, objects):
        """Waits until the hint's objects have all ended (fetched, cached, failed or dropped)."""
        return self.report_when(
            hint_id, lambda r: r["fetched"] + r["already_cached"] + r["failed"] + r["dropped"] >=
            objects, f"hint {hint_id} to settle")

    def test_hint_makes_the_first_segments_hits(self):
        bodies = add_video(self.origin, "pw1")
        before = self.edged.metrics()
        answer = self.post(hint_body("h-first", [item("pw1", 2, 0.9)]))
        self.assertEqual(answer.status, 202, answer.body)
        self.assertEqual(json.loads(answer.body)["hint"], "h-first")
        # master, media playlist, init, seg_0, seg_1
        report = self.settled("h-first", 5)
        self.assertEqual(report["fetched"], 5, report)
        self.assertEqual(report["failed"], 0, report)
        for path in ("/v/pw1/master.m3u8", "/v/pw1/360p/index.m3u8", "/v/pw1/360p/init.mp4",
                     "/v/pw1/360p/seg_0.m4s", "/v/pw1/360p/seg_1.m4s"):
            self.assertEqual(len(self.origin.requests_for(path)), 1, path)
        self.assertEqual(self.origin.requests_for("/v/pw1/360p/seg_2.m4s"), [])
        # Warm fetches are not viewers' misses.
        after = self.edged.metrics()
        self.assertEqual(after.value("edge_cache_lookups_total", result="miss") or 0,
                         before.value("edge_cache_lookups_total", result="miss") or 0)
        # The viewer's first segments come from the edge.
        for n in (0, 1):
            response = get(self.edged.port, f"/v/pw1/360p/seg_{n}.m4s")
            self.assertEqual(response.status, 200)
            self.assertEqual(response.header("x-cache"), "HIT")
            self.assertEqual(response.body, bodies[n])
        self.assertEqual(get(self.edged.port, "/v/pw1/360p/seg_2.m4s").header("x-cache"), "MISS")
        get(self.edged.port, "/v/pw1/360p/seg_0.m4s")  # a second hit is not a second use
        report = hint_report(self.edged.port, "h-first")
        self.assertEqual(report["later_hit"], 2, report)
        used = self.edged.metrics_once(
            lambda m: (m.value("edge_prewarm_used_total") or 0) -
            (before.value("edge_prewarm_used_total") or 0) >= 2)
        self.assertEqual((used.value("edge_prewarm_used_total") or 0) -
                         (before.value("edge_prewarm_used_total") or 0), 2)

    def test_objects_already_cached_are_not_fetched_again(self):
        add_video(self.origin, "pw2")
        self.assertEqual(get(self.edged.port, "/v/pw2/360p/seg_0.m4s").header("x-cache"), "MISS")
        answer = self.post(hint_body("h-cached", [item("pw2", 2)]))
        self.assertEqual(answer.status, 202, answer.body)
        report = self.settled("h-cached", 5)
        self.assertEqual(report["already_cached"], 1, report)
        self.assertEqual(report["fetched"], 4, report)
        self.assertEqual(len(self.origin.requests_for("/v/pw2/360p/seg_0.m4s")), 1)

    def test_a_missing_video_counts_failed(self):
        answer = self.post(hint_body("h-missing", [item("nosuchvideo", 2)]))
        self.assertEqual(answer.status, 202, answer.body)
        report = self.settled("h-missing", 2)  # master and media playlist: both 404
        self.assertEqual(report["failed"], 2, report)
        self.assertEqual(report["fetched"], 0, report)

    def test_refused_hints_are_counted(self):
        before = self.edged.metrics()
        body = hint_body("h-refused", [item("pw3", 1)])
        self.assertEqual(self.post(body, secret="guess").status, 401)
        self.assertEqual(self.post(body, when=int(time.time()) - 3600).status, 401)
        when = int(time.time()) - 7
        self.assertEqual(self.post(body, when=when).status, 202)
        replay = self.post(body, when=when)
        self.assertEqual(replay.status, 401)
        self.assertEqual(json.loads(replay.body)["reason"], "replayed")
        unsigned = get(self.edged.port, "/_edge/prewarm")
        self.assertEqual(unsigned.status, 405)

        malformed = self.post(b'{"hint": "h", "expires_at": 1, "items": [')
        self.assertEqual(malformed.status, 400)
        bad_segments = self.post(hint_body("h-bad", [item("pw3", 0)]))
        self.assertEqual(bad_segments.status, 400)
        self.assertIn("items[0].segments", json.loads(bad_segments.body)["error"])
        traversal = self.post(hint_body("h-dots", [item("..", 1)]))
        self.assertEqual(traversal.status, 400)
        self.assertIn("items[0].video", json.loads(traversal.body)["error"])
        expired = self.post(hint_body("h-old", [item("pw3", 1)], expires_in=-10))
        self.assertEqual(expired.status, 400)
        oversized = self.post(hint_body("h-big", [item(f"v{i}", 1) for i in range(5000)]))
        self.assertIn(oversized.status, (400, 413))

        after = self.edged.metrics_once(
            lambda m: (m.value("edge_prewarm_hints_total", result="unsigned") or 0) -
            (before.value("edge_prewarm_hints_total", result="unsigned") or 0) >= 3)

        def moved(result):
            return ((after.value("edge_prewarm_hints_total", result=result) or 0) -
                    (before.value("edge_prewarm_hints_total", result=result) or 0))
        self.assertEqual(moved("unsigned"), 3)
        self.assertEqual(moved("accepted"), 1)
        self.assertEqual(moved("expired"), 1)
        self.assertGreaterEqual(moved("invalid"), 3)

    def test_cmcd_next_object_is_warmed_unless_the_buffer_is_low(self):
        add_video(self.origin, "pw4")
        before = self.edged.metrics()
        fetched = admin.stats(self.edged.port)["prewarm"]["fetched"]
        first = get(self.edged.port, "/v/pw4/360p/seg_0.m4s",
                    extra=['CMCD-Request: bl=8000,nor="seg_1.m4s"'])
        self.assertEqual(first.status, 200)
        wait_until(lambda: admin.stats(self.edged.port)["prewarm"]["fetched"] > fetched, 20,
                   what="the next object to be warmed")
        self.assertEqual(len(self.origin.requests_for("/v/pw4/360p/seg_1.m4s")), 1)
        self.assertEqual(get(self.edged.port, "/v/pw4/360p/seg_1.m4s").header("x-cache"), "HIT")
        # A player about to stall is not competed with.
        get(self.edged.port, "/v/pw4/360p/seg_1.m4s",
            extra=['CMCD-Request: bl=300,nor="seg_2.m4s"'])
        # Outside the served prefix: ignored.
        get(self.edged.port, "/v/pw4/360p/seg_1.m4s",
            extra=['CMCD-Request: bl=9000,nor="/etc/passwd"'])
        # Already cached: nothing queued.
        get(self.edged.port, "/v/pw4/360p/seg_0.m4s",
            extra=['CMCD-Request: bl=9000,nor="seg_1.m4s"'])
        after = self.edged.metrics_once(
            lambda m: (m.value("edge_prewarm_cmcd_total", result="cached") or 0) >
            (before.value("edge_prewarm_cmcd_total", result="cached") or 0))

        def moved(result):
            return ((after.value("edge_prewarm_cmcd_total", result=result) or 0) -
                    (before.value("edge_prewarm_cmcd_total", result=result) or 0))
        self.assertEqual(moved("queued"), 1)
        self.assertEqual(moved("low_buffer"), 1)
        self.assertEqual(moved("ignored"), 1)
        self.assertEqual(moved("cached"), 1)
        self.assertEqual(self.origin.requests_for("/v/pw4/360p/seg_2.m4s"), [])


class PrewarmCapsTest(PrewarmCase):
    """A slow origin and tight caps: warming keeps within them."""

    CONCURRENCY = 2
    RATE = 200_000  # bytes per second
    BURST = 100_000
    EDGED_ARGS = ("--prewarm-concurrency", str(CONCURRENCY), "--prewarm-rate", str(RATE),
                  "--prewarm-burst", str(BURST), "--prewarm-hints-per-second", "2")

    def test_a_hint_without_items_withdraws_it(self):
        # Each segment takes 0.8 s at the origin and two warm at once: the segments that come
        # last (every seg_2) cannot have started by the time the withdrawal arrives.
        videos = [f"cx{i}" for i in range(4)]
        for video in videos:
            add_video(self.origin, video, segment_bytes=50_000, pause=0.2)
        answer = self.post(hint_body("h-cancel", [item(v, 3) for v in videos]))
        self.assertEqual(answer.status, 202, answer.body)
        withdrawn = self.post(hint_body("h-cancel", []))
        self.assertEqual(withdrawn.status, 200, withdrawn.body)
        cancelled = json.loads(withdrawn.body)["cancelled"]
        self.assertGreater(cancelled, 0)
        self.report_when("h-cancel", lambda r: r["dropped"] >= cancelled,
                         "the withdrawn objects to be dropped")
        for video in videos:
            self.assertEqual(self.origin.requests_for(f"/v/{video}/360p/seg_2.m4s"), [])

    def test_concurrency_and_bandwidth_stay_within_the_caps(self):
        tracker = Tracker()
        videos = [f"cap{i}" for i in range(4)]
        segment_bytes = 50_000
        for video in videos:
            add_video(self.origin, video, segment_bytes=segment_bytes, tracker=tracker,
                      pause=0.05)
        started = time.monotonic()
        answer = self.post(hint_body("h-caps", [item(v, 3) for v in videos]))
        self.assertEqual(answer.status, 202, answer.body)

        report = self.report_when("h-caps", lambda r: r["fetched"] >= 4 * 6,
                                  "the capped hint to be warmed")
        elapsed = time.monotonic() - started
        self.assertEqual(report["failed"], 0, report)
        self.assertLessEqual(tracker.most, self.CONCURRENCY)
        self.assertGreaterEqual(tracker.most, 1)
        # The bucket lets BURST through at once, then RATE per second. The segments alone
        # weigh 600 KB, so warming them cannot finish before (600K - BURST) / RATE seconds.
        segment_total = len(videos) * 3 * segment_bytes
        self.assertGreaterEqual(elapsed, (segment_total - self.BURST) / self.RATE * 0.9)

    def test_hints_beyond_the_rate_get_429(self):
        statuses = []
        for i in range(6):
            answer = self.post(hint_body(f"h-rate-{i}", [item("cap0", 1)]))
            statuses.append(answer.status)
            if answer.status == 429:
                self.assertEqual(answer.header("retry-after"), "1")
        self.assertIn(429, statuses)
        self.assertIn(202, statuses)


class PrewarmViewerFirstTest(PrewarmCase):
    """While a viewer's miss is being filled, no warm starts."""

    EDGED_ARGS = ("--prewarm-pause-at-misses", "1")

    def test_warming_waits_for_the_viewers_miss(self):
        add_video(self.origin, "vf1")
        gate = threading.Event()
        self.addCleanup(gate.set)
        body = os.urandom(30_000)

        def slow_viewer_object(sock, request):
            sock.sendall(response_head(200, [("Content-Length", str(len(body))), IMMUTABLE]))
            sock.sendall(body[:1000])
            gate.wait(30)
            sock.sendall(body[1000:])
            return True
        self.origin.route("/v/other/360p/seg_0.m4s", slow_viewer_object)
        with rawhttp.Connection(self.edged.port, timeout=30) as viewer:
            viewer.send(rawhttp.get("/v/other/360p/seg_0.m4s"))
            viewer.read_head()
            answer = self.post(hint_body("h-after-viewer", [item("vf1", 1)]))
            self.assertEqual(answer.status, 202, answer.body)
            # However long the viewer's fill lasts, the warm waits for it.
            time.sleep(1.0)
            self.assertEqual(self.origin.requests_for("/v/vf1/master.m3u8"), [])
            self.assertEqual(admin.stats(self.edged.port)["prewarm"]["queue"]["in_flight"], 0)
            gate.set()
            self.assertEqual(viewer.read_exactly(len(body)), body)
        report = self.report_when("h-after-viewer", lambda r: r["fetched"] >= 4,
                                  "the warm to run once the viewer's fill ended")
        self.assertEqual(report["failed"], 0, report)


class PrewarmWasteTest(PrewarmCase):
    """A disk cache too small for what was warmed: the evicted, never-hit objects are waste."""

    CACHE_SIZE = "400K"
    WORKERS = 1
    EDGED_ARGS = ("--memory-size", "1M")

    def test_evicted_unhit_warms_are_counted_as_waste(self):
        videos = [f"w{i}" for i in range(6)]
        for video in videos:
            add_video(self.origin, video, segment_bytes=60_000)
        answer = self.post(hint_body("h-waste", [item(v, 3) for v in videos]))
        self.assertEqual(answer.status, 202, answer.body)
        report = self.report_when("h-waste", lambda r: r["evicted_unhit"] > 0,
                                  "a warmed object to be evicted")
        self.assertGreater(report["wasted_bytes"], 0)
        samples = self.edged.metrics()
        self.assertGreaterEqual(samples.value("edge_prewarm_wasted_total") or 0,
                                report["evicted_unhit"])
        self.assertGreater(samples.value("edge_prewarm_wasted_bytes_total") or 0, 0)


if __name__ == "__main__":
    main()
