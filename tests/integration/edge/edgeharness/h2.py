# A raw HTTP/2 client that writes frames by hand, for the abuse cases real clients never
# produce (rapid reset, SETTINGS/PING floods, CONTINUATION floods). Request headers use HPACK
# static-table entries and literals without indexing or Huffman coding: enough to open streams,
# while responses are only read at the frame level.
import socket
import struct
import time

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS, PUSH_PROMISE, PING, GOAWAY, WINDOW_UPDATE, \
    CONTINUATION = range(10)
END_STREAM = 0x1
ACK = 0x1
END_HEADERS = 0x4

CANCEL = 0x8
ENHANCE_YOUR_CALM = 0xB

SETTINGS_INITIAL_WINDOW_SIZE = 0x4


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + struct.pack(">BBI", kind, flags, stream) + payload


def _integer(value, prefix_bits, first_byte_flags):
    """HPACK integer representation (RFC 7541, 5.1)."""
    limit = (1 << prefix_bits) - 1
    if value < limit:
        return bytes([first_byte_flags | value])
    out = [first_byte_flags | limit]
    value -= limit
    while value >= 128:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _string(text):
    data = text.encode("latin-1")
    return _integer(len(data), 7, 0x00) + data


def _literal_indexed_name(index, value):
    # Literal header field without indexing, name from the static table (RFC 7541, 6.2.2).
    return _integer(index, 4, 0x00) + _string(value)


def _literal_new_name(name, value):
    return b"\x00" + _string(name) + _string(value)


_STATIC_AUTHORITY = 1
_STATIC_GET = b"\x82"
_STATIC_PATH = 4
_STATIC_SCHEME_HTTP = b"\x86"


def request_block(path, authority="edge.test", extra=()):
    """The HPACK block of a GET request for `path`, with `extra` (name, value) fields."""
    block = _STATIC_GET + _STATIC_SCHEME_HTTP + _literal_indexed_name(_STATIC_PATH, path)
    block += _literal_indexed_name(_STATIC_AUTHORITY, authority)
    for name, value in extra:
        block += _literal_new_name(name, value)
    return block


class Frame:
    def __init__(self, kind, flags, stream, payload):
        self.kind = kind
        self.flags = flags
        self.stream = stream
        self.payload = payload

    def goaway_error(self):
        return struct.unpack(">I", self.payload[4:8])[0]


class H2Connection:
    """A cleartext HTTP/2 connection with prior knowledge."""

    def __init__(self, port, host="127.0.0.1", settings=b"", timeout=10):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buffer = b""
        self.send_failed = False
        self.send(PREFACE + frame(SETTINGS, 0, 0, settings))

    def send(self, data):
        """Writes `data`; False once the server has closed or reset (floods race with GOAWAY)."""
        if self.send_failed:
            return False
        try:
            self.sock.sendall(data)
            return True
        except (BrokenPipeError, ConnectionResetError):
            self.send_failed = True
            return False

    def read_frame(self):
        """The next frame, or None at the end of the stream (FIN or reset); socket.timeout
        when nothing arrives within the socket's timeout."""
        while True:
            if len(self.buffer) >= 9:
                length = struct.unpack(">I", b"\0" + self.buffer[:3])[0]
                if len(self.buffer) >= 9 + length:
                    kind, flags, stream = struct.unpack(">BBI", self.buffer[3:9])
                    payload = self.buffer[9:9 + length]
                    self.buffer = self.buffer[9 + length:]
                    return Frame(kind, flags, stream & 0x7FFFFFFF, payload)
            try:
                data = self.sock.recv(65536)
            except ConnectionResetError:
                data = b""
            if not data:
                return None
            self.buffer += data

    def frames_until_close(self, timeout=20):
        """Every frame until the server closes the connection (or `timeout`, a bound for a
        broken run): the list and whether the connection did close."""
        frames = []
        deadline = time.monotonic() + timeout
        self.sock.settimeout(1)
        while time.monotonic() < deadline:
            try:
                f = self.read_frame()
            except socket.timeout:
                continue
            if f is None:
                return frames, True
            frames.append(f)
        return frames, False

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def goaway_of(frames):
    """The GOAWAY frame among `frames`, or None."""
    for f in frames:
        if f.kind == GOAWAY:
            return f
    return None
