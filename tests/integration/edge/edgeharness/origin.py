# A scripted HTTP/1.1 origin on raw sockets, in threads of the test process: it records every
# request exactly as it arrived (to assert that nothing malformed reaches an origin) and answers
# each path with a scripted behaviour, including faults (reset mid-body, a lying
# Content-Length, a body sent slowly or held back until the test releases it).
import re
import socket
import struct
import threading

_TOKEN = re.compile(rb"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_REQUEST_LINE = re.compile(rb"^(GET|HEAD|POST|PUT|DELETE|OPTIONS) (/[\x21-\x7e]*) HTTP/1\.1$")
_BAD_ENCODED = re.compile(r"%(2e|2f|00|5c)", re.IGNORECASE)
_MAX_HEAD = 64 * 1024


class Request:
    """One request as the origin received it."""

    def __init__(self, raw_head, peer):
        self.raw_head = raw_head
        self.peer = peer
        lines = raw_head.split(b"\r\n")
        self.request_line = lines[0]
        parts = lines[0].split(b" ")
        self.method = parts[0].decode("latin-1")
        self.target = parts[1].decode("latin-1") if len(parts) > 1 else ""
        self.path = self.target.split("?", 1)[0]
        self.headers = []
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            self.headers.append((name.decode("latin-1"), value.strip(b" \t").decode("latin-1")))
        self.body = b""

    def header(self, name):
        """The values of field `name` (case-insensitive), in order."""
        return [v for n, v in self.headers if n.lower() == name.lower()]

    def problems(self, prefixes=("/v/",)):
        """What is malformed about this request, as a list of reasons; empty when well-formed."""
        found = []
        lines = self.raw_head.split(b"\r\n")
        if any(b"\r" in line or b"\n" in line or b"\0" in line for line in lines):
            found.append("bare CR, LF or NUL in the head")
        if not _REQUEST_LINE.match(lines[0]):
            found.append(f"bad request line {lines[0]!r}")
        for line in lines[1:]:
            name, colon, value = line.partition(b":")
            if not colon or not _TOKEN.match(name):
                found.append(f"bad field line {line!r}")
            elif any(b < 0x20 and b != 0x09 or b == 0x7f for b in value):
                found.append(f"control character in {line!r}")
        if len(self.header("host")) != 1:
            found.append(f"{len(self.header('host'))} Host fields")
        if self.header("content-length") and self.header("transfer-encoding"):
            found.append("Content-Length with Transfer-Encoding")
        segments = self.path.split("/")
        if "." in segments or ".." in segments or _BAD_ENCODED.search(self.path):
            found.append(f"unsafe path {self.path!r}")
        if not any(self.path.startswith(p) for p in prefixes):
            found.append(f"path outside the served prefixes: {self.path!r}")
        return found


def response_head(status, headers=(), reason="X"):
    lines = [f"HTTP/1.1 {status} {reason}"] + [f"{n}: {v}" for n, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def reset(sock):
    """Closes `sock` with a TCP RST instead of a FIN."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


# Behaviours: called with (socket, Request); return True to keep the connection open.

def serve(body, status=200, headers=()):
    def behaviour(sock, request):
        head = [("Content-Length", str(len(body)))] + list(headers)
        sock.sendall(response_head(status, head))
        if request.method != "HEAD":
            sock.sendall(body)
        return True
    return behaviour


def reset_mid_body(length, sent):
    """Announces `length` bytes, sends `sent` of them, then resets the connection."""
    def behaviour(sock, request):
        sock.sendall(response_head(200, [("Content-Length", str(length))]) + b"r" * sent)
        reset(sock)
        return False
    return behaviour


def lying_length(claimed, actual):
    """Announces `claimed` bytes but sends `actual`: fewer then closes (FIN), or more and keeps
    the connection, leaving the surplus where the next response's head should start."""
    def behaviour(sock, request):
        sock.sendall(response_head(200, [("Content-Length", str(claimed))]) + b"L" * actual)
        return actual > claimed
    return behaviour


def gated_body(first, rest, gate):
    """Sends the head and `first`, waits until `gate` (a threading.Event) is set, then `rest`."""
    def behaviour(sock, request):
        total = len(first) + len(rest)
        sock.sendall(response_head(200, [("Content-Length", str(total))]) + first)
        gate.wait(30)
        sock.sendall(rest)
        return True
    return behaviour


def slow_body(body, pieces, pause):
    """Sends `body` in `pieces` writes, `pause` seconds apart."""
    def behaviour(sock, request):
        sock.sendall(response_head(200, [("Content-Length", str(len(body)))]))
        step = -(-len(body) // pieces)
        for i in range(0, len(body), step):
            sock.sendall(body[i:i + step])
            threading.Event().wait(pause)
        return True
    return behaviour


class ScriptedOrigin:
    """Listens on 127.0.0.1 (port 0); `routes` maps a path to a behaviour, other paths get
    `default` (404 unless set)."""

    def __init__(self):
        self.routes = {}
        self.default = serve(b"not here\n", status=404)  # for paths without a route
        self._requests = []
        self._lock = threading.Lock()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self._stopping = False
        self._connections = set()
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self._thread.start()
        return self

    def route(self, path, behaviour):
        self.routes[path] = behaviour

    def requests(self):
        with self._lock:
            return list(self._requests)

    def requests_for(self, path):
        return [r for r in self.requests() if r.path == path]

    def stop(self):
        self._stopping = True
        try:
            self._listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._listener.close()
        with self._lock:
            connections = list(self._connections)
        for c in connections:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _accept_loop(self):
        while not self._stopping:
            try:
                sock, peer = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self._connections.add(sock)
            threading.Thread(target=self._serve, args=(sock, peer), daemon=True).start()

    def _serve(self, sock, peer):
        buffer = b""
        try:
            while True:
                while b"\r\n\r\n" not in buffer:
                    data = sock.recv(65536)
                    if not data:
                        return
                    buffer += data
                    if len(buffer) > _MAX_HEAD and b"\r\n\r\n" not in buffer:
                        self._record(Request(buffer, peer))
                        return
                raw_head, _, buffer = buffer.partition(b"\r\n\r\n")
                request = Request(raw_head, peer)
                length = request.header("content-length")
                if length and length[0].isdigit():
                    need = int(length[0])
                    while len(buffer) < need:
                        data = sock.recv(65536)
                        if not data:
                            break
                        buffer += data
                    request.body, buffer = buffer[:need], buffer[need:]
                self._record(request)
                behaviour = self.routes.get(request.path, self.default)
                keep = behaviour(sock, request)
                if not keep or "close" in ",".join(request.header("connection")).lower():
                    return
        except OSError:
            return
        finally:
            with self._lock:
                self._connections.discard(sock)
            try:
                sock.close()
            except OSError:
                pass

    def _record(self, request):
        with self._lock:
            self._requests.append(request)
