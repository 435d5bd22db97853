#!/usr/bin/env python3
# Real clients through edged to a static nginx origin: curl over HTTP/1.1, h2c with prior
# knowledge, h2c by Upgrade, h2 and HTTP/1.1 over TLS (ALPN), and nghttp; every body must be
# byte-identical to the origin's file. Then a recording origin checks what edged forwards:
# Via, X-Forwarded-For, and no hop-by-hop fields either way.
import os
import subprocess

from edgeharness import certs, media, rawhttp, tools
from edgeharness.case import EdgeTestCase, main
from edgeharness.origin import serve

VIDEO = "clip1"
TLS_NAME = "edge-a.test"


class ThroughNginxTest(EdgeTestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = os.path.join(cls.workdir(), "www")
        cls.files = media.make_hls_clip(cls.root, VIDEO)
        cls.cert, cls.key = certs.make_cert(TLS_NAME, cls.workdir())
        cls.nginx = cls.start_nginx(cls.root)
        cls.edged = cls.start_edged([cls.nginx.url], certs=[(cls.cert, cls.key)])

    def fetch_all(self, *curl_args, tls=False, expect_version, max_size=None):
        for relative in self.files:
            if max_size is not None and len(media.read(self.root, relative)) > max_size:
                continue
            with self.subTest(file=relative):
                url = self.edged.url("/" + relative, tls=tls, host=TLS_NAME if tls else "127.0.0.1")
                args = list(curl_args)
                if tls:
                    args += ["--cacert", self.cert, "--resolve",
                             f"{TLS_NAME}:{self.edged.tls_port}:127.0.0.1"]
                out = os.path.join(self.workdir(), "curl.out")
                result = self.curl(*args, "-o", out, "-w", "%{http_code} %{http_version}", url)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout.decode(), f"200 {expect_version}")
                with open(out, "rb") as f:
                    self.assertEqual(f.read(), media.read(self.root, relative),
                                     f"body of {relative} differs from the origin's file")

    def test_curl_http1(self):
        self.fetch_all("--http1.1", expect_version="1.1")

    def test_curl_h2c_prior_knowledge(self):
        self.fetch_all("--http2-prior-knowledge", expect_version="2")

    def test_curl_h2c_upgrade(self):
        # curl 7.88 keeps at most 32 KB that arrive with the 101 response and fails beyond
        # ("connection buffer size is too small"), so it gets the playlists and init segment;
        # nghttp -u fetches a media segment by Upgrade below.
        self.fetch_all("--http2", expect_version="2", max_size=32 * 1024)

    def test_curl_h2_over_tls(self):
        self.fetch_all("--http2", tls=True, expect_version="2")

    def test_curl_http1_over_tls(self):
        self.fetch_all("--http1.1", tls=True, expect_version="1.1")

    def test_nghttp_fetches_a_segment(self):
        relative = f"v/{VIDEO}/360p/seg_1.m4s"
        expected = media.read(self.root, relative)
        nghttp = tools.tool("nghttp")
        variants = {
            "h2c prior knowledge": [self.edged.url("/" + relative)],
            "h2c upgrade": ["-u", self.edged.url("/" + relative)],
            "h2 over TLS": [self.edged.url("/" + relative, tls=True)],
        }
        for name, args in variants.items():
            with self.subTest(variant=name):
                result = subprocess.run([nghttp] + args, capture_output=True, timeout=60)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout, expected, f"{name}: body differs")

    def test_keep_alive_serves_many_requests_on_one_connection(self):
        relative = f"v/{VIDEO}/360p/index.m3u8"
        with rawhttp.Connection(self.edged.port) as conn:
            for _ in range(5):
                conn.send(rawhttp.get("/" + relative))
                response = conn.read_response()
                self.assertEqual(response.status, 200)
                self.assertEqual(response.body, media.read(self.root, relative))


