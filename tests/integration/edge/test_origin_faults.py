#!/usr/bin/env python3
# Origins that misbehave: a reset in the middle of a body, a Content-Length that lies either way,
# a slow body, a body held back (a fast viewer must get the first bytes at once), an origin that
# never answers, and one that is down. The viewer never gets a truncated body passed off as
# complete, and edged counts what happened.
import os
import threading

from edgeharness import metrics, processes, rawhttp
from edgeharness.case import EdgeTestCase, main
from edgeharness.origin import gated_body, lying_length, reset_mid_body, serve, slow_body


def hang(release):
    """Reads the request and never answers (until `release` is set at clean-up)."""
    def behaviour(sock, request):
        release.wait(60)
        return False
    return behaviour


class OriginFaultTest(EdgeTestCase):
    @classmethod
    def setUpClass(cls):
        cls.origin = cls.start_origin()
        cls.release = threading.Event()
        cls.addClassCleanup(cls.release.set)
        cls.slow = os.urandom(60_000)
        cls.origin.route("/v/o1/reset", reset_mid_body(100_000, 5_000))
        cls.origin.route("/v/o1/short", lying_length(10_000, 4_000))
        cls.origin.route("/v/o1/long", lying_length(1_000, 1_500))
        cls.origin.route("/v/o1/after", serve(b"after\n"))
        cls.origin.route("/v/o1/slow", slow_body(cls.slow, pieces=10, pause=0.05))
        cls.origin.route("/v/o1/hang", hang(cls.release))
        cls.edged = cls.start_edged([cls.origin.url],
                                    args=["--origin-read-timeout", "1s", "--origin-retries", "1",
                                          "--origin-retry-backoff", "10ms"])

    def assertNotPassedOffAsComplete(self, path, full_length):
        """The viewer sees an error status or a response cut off, never a complete 200."""
        with rawhttp.Connection(self.edged.port) as conn:
            conn.send(rawhttp.get(path))
            try:
                response = conn.read_response()
            except rawhttp.ConnectionClosed:
                return "cut off"
            self.assertIn(response.status, (502, 504),
                          f"{path}: {response.status} with {len(response.body)} of "
                          f"{full_length} bytes")
            return "error status"

    def test_reset_mid_body(self):
        before = self.edged.metrics()
        self.assertNotPassedOffAsComplete("/v/o1/reset", 100_000)
        after = self.edged.metrics_once(
            lambda m: metrics.delta(before, m, "upstream_errors_total") >= 1)
        self.assertGreaterEqual(metrics.delta(before, after, "upstream_errors_total"), 1)
        result = self.curl("--http2-prior-knowledge", "-o", os.devnull, self.edged.url(
            "/v/o1/reset"))
        self.assertNotEqual(result.returncode, 0, "curl over h2 took a reset body as complete")

    def test_content_length_longer_than_the_body(self):
        before = self.edged.metrics()
        self.assertNotPassedOffAsComplete("/v/o1/short", 10_000)
        after = self.edged.metrics_once(
            lambda m: metrics.delta(before, m, "upstream_errors_total") >= 1)
        self.assertGreaterEqual(metrics.delta(before, after, "upstream_errors_total"), 1)

    def test_content_length_shorter_than_the_body(self):
        # The origin sends 500 bytes more than it announced. Relaying the announced 1000 or
        # refusing the response are both safe; serving the surplus is not.
        with rawhttp.Connection(self.edged.port) as conn:
            conn.send(rawhttp.get("/v/o1/long"))
            try:
                response = conn.read_response()
                self.assertEqual(response.status, 200)
                self.assertEqual(response.body, b"L" * 1_000)
            except rawhttp.ConnectionClosed:
                pass
        # The surplus must not become the next response on the origin connection either.
        for _ in range(3):
            response = rawhttp.exchange(self.edged.port, rawhttp.get("/v/o1/after"))
            self.assertEqual((response.status, response.body), (200, b"after\n"))
        self.assertNoMalformedRequests(self.origin)

    def test_slow_body_arrives_whole(self):
        with rawhttp.Connection(self.edged.port) as conn:
            conn.send(rawhttp.get("/v/o1/slow"))
            response = conn.read_response()
        self.assertEqual(response.status, 200)
        self.assertEqual(response.body, self.slow)
        out = os.path.join(self.workdir(), "slow.out")
        result = self.curl("--http2-prior-knowledge", "-o", out, self.edged.url("/v/o1/slow"))
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), self.slow)

    def test_fast_viewer_gets_bytes_as_the_origin_sends_them(self):
        gate = threading.Event()
        self.addCleanup(gate.set)
        self.origin.route("/v/o1/gated", gated_body(b"F" * 1000, b"R" * 1000, gate))
        with rawhttp.Connection(self.edged.port) as conn:
            conn.send(rawhttp.get("/v/o1/gated"))
            # The origin holds back the second half until the first reached the viewer.
            _, status, _, _ = conn.read_head()
            self.assertEqual(status, 200)
            self.assertEqual(conn.read_exactly(1000), b"F" * 1000)
            gate.set()
            self.assertEqual(conn.read_exactly(1000), b"R" * 1000)

    def test_origin_that_never_answers_gets_504(self):
        before = self.edged.metrics()
        response = rawhttp.exchange(self.edged.port, rawhttp.get("/v/o1/hang"))
        after = self.edged.metrics()
        self.assertEqual(response.status, 504)
        self.assertGreaterEqual(
            metrics.delta(before, after, "upstream_errors_total", kind="timeout"), 1)

    def test_origin_down_gets_502(self):
        dead = f"http://127.0.0.1:{processes.free_port()}"
        edged = self.start_edged([dead], name="edged-dead-origin",
                                 args=["--origin-retries", "1", "--origin-retry-backoff", "10ms"])
        before = edged.metrics()
        response = rawhttp.exchange(edged.port, rawhttp.get("/v/o1/any"))
        after = edged.metrics()
        self.assertEqual(response.status, 502)
        self.assertGreaterEqual(
            metrics.delta(before, after, "upstream_errors_total", kind="connect"), 1)
        edged.stop()


if __name__ == "__main__":
    main()
