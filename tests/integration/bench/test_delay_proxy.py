#!/usr/bin/env python3
# delayproxy end to end: bytes cross intact both ways; an exchange takes at least the RTT and a
# shaped transfer at least size / rate (lower bounds only: a busy machine is only slower); a
# half-close crosses and the other direction goes on; a reset crosses as a reset; a target that
# is down ends the client's connection; a slow reader holds the proxy's buffer within its bound;
# SIGTERM exits 0; a bad flag exits 2 naming it.
import signal
import socket
import subprocess
import threading

from delayharness import (DelayProxy, ProcessTestCase, Target, binary, digest, elapsed, main,
                          payload, read_all, wait_until)

MB = 1 << 20


class ProxyCase(ProcessTestCase):
    WORKDIR_PREFIX = "delayproxy-it"
    KEEP_ENV = "DELAYPROXY_IT_KEEP"

    @classmethod
    def start_target(cls, handler):
        target = Target(handler)
        cls.addClassCleanup(target.close)
        return target

    @classmethod
    def start_proxy(cls, targets, flags=(), name="delayproxy"):
        routes = [f"127.0.0.1:0={target.address}" for target in targets]
        proxy = DelayProxy(cls.workdir(), routes, flags, name=name)
        cls.addClassCleanup(stop_cleanly, proxy)
        return proxy.start()


def stop_cleanly(proxy):
    """SIGTERM, then exit status 0: a sanitizer's report at exit fails the test."""
    status = proxy.stop()
    if status != 0:
        raise AssertionError(f"{proxy.name} exited with {status}\n{proxy.describe()}")


def send_and_hash(size, seed):
    """A target that sends `size` bytes while it reads to EOF; answers the digest it read."""
    def handler(sock):
        sender = threading.Thread(target=sock.sendall, args=(payload(size, seed),))
        sender.start()
        received = read_all(sock)
        sender.join()
        return digest(received)
    return handler


def echo(sock):
    while True:
        data = sock.recv(1 << 16)
        if not data:
            return None
        sock.sendall(data)


class TransferTest(ProxyCase):
    @classmethod
    def setUpClass(cls):
        cls.target = cls.start_target(send_and_hash(3 * MB, "down"))
        cls.proxy = cls.start_proxy([cls.target], ["--rtt", "10ms", "--buffer", "256K"])

    def test_bytes_pass_intact_both_ways(self):
        sent = payload(4 * MB, "up")
        with self.proxy.connect() as client:
            sender = threading.Thread(target=lambda: (client.sendall(sent),
                                                      client.shutdown(socket.SHUT_WR)))
            sender.start()
            received = read_all(client)
            sender.join()
        self.assertEqual(digest(received), digest(payload(3 * MB, "down")))
        [target_read] = self.target.wait_results(1)
        self.assertEqual(target_read, digest(sent))
        after = self.proxy.scrape()
        self.assertEqual(after.value("delayproxy_bytes_total", direction="up"), 4 * MB)
        self.assertEqual(after.value("delayproxy_bytes_total", direction="down"), 3 * MB)
        self.assertEqual(after.value("delayproxy_connections_opened_total"), 1)
        wait_until(lambda: self.proxy.scrape().value("delayproxy_connections_active") == 0, 10,
                   what="the connection to close")


class DelayTest(ProxyCase):
    RTT = 0.080

    @classmethod
    def setUpClass(cls):
        cls.target = cls.start_target(echo)
        cls.proxy = cls.start_proxy([cls.target], ["--rtt", "80ms"])

    def exchange(self, client, data):
        client.sendall(data)
        received = b""
        while len(received) < len(data):
            chunk = client.recv(1 << 16)
            self.assertTrue(chunk, "the connection closed early")
            received += chunk
        return received

    def test_an_exchange_takes_at_least_the_rtt(self):
        # The first exchange also pays the handshake's round trip to the target.
        (client, echoed), first = elapsed(
            lambda: (client := self.proxy.connect(), self.exchange(client, b"ping")))
        with client:
            self.assertEqual(echoed, b"ping")
            self.assertGreaterEqual(first, 2 * self.RTT)
            for _ in range(3):
                echoed, took = elapsed(lambda: self.exchange(client, b"x" * 1000))
                self.assertEqual(echoed, b"x" * 1000)
                self.assertGreaterEqual(took, self.RTT)

    def test_a_half_close_crosses_and_the_reply_still_comes(self):
        def half_close():
            with self.proxy.connect() as client:
                client.sendall(b"request")
                client.shutdown(socket.SHUT_WR)
                # The echo ends its side when it reads our FIN, after everything it echoed.
                return read_all(client)

        reply, took = elapsed(half_close)
        self.assertEqual(reply, b"request")
        self.assertGreaterEqual(took, 2 * self.RTT)


