#!/usr/bin/env python3
# The cache in front of a scripted origin that counts every request: hits after a miss, one
# origin fetch for 500 concurrent viewers of a cold key, bytes reaching viewers while the fill
# is still arriving, ranges and preconditions answered by the edge, nothing stored from an
# origin that resets or lies about its length, stale-if-error, revalidation with 304, the cache
# key ignoring CMCD, and the disk tier surviving a restart and a kill -9 in the middle of 50
# fills.
import concurrent.futures
import hashlib
import json
import os
import signal
import threading
import time

from edgeharness import admin, metrics, rawhttp
from edgeharness.case import EdgeTestCase, main
from edgeharness.edged import Edged
from edgeharness.origin import reset_mid_body, lying_length, response_head
from edgeharness.processes import wait_until

IMMUTABLE = ("Cache-Control", "public, max-age=31536000, immutable")
SECRET = "integration-secret"


def signed_post(port, path, body, secret=SECRET, when=None):
    return admin.signed_post(port, path, body, secret, when)


def cached(body, headers=(IMMUTABLE,), status=200):
    """Serves `body` with caching headers and an ETag; answers a matching If-None-Match
    with 304."""
    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'

    def behaviour(sock, request):
        head = list(headers) + [("ETag", etag)]
        if etag in ",".join(request.header("if-none-match")):
            sock.sendall(response_head(304, head))
            return True
        sock.sendall(response_head(status, [("Content-Length", str(len(body)))] + head))
        if request.method != "HEAD":
            sock.sendall(body)
        return True
    return behaviour


def gated(first, rest, gate, headers=(IMMUTABLE,)):
    """Sends the head and `first`, then `rest` once `gate` is set."""
    def behaviour(sock, request):
        total = len(first) + len(rest)
        sock.sendall(response_head(200, [("Content-Length", str(total))] + list(headers)) + first)
        gate.wait(60)
        sock.sendall(rest)
        return True
    return behaviour


def failing(status=503):
    def behaviour(sock, request):
        body = b"origin down\n"
        sock.sendall(response_head(status, [("Content-Length", str(len(body)))]) + body)
        return True
    return behaviour


def fetch(port, path, extra=(), method="GET"):
    with rawhttp.Connection(port, timeout=30) as conn:
        conn.send(rawhttp.get(path, extra=extra).replace(b"GET ", method.encode() + b" ", 1))
        return conn.read_response(method=method)


