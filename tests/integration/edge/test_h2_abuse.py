#!/usr/bin/env python3
# HTTP/2 abuse through a hand-written frame client: rapid reset (CVE-2023-44487), SETTINGS,
# PING, empty-frame and CONTINUATION floods, and a zero-window stall. Each ends with the
# connection closed (GOAWAY ENHANCE_YOUR_CALM for floods), a counter moved, and the server
# still serving others.
import os

from edgeharness import h2, metrics
from edgeharness.case import EdgeTestCase, main
from edgeharness.origin import serve

MISBEHAVIOUR = "server_http2_misbehaviour_total"
LIMIT = 50


class Http2AbuseTest(EdgeTestCase):
    @classmethod
    def setUpClass(cls):
        cls.origin = cls.start_origin()
        cls.origin.route("/v/h1/ok", serve(b"ok\n"))
        cls.origin.route("/v/h1/big", serve(b"B" * 1_000_000))
        cls.edged = cls.start_edged(
            [cls.origin.url],
            args=["--h2-max-resets", str(LIMIT), "--h2-max-control-frames", str(LIMIT),
                  "--h2-max-empty-frames", str(LIMIT), "--h2-abuse-window", "60s",
                  "--write-timeout", "1s"])

    def tearDown(self):
        # Whatever a test did, the server still answers a well-behaved client.
        result = self.curl("--http2-prior-knowledge", "-o", os.devnull, "-w", "%{http_code}",
                           self.edged.url("/healthz"))
        self.assertEqual(result.stdout, b"200", result.stderr)
        self.assertNoMalformedRequests(self.origin)

    def attack(self, payload, reasons, settings=b""):
        """Sends `payload` after the preface; asserts GOAWAY ENHANCE_YOUR_CALM, the close and
        one of `reasons` counted."""
        before = self.edged.metrics()
        with h2.H2Connection(self.edged.port, settings=settings) as conn:
            conn.send(payload)
            frames, closed = conn.frames_until_close()
        after = self.edged.metrics()
        goaway = h2.goaway_of(frames)
        self.assertIsNotNone(goaway, "no GOAWAY")
        self.assertEqual(goaway.goaway_error(), h2.ENHANCE_YOUR_CALM)
        self.assertTrue(closed, "connection left open after GOAWAY")
        moved = {r: metrics.delta(before, after, MISBEHAVIOUR, reason=r) for r in reasons}
        self.assertGreaterEqual(sum(moved.values()), 1, f"{MISBEHAVIOUR}: {moved}")
        self.assertGreaterEqual(
            metrics.delta(before, after, "server_http2_goaways_sent_total"), 1)

    def test_rapid_reset(self):
        payload = b""
        for i in range(4 * LIMIT):
            stream = 1 + 2 * i
            payload += h2.frame(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, stream,
                                h2.request_block("/v/h1/ok"))
            payload += h2.frame(h2.RST_STREAM, 0, stream, h2.CANCEL.to_bytes(4, "big"))
        self.attack(payload, {"rapid_reset"})

    def test_settings_flood(self):
        self.attack(h2.frame(h2.SETTINGS, 0, 0) * (20 * LIMIT),
                    {"settings_flood", "outbound_flood"})

    def test_ping_flood(self):
        self.attack(h2.frame(h2.PING, 0, 0, b"12345678") * (20 * LIMIT),
                    {"ping_flood", "outbound_flood"})

    def test_empty_data_frame_flood(self):
        payload = h2.frame(h2.HEADERS, h2.END_HEADERS, 1, h2.request_block("/v/h1/ok"))
        payload += h2.frame(h2.DATA, 0, 1) * (4 * LIMIT)
        self.attack(payload, {"empty_frame_flood"})

    def test_continuation_flood(self):
        block = h2.request_block("/v/h1/ok", extra=[("x-filler", "f" * 4000)])
        payload = h2.frame(h2.HEADERS, 0, 1, block[:10])
        pieces = [block[i:i + 1] for i in range(10, len(block))]
        for piece in pieces[:-1]:
            payload += h2.frame(h2.CONTINUATION, 0, 1, piece)
        payload += h2.frame(h2.CONTINUATION, h2.END_HEADERS, 1, pieces[-1])
        self.attack(payload, {"continuation_flood", "empty_frame_flood"})

    def zero_window_stall(self, path):
        """Asks for `path` with a zero initial stream window and never opens it: the connection
        must be closed by the write timeout, with no DATA sent."""
        before = self.edged.metrics()
        zero_window = (h2.SETTINGS_INITIAL_WINDOW_SIZE.to_bytes(2, "big") +
                       (0).to_bytes(4, "big"))
        with h2.H2Connection(self.edged.port, settings=zero_window) as conn:
            conn.send(h2.frame(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, 1,
                               h2.request_block(path)))
            frames, closed = conn.frames_until_close(timeout=30)
        after = self.edged.metrics()
        self.assertTrue(closed, "a stalled stream kept its connection open")
        data = sum(len(f.payload) for f in frames if f.kind == h2.DATA)
        self.assertEqual(data, 0, "DATA sent into a zero window")
        self.assertGreaterEqual(
            metrics.delta(before, after, "server_timeouts_total", kind="write"), 1)

    def test_zero_window_stall_on_a_proxied_body(self):
        self.zero_window_stall("/v/h1/big")

    def test_zero_window_stall_on_a_small_local_response(self):
        self.zero_window_stall("/healthz")

if __name__ == "__main__":
    main()