class ShapingTest(ProxyCase):
    RATE = 1_000_000  # bytes per second: --rate-down 8M
    BURST = 10_000    # 10 ms at that rate

    @classmethod
    def setUpClass(cls):
        cls.target = cls.start_target(send_and_hash(MB, "shaped"))
        cls.proxy = cls.start_proxy([cls.target], ["--rate-down", "8M"], name="per-connection")
        cls.link_target = cls.start_target(send_and_hash(MB // 2, "shared"))
        cls.link = cls.start_proxy([cls.link_target], ["--link-rate-down", "8M"], name="shared")

    def fetch(self, proxy):
        with proxy.connect() as client:
            client.shutdown(socket.SHUT_WR)
            return read_all(client)

    def test_a_shaped_transfer_takes_at_least_size_over_rate(self):
        received, took = elapsed(lambda: self.fetch(self.proxy))
        self.assertEqual(digest(received), digest(payload(MB, "shaped")))
        self.assertGreaterEqual(took, (MB - self.BURST) / self.RATE)

    def test_connections_of_a_route_share_its_link_rate(self):
        results = []

        def fetch():
            results.append(self.fetch(self.link))

        threads = [threading.Thread(target=fetch) for _ in range(2)]
        _, took = elapsed(lambda: ([t.start() for t in threads], [t.join() for t in threads]))
        self.assertEqual([digest(r) for r in results], [digest(payload(MB // 2, "shared"))] * 2)
        self.assertGreaterEqual(took, (MB - self.BURST) / self.RATE)


class EndsTest(ProxyCase):
    @classmethod
    def setUpClass(cls):
        def reset_after_hello(sock):
            sock.sendall(b"hello")
            sock.recv(16)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
            return None

        cls.resetting = cls.start_target(reset_after_hello)
        down = socket.create_server(("127.0.0.1", 0))
        cls.down_address = f"127.0.0.1:{down.getsockname()[1]}"
        down.close()  # nothing listens there any more
        routes = [f"127.0.0.1:0={cls.resetting.address}", f"127.0.0.1:0={cls.down_address}"]
        cls.proxy = DelayProxy(cls.workdir(), routes, ["--rtt", "20ms"])
        cls.addClassCleanup(stop_cleanly, cls.proxy)
        cls.proxy.start()

    def test_a_reset_crosses_as_a_reset(self):
        with self.proxy.connect(0) as client:
            self.assertEqual(client.recv(16), b"hello")
            client.sendall(b"bye")
            with self.assertRaises(ConnectionResetError):
                while client.recv(16):
                    pass

    def test_a_target_that_is_down_ends_the_client_connection(self):
        before = self.proxy.scrape()
        with self.proxy.connect(1, timeout=10) as client:
            client.sendall(b"anyone there?")
            try:
                self.assertEqual(client.recv(16), b"")
            except ConnectionResetError:
                pass
        after = self.proxy.scrape()
        failed = "delayproxy_connections_failed_total"
        self.assertEqual(after.value(failed, route="1") - before.value(failed, route="1"), 1)
        self.assertTrue(self.proxy.running())


class SlowReaderTest(ProxyCase):
    BUFFER = 256 * 1024
    SIZE = 32 * MB

    @classmethod
    def setUpClass(cls):
        cls.sent = [0]

        def flood(sock):
            data = payload(cls.SIZE, "flood")
            view = memoryview(data)
            while view:
                n = sock.send(view[:1 << 16])
                cls.sent[0] += n
                view = view[n:]
            sock.shutdown(socket.SHUT_WR)
            return read_all(sock)

        cls.target = cls.start_target(flood)
        cls.proxy = cls.start_proxy([cls.target], ["--rtt", "2ms", "--buffer", "256K"])

    def buffered(self):
        return self.proxy.scrape().value("delayproxy_buffered_bytes", direction="down")

    def test_a_slow_reader_keeps_the_buffer_within_its_bound(self):
        with self.proxy.connect() as client:
            client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
            # The target stalls once the kernel buffers and the proxy's bound are full.
            wait_until(lambda: self.buffered() > 0, 20, what="bytes to wait in the proxy")

            def stalled():
                before = self.sent[0]
                threading.Event().wait(0.3)
                return self.sent[0] == before

            wait_until(stalled, 30, what="the target to stall")
            self.assertLess(self.sent[0], self.SIZE)
            for _ in range(10):
                self.assertLessEqual(self.buffered(), self.BUFFER)
            received = read_all(client)
        self.assertEqual(digest(received), digest(payload(self.SIZE, "flood")))


class LifecycleTest(ProxyCase):
    def test_sigterm_exits_0_with_connections_open(self):
        target = self.start_target(echo)
        proxy = DelayProxy(self.workdir(), [f"127.0.0.1:0={target.address}"], ["--rtt", "40ms"],
                           name="stopped")
        self.addCleanup(proxy.stop)
        proxy.start()
        with proxy.connect() as client:
            client.sendall(b"in flight")
            proxy.process.send_signal(signal.SIGTERM)
            self.assertEqual(proxy.process.wait(20), 0)

    def test_bad_flags_exit_2_naming_the_flag(self):
        route = ["--route", "127.0.0.1:0=127.0.0.1:9"]
        cases = [
            ([], "--route"),
            (["--route", "127.0.0.1:0=localhost:80"], "--route"),
            (route + ["--rtt", "80"], "--rtt"),
            (route + ["--rate-down", "10X"], "--rate-down"),
            (route + ["--buffer", "0"], "--buffer"),
            (route + ["--no-such-flag"], "--no-such-flag"),
        ]
        for args, flag in cases:
            with self.subTest(args=args):
                done = subprocess.run([binary(), *args], capture_output=True, text=True,
                                      timeout=20)
                self.assertEqual(done.returncode, 2, done.stderr)
                self.assertIn(flag, done.stderr)

    def test_a_port_in_use_is_an_error(self):
        taken = socket.create_server(("127.0.0.1", 0))
        self.addCleanup(taken.close)
        port = taken.getsockname()[1]
        done = subprocess.run([binary(), "--route", f"127.0.0.1:{port}=127.0.0.1:9"],
                              capture_output=True, text=True, timeout=20)
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn(f"127.0.0.1:{port}", done.stderr)

    def test_help_and_version(self):
        for flag, expected in (("--help", "--link-rate-up"), ("--version", "delayproxy ")):
            done = subprocess.run([binary(), flag], capture_output=True, text=True, timeout=20)
            self.assertEqual(done.returncode, 0)
            self.assertIn(expected, done.stdout)


if __name__ == "__main__":
    main()