class CacheTest(EdgeTestCase):
    @classmethod
    def setUpClass(cls):
        cls.origin = cls.start_origin()
        cls.cache_dir = os.path.join(cls.workdir(), "cache")
        cls.edged = cls.start_edged([cls.origin.url], workers=2,
                                    args=["--cache-dir", cls.cache_dir, "--cache-size", "64M",
                                          "--memory-size", "16M", "--origin-retries", "0",
                                          "--admin-secret", SECRET])

    def lookups(self, samples, result):
        return samples.value("edge_cache_lookups_total", result=result) or 0

    def test_hit_after_miss_with_age(self):
        body = os.urandom(70_000)
        self.origin.route("/v/c1/360p/seg_7.m4s", cached(body))
        first = fetch(self.edged.port, "/v/c1/360p/seg_7.m4s")
        self.assertEqual(first.status, 200)
        self.assertEqual(first.body, body)
        self.assertEqual(first.header("x-cache"), "MISS")
        second = fetch(self.edged.port, "/v/c1/360p/seg_7.m4s")
        self.assertEqual(second.body, body)
        self.assertEqual(second.header("x-cache"), "HIT")
        self.assertTrue(second.header("age").isdigit())
        self.assertEqual(len(self.origin.requests_for("/v/c1/360p/seg_7.m4s")), 1)

    def test_500_concurrent_viewers_one_origin_fetch(self):
        body = os.urandom(300_000)
        gate = threading.Event()
        path = "/v/c2/720p/seg_3.m4s"
        self.origin.route(path, gated(body[:10_000], body[10_000:], gate))
        before = self.edged.metrics()

        def viewer(_):
            return fetch(self.edged.port, path)

        with concurrent.futures.ThreadPoolExecutor(max_workers=500) as pool:
            futures = [pool.submit(viewer, i) for i in range(500)]
            # Every viewer has joined the one fill before the origin finishes.
            self.edged.metrics_once(
                lambda m: self.lookups(m, "coalesced") - self.lookups(before, "coalesced") >= 499,
                timeout=60)
            gate.set()
            responses = [f.result(timeout=120) for f in futures]
        self.assertEqual(len(self.origin.requests_for(path)), 1)
        for response in responses:
            self.assertEqual(response.status, 200)
            self.assertEqual(len(response.body), len(body))
            self.assertEqual(response.body, body)
        states = sorted(r.header("x-cache") for r in responses)
        self.assertEqual(states.count("MISS"), 1)
        self.assertEqual(states.count("COALESCED"), 499)

    def test_viewer_gets_bytes_before_the_fill_ends(self):
        gate = threading.Event()
        self.addCleanup(gate.set)
        path = "/v/c3/720p/seg_1.m4s"
        first, rest = b"F" * 20_000, b"R" * 50_000
        self.origin.route(path, gated(first, rest, gate))
        with rawhttp.Connection(self.edged.port, timeout=10) as conn:
            conn.send(rawhttp.get(path))
            _, status, _, _ = conn.read_head()
            self.assertEqual(status, 200)
            self.assertEqual(conn.read_exactly(len(first)), first)
            gate.set()
            self.assertEqual(conn.read_exactly(len(rest)), rest)

    def test_range_on_a_miss_and_on_a_hit(self):
        body = os.urandom(100_000)
        path = "/v/c4/480p/seg_2.m4s"
        self.origin.route(path, cached(body))
        miss = fetch(self.edged.port, path, extra=["Range: bytes=1000-1999"])
        self.assertEqual(miss.status, 206)
        self.assertEqual(miss.body, body[1000:2000])
        self.assertEqual(miss.header("content-range"), "bytes 1000-1999/100000")
        self.assertEqual(self.origin.requests_for(path)[0].header("range"), [],
                         "the fill must fetch the whole object")
        hit = fetch(self.edged.port, path, extra=["Range: bytes=-500"])
        self.assertEqual(hit.status, 206)
        self.assertEqual(hit.body, body[-500:])
        unsatisfiable = fetch(self.edged.port, path, extra=["Range: bytes=200000-"])
        self.assertEqual(unsatisfiable.status, 416)
        self.assertEqual(unsatisfiable.header("content-range"), "bytes */100000")
        self.assertEqual(len(self.origin.requests_for(path)), 1)

    def test_if_none_match_on_a_hit_is_304(self):
        body = b"#EXTM3U\n" * 100
        path = "/v/c5/360p/index.m3u8"
        self.origin.route(path, cached(body, headers=[("Cache-Control", "max-age=60")]))
        full = fetch(self.edged.port, path)
        etag = full.header("etag")
        conditional = fetch(self.edged.port, path, extra=[f"If-None-Match: {etag}"])
        self.assertEqual(conditional.status, 304)
        self.assertEqual(conditional.body, b"")
        head = fetch(self.edged.port, path, method="HEAD")
        self.assertEqual(head.status, 200)
        self.assertEqual(head.header("x-cache"), "HIT")
        self.assertEqual(len(self.origin.requests_for(path)), 1)

    def test_a_plain_hit_from_memory_answers_as_the_long_way(self):
        # A plain GET of a fresh playlist in memory is answered at once from a head made when it
        # was stored; one with a precondition that fails goes the long way. Both are the same
        # 200, field for field, hop-by-hop fields gone, over HTTP/1.1 and h2: for a body sent
        # with the head and for one sent after it.
        for lines in (40, 400):
            with self.subTest(body_bytes=25 * lines):
                self.check_plain_hit(f"/v/c16/{lines}p/index.m3u8",
                                     b"#EXTM3U\n#EXT-X-VERSION:7\n" * lines)

    def check_plain_hit(self, path, body):
        self.origin.route(path, cached(body, headers=[
            ("Cache-Control", "max-age=60"), ("Content-Type", "application/vnd.apple.mpegurl"),
            ("Connection", "x-hop"), ("X-Hop", "dropped"), ("Keep-Alive", "timeout=5"),
            ("X-Origin", "kept"), ("Age", "3")]))
        in_memory = self.edged.metrics().value("edge_cache_memory_objects")
        self.assertEqual(fetch(self.edged.port, path).header("x-cache"), "MISS")
        # The fill's worker may still be handing the object to the memory tier.
        before = self.edged.metrics_once(
            lambda m: m.value("edge_cache_memory_objects") >= in_memory + 1, timeout=30)
        plain = fetch(self.edged.port, path)
        long_way = fetch(self.edged.port, path, extra=['If-None-Match: "not-this-one"'])
        self.assertEqual(metrics.delta(before, self.edged.metrics(),
                                       "edge_cache_hits_at_once_total"), 1,
                         "the plain GET only is answered at once")

        def fields(response):
            # Age and Date (the codec's, as the origin sent none) tell when each was sent.
            return sorted((n.lower(), v) for n, v in response.headers
                          if n.lower() not in ("age", "date"))

        for response in (plain, long_way):
            self.assertEqual(response.status, 200)
            self.assertEqual(response.body, body)
            self.assertEqual(response.header("x-cache"), "HIT")
            self.assertEqual(response.header("x-origin"), "kept")
            self.assertEqual(response.header("accept-ranges"), "bytes")
            self.assertEqual(response.header("content-length"), str(len(body)))
            self.assertGreaterEqual(int(response.header("age")), 3)
            self.assertFalse({"x-hop", "keep-alive"} & response.header_names())
        self.assertEqual(fields(plain), fields(long_way))
        over_h2 = self.curl("--http2-prior-knowledge", "-D", "-", self.edged.url(path))
        self.assertEqual(over_h2.returncode, 0, over_h2.stderr)
        head, _, h2_body = over_h2.stdout.partition(b"\r\n\r\n")
        self.assertEqual(h2_body, body)
        self.assertIn(b"x-cache: HIT", head)
        self.assertIn(b"via: 1.1 ", head)
        self.assertEqual(len(self.origin.requests_for(path)), 1)

    def test_reset_mid_body_stores_nothing_and_a_retry_succeeds(self):
        path = "/v/c6/720p/seg_4.m4s"
        self.origin.route(path, reset_mid_body(100_000, 10_000))
        with rawhttp.Connection(self.edged.port) as conn:
            conn.send(rawhttp.get(path))
            try:
                response = conn.read_response()
                self.assertNotEqual((response.status, len(response.body)), (200, 100_000))
            except rawhttp.ConnectionClosed:
                pass
        body = os.urandom(100_000)
        self.origin.route(path, cached(body))
        again = fetch(self.edged.port, path)
        self.assertEqual(again.status, 200)
        self.assertEqual(again.body, body)
        self.assertEqual(again.header("x-cache"), "MISS")

    def test_lying_length_stores_nothing(self):
        path = "/v/c7/720p/seg_9.m4s"
        self.origin.route(path, lying_length(10_000, 4_000))
        with rawhttp.Connection(self.edged.port) as conn:
            conn.send(rawhttp.get(path))
            try:
                response = conn.read_response()
                self.assertNotEqual(response.status, 200)
            except rawhttp.ConnectionClosed:
                pass
        body = os.urandom(10_000)
        self.origin.route(path, cached(body))
        self.assertEqual(fetch(self.edged.port, path).header("x-cache"), "MISS")

    def test_stale_if_error_serves_the_stored_copy(self):
        path = "/v/c8/index.m3u8"
        body = b"#EXTM3U\n#EXT-X-VERSION:7\n"
        self.origin.route(path, cached(body, headers=[
            ("Cache-Control", "max-age=1, stale-if-error=600")]))
        self.assertEqual(fetch(self.edged.port, path).body, body)
        time.sleep(2.2)
        self.origin.route(path, failing(503))
        stale = fetch(self.edged.port, path)
        self.assertEqual(stale.status, 200)
        self.assertEqual(stale.body, body)
        self.assertEqual(stale.header("x-cache"), "STALE")

    def test_revalidation_with_304_refreshes_the_entry(self):
        path = "/v/c9/master.m3u8"
        body = b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n360p/index.m3u8\n"
        self.origin.route(path, cached(body, headers=[("Cache-Control", "max-age=1")]))
        fetch(self.edged.port, path)
        time.sleep(2.2)
        again = fetch(self.edged.port, path)
        self.assertEqual(again.status, 200)
        self.assertEqual(again.body, body)
        requests = self.origin.requests_for(path)
        self.assertEqual(len(requests), 2)
        self.assertNotEqual(requests[1].header("if-none-match"), [])
        self.assertEqual(fetch(self.edged.port, path).header("x-cache"), "HIT")

    def test_no_store_and_private_are_not_cached(self):
        for path, control in (("/v/c10/a.m3u8", "no-store"), ("/v/c10/b.m3u8", "private")):
            self.origin.route(path, cached(b"x" * 100, headers=[("Cache-Control", control)]))
            for _ in range(2):
                response = fetch(self.edged.port, path)
                self.assertEqual(response.status, 200)
                self.assertEqual(response.header("x-cache"), "MISS")
            self.assertEqual(len(self.origin.requests_for(path)), 2, control)

    def test_cmcd_and_session_parameters_do_not_split_the_cache(self):
        path = "/v/c11/360p/seg_0.m4s"
        self.origin.route(path, cached(b"s" * 5000))
        for query in ("", "?CMCD=bl%3D2000%2Cnor%3D%22seg_1.m4s%22", "?session=abc&CMCD=sid%3D1"):
            self.assertEqual(fetch(self.edged.port, path + query).status, 200)
        self.assertEqual(len(self.origin.requests_for(path)), 1)

    def test_metrics_count_lookups_and_fetches(self):
        path = "/v/c12/360p/seg_0.m4s"
        self.origin.route(path, cached(b"m" * 3000))
        before = self.edged.metrics()
        fetch(self.edged.port, path)
        fetch(self.edged.port, path)
        after = self.edged.metrics_once(lambda m: self.lookups(m, "hit") > self.lookups(before, "hit"))
        self.assertGreaterEqual(self.lookups(after, "hit") - self.lookups(before, "hit"), 1)
        self.assertGreaterEqual(self.lookups(after, "miss") - self.lookups(before, "miss"), 1)
        self.assertGreaterEqual(metrics.delta(before, after, "edge_cache_origin_fetches_total", kind="fill"), 1)
        self.assertGreater(after.value("edge_cache_disk_objects") or 0, 0)


    def test_signed_purge_and_stats(self):
        path = "/v/c13/360p/seg_4.m4s"
        self.origin.route(path, cached(b"p" * 4000))
        fetch(self.edged.port, path)
        self.assertEqual(fetch(self.edged.port, path).header("x-cache"), "HIT")
        body = json.dumps({"keys": [path], "prefixes": ["/v/c99/"]}).encode()
        now = int(time.time())
        purged = signed_post(self.edged.port, "/_edge/purge", body, when=now)
        self.assertEqual(purged.status, 200, purged.body)
        self.assertEqual(json.loads(purged.body)["purged"], 1)
        self.assertEqual(fetch(self.edged.port, path).header("x-cache"), "MISS")
        # Another timestamp is another signature; the same one twice is a replay.
        self.assertEqual(signed_post(self.edged.port, "/_edge/purge", body, when=now - 5).status,
                         200)
        replay = signed_post(self.edged.port, "/_edge/purge", body, when=now - 5)
        self.assertEqual(replay.status, 401)
        self.assertEqual(json.loads(replay.body)["reason"], "replayed")
        wrong = signed_post(self.edged.port, "/_edge/purge", body, secret="guess")
        self.assertEqual(wrong.status, 401)
        self.assertEqual(json.loads(wrong.body)["reason"], "mismatch")
        old = signed_post(self.edged.port, "/_edge/purge", body, when=int(time.time()) - 3600)
        self.assertEqual(json.loads(old.body)["reason"], "expired")
        self.assertEqual(signed_post(self.edged.port, "/_edge/purge", b"[1,2").status, 400)
        stats = json.loads(fetch(self.edged.port, "/_edge/stats").body)
        self.assertGreaterEqual(stats["lookups"]["hit"], 1)
        self.assertGreaterEqual(stats["purged"], 1)
        self.assertEqual(stats["disk"]["budget"], 64 << 20)
        self.assertIn("objects", stats["disk"])
        self.assertTrue(stats["disk"]["admitting"])


    def test_purge_during_a_fill_stores_nothing(self):
        gate = threading.Event()
        self.addCleanup(gate.set)
        path = "/v/c14/360p/index.m3u8"
        body = b"#EXTM3U\n" + b"#EXT-X-VERSION:7\n" * 300
        self.origin.route(path, gated(body[:100], body[100:], gate))
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            viewer = pool.submit(fetch, self.edged.port, path)
            self.edged.metrics_once(
                lambda m: (m.value("edge_cache_fills_in_flight") or 0) >= 1, timeout=30)
            purged = signed_post(self.edged.port, "/_edge/purge",
                                 json.dumps({"prefixes": ["/v/c14/"]}).encode())
            self.assertEqual(json.loads(purged.body)["purged"], 1)
            gate.set()
            self.assertEqual(viewer.result(timeout=30).body, body)
        self.origin.route(path, cached(body))
        self.assertEqual(fetch(self.edged.port, path).header("x-cache"), "MISS")
        self.assertEqual(len(self.origin.requests_for(path)), 2)

    def test_disk_hits_over_h1_sendfile_and_h2_reads(self):
        path = "/v/c15/1080p/seg_6.m4s"
        body = os.urandom(900_000)
        self.origin.route(path, cached(body))
        stored = self.edged.metrics().value("edge_cache_disk_objects")
        self.assertEqual(fetch(self.edged.port, path).body, body)
        # Until the disk tier has it, and the worker that filled it has heard so, the complete
        # fill answers: wait for this very object, then for an h1 hit counted from the disk.
        self.edged.metrics_once(
            lambda m: m.value("edge_cache_disk_objects") >= stored + 1, timeout=30)

        def h1_hit_from_disk():
            before_h1 = self.edged.metrics()
            self.assertEqual(fetch(self.edged.port, path).body, body)
            return metrics.delta(before_h1, self.edged.metrics(), "edge_cache_served_bytes_total",
                                 tier="disk") >= len(body)

        wait_until(h1_hit_from_disk, 30, interval=0.1, what="an h1 hit served from the disk")
        before = self.edged.metrics()
        over_h2 = self.curl("--http2-prior-knowledge", self.edged.url(path))
        self.assertEqual(over_h2.returncode, 0, over_h2.stderr)
        self.assertEqual(over_h2.stdout, body)
        ranged = self.curl("--http2-prior-knowledge", "-r", "100000-100099", self.edged.url(path))
        self.assertEqual(ranged.stdout, body[100000:100100])
        after = self.edged.metrics_once(
            lambda m: metrics.delta(before, m, "edge_cache_served_bytes_total", tier="disk")
            >= len(body) + 100)
        self.assertGreaterEqual(
            metrics.delta(before, after, "edge_cache_served_bytes_total", tier="disk"),
            len(body) + 100)
        self.assertEqual(len(self.origin.requests_for(path)), 1)


