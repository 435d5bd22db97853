# A real redis-server for origind's tests: a free loopback port, its files in the test's
# directory, persistence off unless asked, stoppable and restartable on the same port.
import os
import signal
import socket

from edgeharness.processes import Process, free_port, wait_until
from edgeharness.tools import tool


def command(port, *args):
    """One command over RESP; the raw reply bytes (enough for PING and small replies)."""
    parts = [f"*{len(args)}\r\n".encode()]
    for arg in args:
        data = arg.encode() if isinstance(arg, str) else arg
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"".join(parts))
        return s.recv(65536)


class RedisServer:
    def __init__(self, workdir, name="redis", extra=()):
        self.workdir = workdir
        self.name = name
        self.dir = os.path.join(workdir, f"{name}-data")
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        self.extra = list(extra)
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}"

    def start(self, timeout=20):
        argv = [tool("redis-server", "REDIS_SERVER"), "--port", str(self.port), "--bind",
                "127.0.0.1", "--dir", self.dir, "--save", "", "--appendonly", "no"] + self.extra
        self.process = Process(self.name, argv, self.workdir).start()

        def answers():
            try:
                return command(self.port, "PING").startswith(b"+PONG")
            except OSError:
                return False

        wait_until(answers, timeout, what=f"{self.name} to answer PING")
        return self

    def kill(self):
        return self.process.stop(signal.SIGKILL, grace=10) if self.process else None

    def stop(self):
        return self.process.stop(signal.SIGTERM, grace=10) if self.process else None
