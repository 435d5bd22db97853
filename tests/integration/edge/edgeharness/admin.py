# Signed admin requests (DESIGN.md): X-Edge-Timestamp, and X-Edge-Signature, the hex
# HMAC-SHA256 of "<timestamp>.<body>" under the shared secret.
import hashlib
import hmac
import json
import time

from . import rawhttp


def signed_post(port, path, body, secret, when=None):
    """POSTs `body` (bytes) to `path` signed at `when` (Unix seconds; now by default)."""
    timestamp = str(int(time.time()) if when is None else when)
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + body,
                         hashlib.sha256).hexdigest()
    head = (f"POST {path} HTTP/1.1\r\nHost: edge.test\r\nContent-Length: {len(body)}\r\n"
            f"X-Edge-Timestamp: {timestamp}\r\nX-Edge-Signature: {signature}\r\n\r\n")
    with rawhttp.Connection(port, timeout=10) as conn:
        conn.send(head.encode() + body)
        return conn.read_response()


def stats(port):
    """GET /_edge/stats, parsed."""
    with rawhttp.Connection(port, timeout=10) as conn:
        conn.send(rawhttp.get("/_edge/stats"))
        return json.loads(conn.read_response().body)
