#!/usr/bin/env python3
# delayproxy's transparent routes, as the local fleet uses them in a viewer's namespace: an
# nftables redirect sends a client's connection to the proxy, which goes on, across the delay,
# to the address the client dialled, from the client's own address and with a mark the rule
# lets pass. The test process moves into a network namespace of its own (unshare), so the
# rules and addresses it adds vanish with it; that needs root, and nft (Debian nftables).
import ctypes
import os
import shutil
import socket
import subprocess
import unittest

from delayharness import DelayProxy, ProcessTestCase, Target, binary, elapsed, main

_CLONE_NEWNET = 0x40000000
CLIENT = "192.0.2.2"
DESTINATIONS = [("192.0.2.1", 9000), ("192.0.2.3", 9001)]
MARK = 119
RTT = 0.040


def setUpModule():
    if os.geteuid() != 0:
        raise unittest.SkipTest("needs root: a network namespace and nftables rules")
    for tool, package in (("nft", "nftables"), ("ip", "iproute2")):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} not found: install the Debian package {package}")
    # Before any thread starts: threads and children inherit the namespace of their creator.
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(_CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNET)")
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    for address in [CLIENT] + [host for host, _ in DESTINATIONS]:
        subprocess.run(["ip", "addr", "add", f"{address}/32", "dev", "lo"], check=True)


def redirect_rules(proxy_port):
    """The fleet's viewer rule: marked sockets pass, TCP to the destinations goes to the proxy."""
    targets = ", ".join(f"{host} . {port}" for host, port in DESTINATIONS)
    return (f"table ip wan {{\n"
            f"  chain out {{\n"
            f"    type nat hook output priority -100; policy accept;\n"
            f"    meta mark {MARK} return\n"
            f"    ip daddr . tcp dport {{ {targets} }} redirect to :{proxy_port}\n"
            f"  }}\n"
            f"}}\n")


def greet(sock):
    """Answers each read with the peer's address and what was read; returns the peer address."""
    peer = sock.getpeername()[0]
    while True:
        data = sock.recv(1 << 16)
        if not data:
            return peer
        sock.sendall(f"{peer} {sock.getsockname()[1]} ".encode() + data)


class TransparentTest(ProcessTestCase):
    WORKDIR_PREFIX = "delayproxy-it"
    KEEP_ENV = "DELAYPROXY_IT_KEEP"

    @classmethod
    def setUpClass(cls):
        cls.targets = []
        for host, port in DESTINATIONS:
            target = Target(greet, host, port)
            cls.addClassCleanup(target.close)
            cls.targets.append(target)
        cls.proxy = DelayProxy(cls.workdir(), [], ["--rtt", f"{int(RTT * 1000)}ms", "--mark",
                                                   str(MARK)], transparent=["127.0.0.1:0"])
        cls.addClassCleanup(cls.proxy.stop)
        cls.proxy.start()
        subprocess.run(["nft", "-f", "-"], input=redirect_rules(cls.proxy.ports[0]), text=True,
                       check=True)

    def exchange(self, destination, data=b"hello"):
        with socket.socket() as client:
            client.settimeout(30)
            client.bind((CLIENT, 0))
            client.connect(destination)
            client.sendall(data)
            return client.recv(1 << 16).decode()

    def test_a_redirected_client_reaches_its_destination_from_its_own_address(self):
        for (host, port), target in zip(DESTINATIONS, self.targets):
            before = len(target.results)
            reply, took = elapsed(lambda: self.exchange((host, port)))
            self.assertEqual(reply, f"{CLIENT} {port} hello")
            # The proxy's handshake with the target, then the exchange: two round trips.
            self.assertGreaterEqual(took, 2 * RTT)
            self.assertEqual(target.wait_results(before + 1)[before], CLIENT)
        self.assertGreaterEqual(
            self.proxy.scrape().value("delayproxy_connections_opened_total"), 2)

    def test_a_client_that_dials_the_proxy_itself_is_reset(self):
        failed = self.proxy.scrape().value("delayproxy_connections_failed_total")
        # The reset may come while the client's connect() is still looking at the handshake.
        with self.assertRaises(ConnectionResetError), self.proxy.connect() as client:
            client.sendall(b"loop?")
            client.recv(1 << 16)
        self.assertEqual(self.proxy.scrape().value("delayproxy_connections_failed_total"),
                         failed + 1)

    def test_a_mark_without_the_capability_is_an_error_at_start(self):
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            self.skipTest("setpriv (util-linux) not found")
        # Linux lets either capability set a mark.
        dropped = "-net_admin,-net_raw"
        done = subprocess.run([setpriv, "--bounding-set", dropped, "--inh-caps", dropped,
                               binary(), "--transparent-route", "127.0.0.1:0", "--mark",
                               str(MARK)], capture_output=True, text=True, timeout=20)
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn("--mark needs CAP_NET_ADMIN", done.stderr)


if __name__ == "__main__":
    main()