class CachePersistenceTest(EdgeTestCase):
    """A restart keeps the disk tier; a kill -9 during 50 fills leaves no partial object."""

    def start(self, name):
        edged = Edged(self.workdir(), [self.origin.url], workers=2, name=name,
                      args=["--cache-dir", self.cache_dir, "--cache-size", "256M",
                            "--memory-size", "1M", "--origin-retries", "0"])
        self.addCleanup(edged.stop)
        return edged.start()

    def setUp(self):
        self.origin = self.start_origin()
        self.cache_dir = os.path.join(self.workdir(), f"cache-{self._testMethodName}")

    def test_restart_keeps_hits(self):
        bodies = {f"/v/p{i}/720p/seg_5.m4s": os.urandom(50_000 + i) for i in range(20)}
        for path, body in bodies.items():
            self.origin.route(path, cached(body))
        edged = self.start("edged-a")
        for path, body in bodies.items():
            self.assertEqual(fetch(edged.port, path).body, body)
        edged.stop()
        again = self.start("edged-b")
        for path, body in bodies.items():
            response = fetch(again.port, path)
            self.assertEqual(response.body, body)
            self.assertEqual(response.header("x-cache"), "HIT", path)
            self.assertEqual(len(self.origin.requests_for(path)), 1, path)

    def test_kill_9_during_50_fills(self):
        gate = threading.Event()
        self.addCleanup(gate.set)
        bodies = {f"/v/k{i}/720p/seg_3.m4s": os.urandom(200_000 + 17 * i) for i in range(50)}
        done = {}
        for i, (path, body) in enumerate(bodies.items()):
            # Half complete before the kill, half are still arriving when it comes.
            if i % 2:
                self.origin.route(path, gated(body[:50_000], body[50_000:], gate))
            else:
                self.origin.route(path, cached(body))
        edged = self.start("edged-k")
        with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
            futures = {path: pool.submit(fetch, edged.port, path) for path in bodies}
            for i, path in enumerate(bodies):
                if i % 2 == 0:
                    done[path] = futures[path].result(timeout=60)
            # Everything a viewer got whole is committed to the index before the kill.
            edged.metrics_once(
                lambda m: (m.value("edge_cache_disk_objects") or 0) >= len(done), timeout=30)
            edged.signal(signal.SIGKILL)
            edged.wait(10)
            gate.set()
        for path in done:
            self.assertEqual(done[path].body, bodies[path])
        again = self.start("edged-k2")
        for path, body in bodies.items():
            response = fetch(again.port, path)
            self.assertEqual(response.status, 200, path)
            self.assertEqual(response.body, body, path)
        for path in done:
            self.assertEqual(len(self.origin.requests_for(path)), 1,
                             f"{path} was complete before the kill but not a hit after it")


if __name__ == "__main__":
    main()
