# HTTP against origind with the standard library: plain requests, JSON helpers, a chunked
# upload, and a raw socket for a connection cut in the middle of a chunk.
import hashlib
import http.client
import json
import socket
import time

from edgeharness.processes import wait_until


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lowercase names
        self.body = body

    def json(self):
        return json.loads(self.body)


class Client:
    def __init__(self, port):
        self.port = port

    def request(self, method, path, body=None, headers=None, timeout=30):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            data = r.read()
            return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, data)
        finally:
            conn.close()

    def post_json(self, path, value):
        return self.request("POST", path, json.dumps(value).encode(),
                            {"Content-Type": "application/json"})

    def create_upload(self, creator, size=None):
        body = {"creator": creator}
        if size is not None:
            body["size"] = size
        return self.post_json("/api/uploads", body)

    def put_chunk(self, upload_url, data, first, total):
        last = first + len(data) - 1
        return self.request("PUT", upload_url, data,
                            {"Content-Range": f"bytes {first}-{last}/{total}"})

    def complete(self, video, creator, sha256, title="a clip", hashtags=("test",)):
        return self.post_json(f"/api/uploads/{video}/complete",
                              {"creator": creator, "title": title, "hashtags": list(hashtags),
                               "sha256": sha256})

    def upload(self, data, creator="alice", chunk=256 * 1024, complete=True):
        """Creates, sends `data` in chunks, completes; returns the video id."""
        created = self.create_upload(creator, len(data))
        assert created.status == 201, created.body
        video = created.json()["video"]
        url = created.json()["upload_url"]
        for first in range(0, len(data), chunk):
            r = self.put_chunk(url, data[first:first + chunk], first, len(data))
            assert r.status == 200, r.body
        if complete:
            r = self.complete(video, creator, hashlib.sha256(data).hexdigest())
            assert r.status == 202, r.body
        return video

    def video(self, video):
        return self.request("GET", f"/api/videos/{video}")

    def wait_settled(self, video, timeout=300):
        """Polls GET /api/videos/{id} until the status is ready or failed; returns the JSON."""
        def settled():
            r = self.video(video)
            if r.status == 200 and r.json()["status"] in ("ready", "failed"):
                return r.json()
            return None
        return wait_until(settled, timeout, interval=0.2, what=f"video {video} to settle")

    def cut_put(self, upload_url, data, first, total, send):
        """Sends a PUT whose body stops after `send` bytes, then closes the connection."""
        last = first + len(data) - 1
        head = (f"PUT {upload_url} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Content-Range: bytes {first}-{last}/{total}\r\n"
                f"Content-Length: {len(data)}\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
            s.sendall(head + data[:send])
            time.sleep(0.1)
