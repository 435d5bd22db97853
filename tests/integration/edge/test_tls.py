#!/usr/bin/env python3
# TLS on edged's TLS listener: SNI picks among several certificates, an unknown or missing name
# gets the default (the first), ALPN offers h2 and http/1.1, TLS 1.2 and 1.3 both work and
# resume sessions, and a handshake that is not TLS is counted and closed.
import os
import socket
import ssl

from edgeharness import certs, media, metrics, rawhttp
from edgeharness.case import EdgeTestCase, main

NAME_A = "edge-a.test"
NAME_B = "edge-b.test"


class TlsTest(EdgeTestCase):
    @classmethod
    def setUpClass(cls):
        root = os.path.join(cls.workdir(), "www")
        media.make_large_file(os.path.join(root, "v", "t1", "obj"), 3000)
        cls.body = media.read(root, "v/t1/obj")
        cls.a = certs.make_cert(NAME_A, cls.workdir())
        cls.b = certs.make_cert(NAME_B, cls.workdir(), "rsa")
        cls.nginx = cls.start_nginx(root)
        cls.edged = cls.start_edged([cls.nginx.url], certs=[cls.a, cls.b])

    def test_sni_selects_the_matching_certificate(self):
        self.assertEqual(certs.served_der(self.edged.tls_port, NAME_A), certs.der_of(self.a[0]))
        self.assertEqual(certs.served_der(self.edged.tls_port, NAME_B), certs.der_of(self.b[0]))

    def test_unknown_sni_gets_the_default_certificate(self):
        self.assertEqual(certs.served_der(self.edged.tls_port, "unknown.test"),
                         certs.der_of(self.a[0]))

    def test_no_sni_gets_the_default_certificate(self):
        self.assertEqual(certs.served_der(self.edged.tls_port, None), certs.der_of(self.a[0]))

    def test_unknown_sni_still_serves_requests(self):
        result = self.curl("-k", "--http2", "-o", os.devnull, "-w", "%{http_code} %{http_version}",
                           "--resolve", f"unknown.test:{self.edged.tls_port}:127.0.0.1",
                           f"https://unknown.test:{self.edged.tls_port}/v/t1/obj")
        self.assertEqual(result.stdout, b"200 2", result.stderr)

    def test_alpn(self):
        for offered, chosen in ((("h2", "http/1.1"), "h2"), (("http/1.1",), "http/1.1")):
            with self.subTest(offered=offered):
                with certs.connect(self.edged.tls_port, NAME_A, alpn=offered) as tls:
                    self.assertEqual(tls.selected_alpn_protocol(), chosen)

    def test_tls_versions(self):
        for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
            with self.subTest(version=version.name):
                context = certs.client_context()
                context.minimum_version = version
                context.maximum_version = version
                raw = socket.create_connection(("127.0.0.1", self.edged.tls_port), timeout=10)
                with context.wrap_socket(raw, server_hostname=NAME_B) as tls:
                    self.assertEqual(tls.version(), version.name.replace("_", "."))
                    conn = rawhttp.Connection(sock=tls)
                    conn.send(rawhttp.get("/v/t1/obj"))
                    response = conn.read_response()
                    self.assertEqual(response.status, 200)
                    self.assertEqual(response.body, self.body)

    def test_sessions_resume(self):
        for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
            with self.subTest(version=version.name):
                context = certs.client_context()
                context.minimum_version = version
                context.maximum_version = version
                session = None
                for attempt in range(2):
                    raw = socket.create_connection(("127.0.0.1", self.edged.tls_port), timeout=10)
                    with context.wrap_socket(raw, server_hostname=NAME_A,
                                             session=session) as tls:
                        # A request first: TLS 1.3 tickets come after the handshake.
                        conn = rawhttp.Connection(sock=tls)
                        conn.send(rawhttp.get("/v/t1/obj"))
                        self.assertEqual(conn.read_response().status, 200)
                        if attempt == 1:
                            self.assertTrue(tls.session_reused, "session not resumed")
                        session = tls.session

    def test_plaintext_on_the_tls_port_is_a_counted_handshake_failure(self):
        before = self.edged.metrics()
        with rawhttp.Connection(self.edged.tls_port) as conn:
            conn.send(rawhttp.get("/v/t1/obj"))
            received, closed = conn.drain_until_close()
        # A TLS alert may come before the close; an HTTP answer must not.
        self.assertFalse(received.startswith(b"HTTP/"), received[:100])
        self.assertTrue(closed)
        after = self.edged.metrics()
        self.assertGreaterEqual(
            metrics.delta(before, after, "server_tls_handshake_failures_total"), 1)


if __name__ == "__main__":
    main()
