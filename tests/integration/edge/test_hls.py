#!/usr/bin/env python3
# A player's view: ffmpeg and ffprobe read an HLS clip (fMP4, 2 s segments) through edged from a
# static nginx origin, over HTTP/1.1, and decode every frame without an error.
import json
import os
import subprocess

from edgeharness import media, metrics, tools
from edgeharness.case import EdgeTestCase, main

VIDEO = "clip7"


class HlsThroughEdgeTest(EdgeTestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = os.path.join(cls.workdir(), "www")
        cls.files = media.make_hls_clip(cls.root, VIDEO)
        cls.nginx = cls.start_nginx(cls.root)
        cls.edged = cls.start_edged([cls.nginx.url])

    def decode(self, url):
        argv = [tools.tool("ffmpeg"), "-nostdin", "-v", "error", "-i", url, "-f", "null", "-"]
        return subprocess.run(argv, capture_output=True, timeout=120)

    def test_ffmpeg_decodes_the_master_playlist_without_errors(self):
        before = self.edged.metrics()
        result = self.decode(self.edged.url(f"/v/{VIDEO}/master.m3u8"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, b"", "ffmpeg reported errors")
        after = self.edged.metrics_once(lambda m: metrics.delta(
            before, m, "edge_proxy_requests_total", outcome="complete") >= 6)
        # master, media playlist, init and three segments, each relayed whole (ffmpeg asks
        # for "Range: bytes=0-", so nginx answers 206).
        segments = [f for f in self.files if f.endswith(".m4s")]
        self.assertEqual(len(segments), 3)
        fetched = sum(metrics.delta(before, after, "server_requests_total", protocol="http1",
                                    code=code) for code in ("200", "206"))
        self.assertGreaterEqual(fetched, 3 + len(segments))
        self.assertGreaterEqual(
            metrics.delta(before, after, "edge_proxy_requests_total", outcome="complete"),
            3 + len(segments))

    def test_ffmpeg_decodes_the_media_playlist_without_errors(self):
        result = self.decode(self.edged.url(f"/v/{VIDEO}/360p/index.m3u8"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, b"", "ffmpeg reported errors")

    def test_ffprobe_counts_every_video_frame(self):
        argv = [tools.tool("ffprobe"), "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames,codec_name", "-of", "json",
                self.edged.url(f"/v/{VIDEO}/master.m3u8")]
        result = subprocess.run(argv, capture_output=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, b"")
        stream = json.loads(result.stdout)["streams"][0]
        self.assertEqual(stream["codec_name"], "h264")
        # 6 s at 25 frames a second.
        self.assertEqual(int(stream["nb_read_frames"]), 150)


if __name__ == "__main__":
    main()