class ForwardingTest(EdgeTestCase):
    """What edged sends to an origin and back: a recording origin sees every field."""

    BODY = b"forwarded body\n" * 10

    @classmethod
    def setUpClass(cls):
        cls.origin = cls.start_origin()
        cls.origin.route("/v/f1/plain", serve(cls.BODY, headers=[("X-End-To-End", "kept")]))
        cls.origin.route("/v/f1/hop", serve(cls.BODY, headers=[
            ("Connection", "X-Origin-Hop"), ("X-Origin-Hop", "1"),
            ("Keep-Alive", "timeout=5, max=100"), ("Proxy-Connection", "keep-alive"),
            ("X-End-To-End", "kept")]))
        cls.edged = cls.start_edged([cls.origin.url], pop="itest")

    def test_request_hop_by_hop_fields_are_removed_and_forwarding_fields_added(self):
        request = rawhttp.get("/v/f1/plain", extra=[
            "Connection: keep-alive, X-Drop-Me", "X-Drop-Me: 1", "Keep-Alive: timeout=5",
            "TE: trailers", "Proxy-Connection: keep-alive", "X-Forwarded-For: 203.0.113.9",
            "X-End-To-End: kept"])
        with rawhttp.Connection(self.edged.port) as conn:
            conn.send(request)
            response = conn.read_response()
        self.assertEqual(response.status, 200)
        self.assertEqual(response.body, self.BODY)
        seen = self.origin.requests_for("/v/f1/plain")
        self.assertEqual(len(seen), 1)
        upstream = seen[0]
        self.assertEqual(upstream.problems(), [])
        for name in ("X-Drop-Me", "Keep-Alive", "TE", "Proxy-Connection"):
            self.assertEqual(upstream.header(name), [], f"{name} reached the origin")
        for value in upstream.header("connection"):
            self.assertNotIn("x-drop-me", value.lower())
        self.assertEqual(upstream.header("x-end-to-end"), ["kept"])
        via = ",".join(upstream.header("via"))
        self.assertIn("itest", via, f"Via: {via!r}")
        # The peer is not a trusted proxy: its X-Forwarded-For is replaced by its address.
        self.assertEqual(upstream.header("x-forwarded-for"), ["127.0.0.1"])

    def test_response_hop_by_hop_fields_are_removed(self):
        with rawhttp.Connection(self.edged.port) as conn:
            conn.send(rawhttp.get("/v/f1/hop"))
            response = conn.read_response()
        self.assertEqual(response.status, 200)
        self.assertEqual(response.body, self.BODY)
        names = response.header_names()
        for name in ("x-origin-hop", "keep-alive", "proxy-connection"):
            self.assertNotIn(name, names, f"{name} reached the viewer")
        self.assertNotIn("x-origin-hop", (response.header("connection") or "").lower())
        self.assertEqual(response.header("x-end-to-end"), "kept")
        self.assertIn("itest", response.header("via") or "", "no Via on the response")

    def test_h2_request_is_forwarded_as_http1_with_forwarding_fields(self):
        result = self.curl("--http2-prior-knowledge", "-H", "X-Forwarded-For: 198.51.100.7",
                           "-H", "X-End-To-End: kept", "-D", "-", "-o", os.devnull,
                           self.edged.url("/v/f1/hop?h2=1"))
        self.assertEqual(result.returncode, 0, result.stderr)
        head = result.stdout.decode("latin-1").lower()
        self.assertTrue(head.startswith("http/2 200"), head)
        self.assertNotIn("x-origin-hop:", head)
        self.assertNotIn("keep-alive:", head)
        upstream = [r for r in self.origin.requests_for("/v/f1/hop") if "h2=1" in r.target]
        self.assertEqual(len(upstream), 1)
        self.assertEqual(upstream[0].problems(), [])
        self.assertEqual(upstream[0].header("x-forwarded-for"), ["127.0.0.1"])
        self.assertEqual(upstream[0].header("x-end-to-end"), ["kept"])
        self.assertIn("itest", ",".join(upstream[0].header("via")))


if __name__ == "__main__":
    main()
