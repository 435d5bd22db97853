#!/usr/bin/env python3
# The request path's guards and pass-through: unsafe or foreign paths refused with 400 before
# anything reaches an origin; single, suffix and If-Range ranges and conditional requests
# relayed from nginx (206, 304, 416); multi-range answered with the full 200 and never
# forwarded.
import os

from edgeharness import media, metrics, rawhttp
from edgeharness.case import EdgeTestCase, main
from edgeharness.origin import serve

PATH_REJECTIONS = "edge_proxy_path_rejections_total"
RANGE_REWRITES = "edge_proxy_range_rewrites_total"

# (target, path safety reasons it may be counted under)
UNSAFE_TARGETS = [
    ("/v/s1/../../etc/passwd", {"dot_segment"}),
    ("/v/s1/./seg_0.m4s", {"dot_segment"}),
    ("/v/..", {"dot_segment", "no_video"}),
    ("/v/s1/%2e%2e/x", {"encoded_dot"}),
    ("/v/s1/%2E%2e/x", {"encoded_dot"}),
    ("/v/s1%2f..%2fx", {"encoded_slash"}),
    ("/v/s1/a%2Fb", {"encoded_slash"}),
    ("/v/s1/a%00b", {"encoded_nul"}),
    ("/v/s1/a%5cb", {"encoded_backslash"}),
    ("/v/s1/a\\b", {"backslash"}),
    ("/v/s1/a%252e%252e", {"encoded_percent"}),
    ("/v/s1/a%zz", {"bad_percent"}),
    ("/v/s1/a%0a", {"encoded_control"}),
    ("/v/s1//a", {"empty_segment"}),
    ("/etc/passwd", {"outside_prefix"}),
    ("/vx/s1/a", {"outside_prefix"}),
    ("/", {"outside_prefix"}),
    ("/v/", {"no_video"}),
]


class PathSafetyTest(EdgeTestCase):
    @classmethod
    def setUpClass(cls):
        cls.origin = cls.start_origin()
        cls.body = media.make_large_file(os.path.join(cls.workdir(), "body"), 5000)
        with open(cls.body, "rb") as f:
            cls.body_bytes = f.read()
        cls.origin.route("/v/s1/a", serve(cls.body_bytes))
        cls.edged = cls.start_edged([cls.origin.url])

    def test_unsafe_paths_are_refused_before_the_origin(self):
        for target, reasons in UNSAFE_TARGETS:
            with self.subTest(target=target):
                seen_before = len(self.origin.requests())
                before = self.edged.metrics()
                response, closed = rawhttp.refused(
                    self.edged.port, f"GET {target} HTTP/1.1\r\nHost: e.test\r\n\r\n".encode())
                after = self.edged.metrics()
                self.assertEqual(response.status, 400)
                moved = {r: metrics.delta(before, after, PATH_REJECTIONS, reason=r)
                         for r in reasons}
                self.assertEqual(sum(moved.values()), 1, f"{PATH_REJECTIONS}: {moved}")
                self.assertEqual(len(self.origin.requests()), seen_before,
                                 f"{target} reached the origin")
                self.assertTrue(closed, "connection left open after a refused path")
        self.assertNoMalformedRequests(self.origin)

    def test_absolute_form_reaches_the_origin_in_origin_form(self):
        response = rawhttp.exchange(
            self.edged.port, b"GET http://origin.test/v/s1/a HTTP/1.1\r\nHost: e.test\r\n\r\n")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.body, self.body_bytes)
        self.assertNoMalformedRequests(self.origin)

    def test_unsafe_paths_over_h2_are_refused(self):
        seen_before = len(self.origin.requests())
        for target in ("/v/s1/%2e%2e/x", "/v/s1/a%2Fb", "/other/a", "/v/s1/a%00b"):
            with self.subTest(target=target):
                result = self.curl("--http2-prior-knowledge", "--path-as-is", "-o", os.devnull,
                                   "-w", "%{http_code}", self.edged.url(target))
                self.assertEqual(result.stdout, b"400", result.stderr)
        self.assertEqual(len(self.origin.requests()), seen_before)

    def test_multi_range_gets_the_full_body_and_no_range_reaches_the_origin(self):
        before = self.edged.metrics()
        for version in ("--http1.1", "--http2-prior-knowledge"):
            with self.subTest(version=version):
                out = os.path.join(self.workdir(), "multi.out")
                result = self.curl(version, "-H", "Range: bytes=0-9,20-29,0-4999", "-o", out,
                                   "-w", "%{http_code}", self.edged.url("/v/s1/a"))
                self.assertEqual(result.stdout, b"200", result.stderr)
                with open(out, "rb") as f:
                    self.assertEqual(f.read(), self.body_bytes)
        after = self.edged.metrics()
        self.assertEqual(metrics.delta(before, after, RANGE_REWRITES, kind="multiple"), 2)
        forwarded = self.origin.requests_for("/v/s1/a")
        self.assertGreaterEqual(len(forwarded), 2)
        for request in forwarded:
            self.assertEqual(request.header("range"), [], "a multi-range reached the origin")
        self.assertNoMalformedRequests(self.origin)


