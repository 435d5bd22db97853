# A raw HTTP/1.1 client: writes exactly the bytes a test gives (malformed ones included) and
# reads responses one by one, so that tests see status, fields, body and whether the server
# closed the connection.
import socket
import time


class Response:
    def __init__(self, version, status, reason, headers, body):
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body

    def header(self, name):
        values = [v for n, v in self.headers if n.lower() == name.lower()]
        return ",".join(values) if values else None

    def header_names(self):
        return {n.lower() for n, _ in self.headers}

    def __repr__(self):
        return f"<Response {self.status} {self.reason} {len(self.body)} bytes>"


class ConnectionClosed(Exception):
    pass


class Connection:
    def __init__(self, port=None, host="127.0.0.1", timeout=10, rcvbuf=None, sock=None):
        """Connects to `port`, or uses `sock` (a TLS socket, say) when given."""
        if sock is None:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            if rcvbuf:
                # Before connect, so that the window the server sees stays small.
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
            sock.settimeout(timeout)
            sock.connect((host, port))
        self.sock = sock
        self.buffer = b""
        self.eof = False

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self):
        if self.eof:
            return False
        try:
            data = self.sock.recv(65536)
        except ConnectionResetError:
            data = b""
        if not data:
            self.eof = True
            return False
        self.buffer += data
        return True

    def _line(self):
        while b"\r\n" not in self.buffer:
            if not self._fill():
                raise ConnectionClosed(f"closed inside a line; have {self.buffer[:200]!r}")
        line, _, self.buffer = self.buffer.partition(b"\r\n")
        return line

    def read_exactly(self, n):
        while len(self.buffer) < n:
            if not self._fill():
                raise ConnectionClosed(f"closed after {len(self.buffer)} of {n} bytes")
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def read_some(self, limit=65536):
        """Up to `limit` bytes already received or arriving next; b"" at end of stream."""
        if not self.buffer:
            self._fill()
        data, self.buffer = self.buffer[:limit], self.buffer[limit:]
        return data

    def read_head(self):
        """The status line and fields of the next response: (version, status, reason, headers)."""
        if not self.buffer and not self._fill():
            raise ConnectionClosed("closed before a response")
        line = self._line()
        version, status, reason = (line.decode("latin-1").split(" ", 2) + [""])[:3]
        headers = []
        while True:
            line = self._line()
            if not line:
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers.append((name, value.strip()))
        return version, int(status), reason, headers

    def read_response(self, method="GET"):
        """The next complete response; raises ConnectionClosed if none (or only part) came."""
        version, status, reason, headers = self.read_head()
        response = Response(version, status, reason, headers, b"")
        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            return response
        encoding = (response.header("transfer-encoding") or "").lower()
        length = response.header("content-length")
        if "chunked" in encoding:
            response.body = self._chunked()
        elif length is not None:
            response.body = self.read_exactly(int(length))
        else:
            while self._fill():
                pass
            response.body, self.buffer = self.buffer, b""
        return response

    def _chunked(self):
        body = b""
        while True:
            size = int(self._line().split(b";")[0], 16)
            if size == 0:
                while self._line():
                    pass
                return body
            body += self.read_exactly(size)
            self._line()

    def closed_by_peer(self, timeout=10):
        """True once the server has closed (EOF or reset) with no further bytes; False if bytes
        arrive or `timeout` passes first. The timeout only bounds a broken run."""
        if self.buffer:
            return False
        deadline = time.monotonic() + timeout
        self.sock.settimeout(0.2)
        try:
            while time.monotonic() < deadline:
                try:
                    data = self.sock.recv(65536)
                except socket.timeout:
                    continue
                except ConnectionResetError:
                    return True
                if not data:
                    self.eof = True
                    return True
                self.buffer += data
                return False
            return False
        finally:
            self.sock.settimeout(10)

    def drain_until_close(self, timeout=10):
        """Every byte until the server closes: (bytes, closed); `closed` is False if `timeout`
        (a bound for a broken run) passed first."""
        received = b""
        deadline = time.monotonic() + timeout
        while True:
            closed = self.closed_by_peer(max(0.0, deadline - time.monotonic()))
            received += self.buffer
            self.buffer = b""
            if closed or time.monotonic() >= deadline:
                return received, closed

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def get(path, host="edge.test", extra=()):
    """The bytes of a plain GET request."""
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}"] + list(extra)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def exchange(port, data, method="GET"):
    """Sends `data` on a new connection and reads one response."""
    with Connection(port) as conn:
        conn.send(data)
        return conn.read_response(method)


# Sent behind a request that should be refused: a server that kept the connection answers it at
# once, so that a connection left open shows without waiting for a timeout.
PROBE = b"GET /healthz HTTP/1.1\r\nHost: edge.test\r\n\r\n"


def refused(port, data, probe=PROBE):
    """Sends `data` then `probe` in one write on a new connection; reads the first response and
    tells whether the server then closed: (response, closed)."""
    with Connection(port) as conn:
        conn.send(data + probe)
        response = conn.read_response()
        return response, conn.closed_by_peer()
