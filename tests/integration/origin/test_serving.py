#!/usr/bin/env python3
# HLS from origind's storage: the ladder of a transcoded clip with the caching headers of
# DESIGN.md, validators and 304s, single ranges (206/416), HEAD, path safety, and ffmpeg
# decoding the whole master playlist through HTTP.
import os
import re

from originharness import media
from originharness.case import OriginTestCase, main

IMMUTABLE = "public, max-age=31536000, immutable"


class ServingTest(OriginTestCase):
    @classmethod
    def setUpClass(cls):
        data = media.make_clip(os.path.join(cls.workdir(), "clip.mp4"), seconds=5, size="854x480")
        cls.origind, cls.client = cls.start_origind(
            args=["--playlist-max-age", "7", "--playlist-stale-while-revalidate", "0"])
        cls.video = cls.client.upload(data)
        cls.settled = cls.client.wait_settled(cls.video)

    def get(self, path, headers=None, method="GET"):
        return self.client.request(method, f"/v/{self.video}/{path}", headers=headers)

    def test_the_video_is_ready_with_its_renditions(self):
        self.assertEqual(self.settled["status"], "ready", self.settled)
        self.assertEqual(self.settled["renditions"], ["360p", "480p"])
        self.assertEqual(self.settled["master"], f"/v/{self.video}/master.m3u8")
        self.assertGreater(self.settled["duration_ms"], 4000)
        self.assertEqual(self.settled["hashtags"], ["test"])

    def test_content_types_and_cache_control(self):
        master = self.get("master.m3u8")
        self.assertEqual(master.status, 200)
        self.assertEqual(master.headers["content-type"], "application/vnd.apple.mpegurl")
        self.assertEqual(master.headers["cache-control"], "public, max-age=7")
        self.assertIn(b"360p/index.m3u8", master.body)
        media_playlist = self.get("360p/index.m3u8")
        self.assertEqual(media_playlist.headers["cache-control"], "public, max-age=7")
        segments = re.findall(rb"^seg_\d+\.m4s$", media_playlist.body, re.M)
        self.assertGreaterEqual(len(segments), 2)
        init = self.get("360p/init.mp4")
        self.assertEqual((init.status, init.headers["content-type"]), (200, "video/mp4"))
        self.assertEqual(init.headers["cache-control"], IMMUTABLE)
        segment = self.get(f"360p/{segments[0].decode()}")
        self.assertEqual(segment.status, 200)
        self.assertEqual(segment.headers["content-type"], "video/iso.segment")
        self.assertEqual(segment.headers["cache-control"], IMMUTABLE)
        self.assertEqual(int(segment.headers["content-length"]), len(segment.body))
        thumb = self.get("thumb.jpg")
        self.assertEqual((thumb.status, thumb.headers["content-type"]), (200, "image/jpeg"))
        self.assertTrue(thumb.body.startswith(b"\xff\xd8"))

    def test_validators_give_304(self):
        first = self.get("360p/init.mp4")
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        self.assertEqual(self.get("360p/init.mp4", {"If-None-Match": etag}).status, 304)
        self.assertEqual(self.get("360p/init.mp4", {"If-None-Match": f'"x", W/{etag}'}).status,
                         304)
        self.assertEqual(self.get("360p/init.mp4", {"If-None-Match": '"other"'}).status, 200)
        self.assertEqual(self.get("360p/init.mp4", {"If-Modified-Since": modified}).status, 304)
        old = "Sun, 06 Nov 1994 08:49:37 GMT"
        self.assertEqual(self.get("360p/init.mp4", {"If-Modified-Since": old}).status, 200)
        not_modified = self.get("master.m3u8", {"If-None-Match": self.get("master.m3u8").headers["etag"]})
        self.assertEqual(not_modified.status, 304)
        self.assertEqual(not_modified.body, b"")
        self.assertEqual(not_modified.headers["etag"], self.get("master.m3u8").headers["etag"])

    def test_single_ranges(self):
        whole = self.get("360p/seg_0.m4s").body
        size = len(whole)
        part = self.get("360p/seg_0.m4s", {"Range": "bytes=10-109"})
        self.assertEqual(part.status, 206)
        self.assertEqual(part.headers["content-range"], f"bytes 10-109/{size}")
        self.assertEqual(part.body, whole[10:110])
        suffix = self.get("360p/seg_0.m4s", {"Range": "bytes=-50"})
        self.assertEqual((suffix.status, suffix.body), (206, whole[-50:]))
        bad = self.get("360p/seg_0.m4s", {"Range": f"bytes={size}-"})
        self.assertEqual(bad.status, 416)
        self.assertEqual(bad.headers["content-range"], f"bytes */{size}")
        etag = self.get("360p/seg_0.m4s").headers["etag"]
        honoured = self.get("360p/seg_0.m4s", {"Range": "bytes=0-9", "If-Range": etag})
        self.assertEqual(honoured.status, 206)
        stale = self.get("360p/seg_0.m4s", {"Range": "bytes=0-9", "If-Range": '"old"'})
        self.assertEqual((stale.status, stale.body), (200, whole))

    def test_head_has_the_headers_and_no_body(self):
        head = self.get("360p/seg_0.m4s", method="HEAD")
        self.assertEqual(head.status, 200)
        self.assertEqual(head.body, b"")
        self.assertEqual(int(head.headers["content-length"]), len(self.get("360p/seg_0.m4s").body))

    def test_path_safety(self):
        for path in [f"/v/{self.video}/../{self.video}/master.m3u8", f"/v/{self.video}/.hidden.m3u8",
                     f"/v/{self.video}/360p/%2e%2e/master.m3u8", f"/v/{self.video}/master.txt",
                     f"/v/{self.video}/a/b/c.m4s", f"/v/{self.video}", "/v/", "/etc/passwd",
                     f"/v/{self.video}/360p/seg_99.m4s", "/v/missing/master.m3u8"]:
            self.assertEqual(self.client.request("GET", path).status, 404, path)
        self.assertEqual(self.client.request("DELETE", f"/v/{self.video}/master.m3u8").status, 405)

    def test_ffmpeg_decodes_the_master_playlist_through_http(self):
        result = media.decode(self.origind.url(f"/v/{self.video}/master.m3u8"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, b"", "ffmpeg reported errors")

    def test_metrics_count_requests(self):
        self.get("master.m3u8")
        text = self.client.request("GET", "/metrics").body.decode()
        self.assertRegex(text, r'origin_requests_total\{route="hls",status="2xx"\} [1-9]')
        self.assertRegex(text, r'origin_jobs_total\{outcome="ready"\} 1')


if __name__ == "__main__":
    main()