class RangeAndConditionalTest(EdgeTestCase):
    SIZE = 100_000

    @classmethod
    def setUpClass(cls):
        cls.root = os.path.join(cls.workdir(), "www")
        media.make_large_file(os.path.join(cls.root, "v", "r1", "seg_0.m4s"), cls.SIZE)
        cls.body = media.read(cls.root, "v/r1/seg_0.m4s")
        cls.nginx = cls.start_nginx(cls.root)
        cls.edged = cls.start_edged([cls.nginx.url])

    def get(self, *fields, method="GET"):
        data = (f"{method} /v/r1/seg_0.m4s HTTP/1.1\r\nHost: e.test\r\n" +
                "".join(f"{f}\r\n" for f in fields) + "\r\n").encode()
        with rawhttp.Connection(self.edged.port) as conn:
            conn.send(data)
            return conn.read_response(method)

    def validators(self):
        response = self.get(method="HEAD")
        self.assertEqual(response.status, 200)
        etag = response.header("etag")
        last_modified = response.header("last-modified")
        self.assertIsNotNone(etag, "the origin's ETag was not relayed")
        self.assertIsNotNone(last_modified, "the origin's Last-Modified was not relayed")
        return etag, last_modified

    def test_single_range(self):
        response = self.get("Range: bytes=10-19")
        self.assertEqual(response.status, 206)
        self.assertEqual(response.header("content-range"), f"bytes 10-19/{self.SIZE}")
        self.assertEqual(response.body, self.body[10:20])

    def test_suffix_range(self):
        response = self.get("Range: bytes=-100")
        self.assertEqual(response.status, 206)
        self.assertEqual(response.header("content-range"),
                         f"bytes {self.SIZE - 100}-{self.SIZE - 1}/{self.SIZE}")
        self.assertEqual(response.body, self.body[-100:])

    def test_suffix_range_over_h2(self):
        out = os.path.join(self.workdir(), "suffix.out")
        result = self.curl("--http2-prior-knowledge", "-r", "-100", "-o", out, "-w",
                           "%{http_code}", self.edged.url("/v/r1/seg_0.m4s"))
        self.assertEqual(result.stdout, b"206", result.stderr)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), self.body[-100:])

    def test_open_range(self):
        response = self.get(f"Range: bytes={self.SIZE - 5}-")
        self.assertEqual(response.status, 206)
        self.assertEqual(response.body, self.body[-5:])

    def test_unsatisfiable_range_is_relayed_as_416(self):
        response = self.get(f"Range: bytes={self.SIZE * 2}-")
        self.assertEqual(response.status, 416)

    def test_if_range_with_the_current_etag_gives_the_range(self):
        etag, _ = self.validators()
        response = self.get("Range: bytes=0-99", f"If-Range: {etag}")
        self.assertEqual(response.status, 206)
        self.assertEqual(response.body, self.body[:100])

    def test_if_range_with_a_stale_etag_gives_the_full_body(self):
        response = self.get("Range: bytes=0-99", 'If-Range: "stale-etag"')
        self.assertEqual(response.status, 200)
        self.assertEqual(response.body, self.body)

    def test_if_none_match_gives_304(self):
        etag, _ = self.validators()
        response = self.get(f"If-None-Match: {etag}")
        self.assertEqual(response.status, 304)
        self.assertEqual(response.body, b"")

    def test_if_modified_since_gives_304(self):
        _, last_modified = self.validators()
        response = self.get(f"If-Modified-Since: {last_modified}")
        self.assertEqual(response.status, 304)

    def test_multi_range_from_nginx_is_the_full_200(self):
        response = self.get("Range: bytes=0-0,-1")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.body, self.body)
        self.assertNotIn("multipart", response.header("content-type") or "")

    def test_invalid_range_is_ignored(self):
        response = self.get("Range: bytes=abc")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.body, self.body)


if __name__ == "__main__":
    main()
