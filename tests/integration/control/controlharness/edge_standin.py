# An edge's admin API as controld sees it, in a thread of the test process: GET /healthz (200,
# or 503 while the test says it is sick) and POST /_edge/prewarm, which checks the signature
# as an edge does and keeps every hint it accepted.
import hashlib
import hmac
import http.server
import json
import threading
import time


class EdgeStandIn:
    def __init__(self, secret):
        self.secret = secret
        self.sick = False
        self.hints = []     # accepted hints, parsed
        self.refused = []   # (reason, headers) of refused posts
        self._lock = threading.Lock()
        stand_in = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def answer(self, status, body=b"{}"):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path == "/healthz":
                    return self.answer(503 if stand_in.sick else 200)
                self.answer(404)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.path != "/_edge/prewarm":
                    return self.answer(404)
                reason = stand_in.check(self.headers, body)
                if reason:
                    with stand_in._lock:
                        stand_in.refused.append((reason, dict(self.headers)))
                    return self.answer(401)
                with stand_in._lock:
                    stand_in.hints.append(json.loads(body))
                self.answer(202)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def check(self, headers, body):
        """Why the signature is refused, or None (DESIGN.md's scheme, window 300 s)."""
        timestamp = headers.get("X-Edge-Timestamp")
        signature = headers.get("X-Edge-Signature")
        if not timestamp or not signature:
            return "missing"
        if abs(int(timestamp) - time.time()) > 300:
            return "expired"
        expected = hmac.new(self.secret.encode(), timestamp.encode() + b"." + body,
                            hashlib.sha256).hexdigest()
        return None if hmac.compare_digest(expected, signature) else "mismatch"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def received(self):
        with self._lock:
            return list(self.hints)
