#!/usr/bin/env python3
# The upload API against a real origind: chunks with Content-Range, a connection cut in the
# middle of a chunk and the upload resumed from what the server says it holds, repeats that
# change nothing, refused ranges, the SHA-256 check at completion, size limit and quota.
import hashlib
import os

from originharness import media
from originharness.case import OriginTestCase, main


class UploadTest(OriginTestCase):
    @classmethod
    def setUpClass(cls):
        cls.clip = media.make_clip(os.path.join(cls.workdir(), "clip.mp4"), seconds=3)
        cls.origind, cls.client = cls.start_origind(
            args=["--max-upload", "4M", "--creator-quota", "6M", "--retry-backoff", "1"])

    def test_a_cut_connection_is_resumed_from_the_ranges_held(self):
        data = self.clip
        created = self.client.create_upload("resumer", len(data))
        self.assertEqual(created.status, 201, created.body)
        video, url = created.json()["video"], created.json()["upload_url"]
        self.assertEqual(created.headers["location"], url)
        third = len(data) // 3
        self.assertEqual(self.client.put_chunk(url, data[:third], 0, len(data)).status, 200)
        # The second chunk dies half way: nothing of it is recorded.
        self.client.cut_put(url, data[third:2 * third], third, len(data), send=third // 2)
        status = self.client.request("GET", url).json()
        self.assertEqual(status["received"], [[0, third - 1]])
        self.assertFalse(status["complete"])
        # The same question through PUT with bytes */total.
        asked = self.client.request("PUT", url, b"", {"Content-Range": f"bytes */{len(data)}"})
        self.assertEqual(asked.json()["received"], [[0, third - 1]])
        # Resume from the first byte missing; the tail first, then the middle.
        self.assertEqual(self.client.put_chunk(url, data[2 * third:], 2 * third, len(data)).status,
                         200)
        r = self.client.put_chunk(url, data[third:2 * third], third, len(data))
        self.assertEqual(r.status, 200, r.body)
        self.assertTrue(r.json()["complete"])
        # A repeat of held bytes is accepted and changes nothing.
        again = self.client.put_chunk(url, data[:third], 0, len(data))
        self.assertEqual(again.status, 200)
        self.assertTrue(again.json()["repeat"])
        self.assertEqual(again.json()["received"], [[0, len(data) - 1]])
        done = self.client.complete(video, "resumer", hashlib.sha256(data).hexdigest())
        self.assertEqual(done.status, 202, done.body)
        self.assertEqual(done.json()["status"], "processing")
        settled = self.client.wait_settled(video)
        self.assertEqual(settled["status"], "ready", settled)

    def test_refused_ranges(self):
        data = self.clip[:1000]
        created = self.client.create_upload("ranges", len(data)).json()
        url = created["upload_url"]
        self.assertEqual(self.client.put_chunk(url, data[:500], 0, len(data)).status, 200)
        # Overlapping what is held in part.
        r = self.client.put_chunk(url, data[400:600], 400, len(data))
        self.assertEqual(r.status, 416, r.body)
        # A total other than the declared size.
        r = self.client.put_chunk(url, data[500:], 500, len(data) + 1)
        self.assertEqual(r.status, 416, r.body)
        # Beyond the total, malformed, missing, or a body of the wrong length.
        for value in [f"bytes 900-1000/{len(data)}", "bytes 5-1/1000", "bytes=0-1/1000",
                      "bytes 0-1/*"]:
            r = self.client.request("PUT", url, b"xx", {"Content-Range": value})
            self.assertEqual(r.status, 400, value)
        self.assertEqual(self.client.request("PUT", url, b"xx").status, 400)
        r = self.client.request("PUT", url, b"xxx", {"Content-Range": "bytes 500-501/1000"})
        self.assertEqual(r.status, 400)
        # Nothing of the refused chunks was recorded.
        status = self.client.request("GET", url).json()
        self.assertEqual(status["received"], [[0, 499]])

    def test_completion_checks_the_sha256_and_the_bytes(self):
        data = self.clip
        created = self.client.create_upload("checker", len(data)).json()
        video, url = created["video"], created["upload_url"]
        half = len(data) // 2
        self.client.put_chunk(url, data[:half], 0, len(data))
        early = self.client.complete(video, "checker", hashlib.sha256(data).hexdigest())
        self.assertEqual(early.status, 409, early.body)
        self.client.put_chunk(url, data[half:], half, len(data))
        wrong = self.client.complete(video, "checker", hashlib.sha256(b"other").hexdigest())
        self.assertEqual(wrong.status, 422, wrong.body)
        self.assertEqual(wrong.json()["actual"], hashlib.sha256(data).hexdigest())
        other = self.client.complete(video, "mallory", hashlib.sha256(data).hexdigest())
        self.assertEqual(other.status, 409, other.body)
        bad = self.client.post_json(f"/api/uploads/{video}/complete", {"creator": "checker"})
        self.assertEqual(bad.status, 400)
        self.assertEqual(self.client.video(video).json()["status"], "uploading")
        right = self.client.complete(video, "checker", hashlib.sha256(data).hexdigest().upper())
        self.assertEqual(right.status, 202, right.body)
        twice = self.client.complete(video, "checker", hashlib.sha256(data).hexdigest())
        self.assertEqual(twice.status, 409)
        self.assertEqual(self.client.wait_settled(video)["status"], "ready")

    def test_size_limit_and_quota(self):
        too_big = self.client.create_upload("big", 5 << 20)
        self.assertEqual(too_big.status, 413)
        url = self.client.create_upload("big").json()["upload_url"]
        r = self.client.request("PUT", url, b"x", {"Content-Range": f"bytes 0-0/{5 << 20}"})
        self.assertEqual(r.status, 413)
        first = self.client.create_upload("quota", 4 << 20)
        self.assertEqual(first.status, 201)
        second = self.client.create_upload("quota", 3 << 20)
        self.assertEqual(second.status, 403, second.body)
        # Deleting the first gives its bytes back.
        gone = self.client.request("DELETE", f"/api/videos/{first.json()['video']}")
        self.assertEqual(gone.status, 204)
        self.assertEqual(self.client.create_upload("quota", 3 << 20).status, 201)

    def test_bad_requests(self):
        self.assertEqual(self.client.request("POST", "/api/uploads", b"{").status, 400)
        self.assertEqual(self.client.post_json("/api/uploads", {"size": 3}).status, 400)
        self.assertEqual(self.client.post_json("/api/uploads", {"creator": "a", "size": -1}).status,
                         400)
        self.assertEqual(self.client.request("GET", "/api/uploads").status, 405)
        self.assertEqual(self.client.request("PUT", "/api/uploads/nope", b"").status, 404)
        self.assertEqual(self.client.video("AAAAAAAAAAA").status, 404)
        self.assertEqual(self.client.video("../../etc").status, 404)


if __name__ == "__main__":
    main()
