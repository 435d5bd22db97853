#!/usr/bin/env python3
# Backpressure end to end: a viewer that reads a little of a 20 MB body from a fast nginx origin
# and then stops must not make edged buffer the body. edged's resident memory (VmRSS) is sampled
# while the viewer stalls, over HTTP/1.1 (a small receive buffer) and HTTP/2 (no WINDOW_UPDATE),
# and must stay within a bound; the whole body then arrives intact.
import hashlib
import os
import sys
import time

from edgeharness import h2, media, rawhttp
from edgeharness.case import EdgeTestCase, main

SIZE = 20 * 1024 * 1024
MAX_GROWTH_KIB = 8 * 1024
STALL_SAMPLES = 15
SAMPLE_INTERVAL = 0.2
PATH = "/v/big1/big.bin"


class SlowReaderTest(EdgeTestCase):
    @classmethod
    def setUpClass(cls):
        root = os.path.join(cls.workdir(), "www")
        media.make_large_file(os.path.join(root, PATH.lstrip("/")), SIZE)
        cls.digest = hashlib.sha256(media.read(root, PATH.lstrip("/"))).hexdigest()
        cls.nginx = cls.start_nginx(root)
        cls.edged = cls.start_edged([cls.nginx.url], workers=1)
        # One fast read of the whole body first, so that buffers a fast viewer legitimately
        # needs are already counted in the baseline.
        with rawhttp.Connection(cls.edged.port) as conn:
            conn.send(rawhttp.get(PATH))
            response = conn.read_response()
        if hashlib.sha256(response.body).hexdigest() != cls.digest:
            raise AssertionError("warm-up read of the large body differs from the file")

    def sample_stall(self):
        """Edged's VmRSS samples (KiB) taken while the viewer reads nothing."""
        samples = []
        for _ in range(STALL_SAMPLES):
            time.sleep(SAMPLE_INTERVAL)
            samples.append(self.edged.rss_kib())
        return samples

    def assertBounded(self, baseline, samples, after):
        growth = max(samples + [after]) - baseline
        print(f"\n  edged VmRSS: baseline {baseline} KiB, during the stall {min(samples)}-"
              f"{max(samples)} KiB, after {after} KiB: growth {growth} KiB", file=sys.stderr)
        self.assertLess(growth, MAX_GROWTH_KIB,
                        f"edged RSS grew {growth} KiB while the viewer stalled "
                        f"(baseline {baseline} KiB, samples {samples}, after {after} KiB)")

    def test_http1_slow_reader_keeps_rss_flat(self):
        baseline = self.edged.rss_kib()
        with rawhttp.Connection(self.edged.port, rcvbuf=64 * 1024) as conn:
            conn.send(rawhttp.get(PATH))
            version, status, _, headers = conn.read_head()
            self.assertEqual(status, 200)
            received = hashlib.sha256()
            first = conn.read_exactly(256 * 1024)
            received.update(first)
            samples = self.sample_stall()
            remaining = SIZE - len(first)
            while remaining:
                chunk = conn.read_some(min(remaining, 1 << 20))
                self.assertTrue(chunk, f"connection ended with {remaining} bytes to go")
                received.update(chunk)
                remaining -= len(chunk)
        after = self.edged.rss_kib()
        self.assertEqual(received.hexdigest(), self.digest, "body differs after the stall")
        self.assertBounded(baseline, samples, after)

    def test_http2_reader_without_window_updates_keeps_rss_flat(self):
        baseline = self.edged.rss_kib()
        with h2.H2Connection(self.edged.port) as conn:
            conn.send(h2.frame(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, 1,
                               h2.request_block(PATH)))
            received = hashlib.sha256()
            got = 0
            # The default windows (65535 bytes) are all the server may send before we open them.
            while got < 65535:
                f = conn.read_frame()
                self.assertIsNotNone(f, "connection closed before the window was used")
                self.assertNotIn(f.kind, (h2.RST_STREAM, h2.GOAWAY), "stream refused")
                if f.kind == h2.DATA and f.stream == 1:
                    received.update(f.payload)
                    got += len(f.payload)
            samples = self.sample_stall()
            big = 1 << 30
            update = (h2.frame(h2.WINDOW_UPDATE, 0, 0, big.to_bytes(4, "big")) +
                      h2.frame(h2.WINDOW_UPDATE, 0, 1, big.to_bytes(4, "big")))
            conn.send(update)
            ended = False
            while not ended:
                f = conn.read_frame()
                self.assertIsNotNone(f, f"connection closed after {got} bytes")
                self.assertNotIn(f.kind, (h2.RST_STREAM, h2.GOAWAY), "stream aborted")
                if f.kind == h2.DATA and f.stream == 1:
                    received.update(f.payload)
                    got += len(f.payload)
                    ended = bool(f.flags & h2.END_STREAM)
        after = self.edged.rss_kib()
        self.assertEqual(got, SIZE)
        self.assertEqual(received.hexdigest(), self.digest, "body differs after the stall")
        self.assertBounded(baseline, samples, after)


if __name__ == "__main__":
    main()
