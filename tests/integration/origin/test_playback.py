#!/usr/bin/env python3
# A real player on origind: hls.js (npm) in headless Debian Chromium plays the master playlist of
# a transcoded portrait clip; the test checks what hls.js loaded, that every playlist, init
# segment and media segment came from origind, and that the video decoded and its time advanced.
import json
import os
import re
import subprocess

from originharness import media
from originharness.case import OriginTestCase, main
from edgeharness import tools  # importable once originharness is
from edgeharness.player import prepare_player

def summary(report):
    """What hls.js and the video reported, a few lines for the test log."""
    player = report["player"]
    name = lambda url: "/".join(url.rsplit("/", 2)[-2:])
    lines = [f"Chromium {report['browser']}, hls.js {player['hlsVersion']}, "
             f"MSE support {player['typeSupport']}",
             "levels: " + ", ".join(f"{l['width']}x{l['height']} {l['bitrate']} b/s "
                                    f"{l['videoCodec']},{l['audioCodec']}"
                                    for l in player["levels"]),
             f"level switches: {player['switched']}",
             "init: " + ", ".join(f"{name(i['url'])} {i['codecs']}" for i in player["inits"]),
             "segments: " + ", ".join(f"{name(f['url'])} ({f['bytes']} B)"
                                      for f in player["fragments"]),
             f"video: {player['video']}",
             f"hls.js errors: {player['errors']}"]
    return "\n" + "\n".join(lines)


class PlaybackTest(OriginTestCase):
    @classmethod
    def setUpClass(cls):
        # Missing programs fail the test: `make test` installs them (deploy/install-deps.sh).
        chromium = tools.tool("chromium")
        node = tools.tool("node")
        npm = tools.tool("npm")
        player = prepare_player(npm)
        data = media.make_clip(os.path.join(cls.workdir(), "clip.mp4"), seconds=6,
                               size="720x1280")
        cls.origind, cls.client = cls.start_origind()
        cls.video = cls.client.upload(data)
        cls.settled = cls.client.wait_settled(cls.video)
        if cls.settled["status"] != "ready":
            raise RuntimeError(f"the clip did not transcode: {cls.settled}")
        cls.origin = f"http://127.0.0.1:{cls.origind.port}"
        cls.master = f"/v/{cls.video}/master.m3u8"
        profile = os.path.join(cls.workdir(), "chromium-profile")
        os.makedirs(profile)
        # The script's own timeout (120 s) and this one only guard against a hang.
        run = subprocess.run([node, os.path.join(player, "play.mjs"), cls.origin, cls.master,
                              chromium, profile, "120"],
                             cwd=player, capture_output=True, text=True, timeout=300)
        if run.returncode != 0:
            raise RuntimeError(f"play.mjs exited with {run.returncode}:\n{run.stderr}\n"
                               f"{cls.origind.describe()}")
        cls.report = json.loads(run.stdout.strip().splitlines()[-1])
        cls.player = cls.report["player"]
        print(summary(cls.report), flush=True)

    def describe(self):
        """What the browser reported, for a failure message."""
        return json.dumps({k: v for k, v in self.report.items() if k != "player"}, indent=1) + \
            "\n" + json.dumps(self.player, indent=1)

    def test_hls_js_loaded_the_master_and_one_level_per_rendition(self):
        self.assertTrue(self.player["hlsSupported"], self.describe())
        self.assertEqual(self.player["manifests"], [self.origin + self.master], self.describe())
        renditions = self.settled["renditions"]
        urls = [level["url"] for level in self.player["levels"]]
        self.assertCountEqual(urls, [f"{self.origin}/v/{self.video}/{r}/index.m3u8"
                                     for r in renditions], self.describe())
        for level in self.player["levels"]:
            self.assertGreater(level["height"], level["width"], level)  # portrait
            self.assertGreater(level["bitrate"], 0, level)

    def test_hls_js_picked_a_level_and_loaded_its_playlist(self):
        self.assertTrue(self.player["switched"], self.describe())
        level = self.player["switched"][-1]
        self.assertIn(level, range(len(self.player["levels"])))
        loaded = [entry for entry in self.player["levelsLoaded"] if entry["level"] == level]
        self.assertTrue(loaded, self.describe())
        self.assertEqual(loaded[0]["url"], self.player["levels"][level]["url"])
        self.assertGreaterEqual(loaded[0]["fragments"], 2)

    def test_init_and_segments_came_from_origind(self):
        inits = [f for f in self.player["inits"] if f["type"] == "main"]
        segments = [f for f in self.player["fragments"]
                    if f["type"] == "main" and isinstance(f["sn"], int)]
        self.assertTrue(inits, self.describe())
        # The init segment announced H.264 and AAC (one muxed track or one of each).
        codecs = ",".join(c for init in inits for c in init["codecs"]).lower()
        self.assertIn("avc1.", codecs, self.describe())
        self.assertIn("mp4a.40.2", codecs, self.describe())
        self.assertGreaterEqual(len(segments), 2, self.describe())
        prefix = re.escape(f"{self.origin}/v/{self.video}/")
        for init in inits:
            self.assertRegex(init["url"], f"^{prefix}[^/]+/init\\.mp4$")
        for segment in segments:
            self.assertRegex(segment["url"], f"^{prefix}[^/]+/seg_\\d+\\.m4s$")
            self.assertGreater(segment["bytes"], 0)
        # The browser's own record: each of these was a finished request that origind answered.
        answered = {r["url"]: r.get("status") for r in self.report["requests"]}
        for fragment in inits + segments:
            self.assertIn(answered.get(fragment["url"]), (200, 206), fragment["url"])
        self.assertEqual(answered.get(self.origin + self.master), 200, self.describe())
        for request in self.report["requests"]:
            self.assertTrue(request["url"].startswith(self.origin + "/"), request)
            self.assertNotIn("failure", request, request)

    def test_the_video_decodes_and_its_time_advances(self):
        video = self.player["video"]
        self.assertIsNone(self.player["fatal"], self.describe())
        self.assertIsNone(self.report.get("waitError"), self.describe())
        self.assertIsNone(video["error"], self.describe())
        self.assertIsNone(self.player["playError"], self.describe())
        self.assertTrue(self.player["typeSupport"]['video/mp4; codecs="avc1.64001f"'],
                        "this Chromium cannot decode H.264 in MSE: " + self.describe())
        self.assertGreater(video["currentTime"], 1.0, self.describe())
        self.assertGreaterEqual(video["readyState"], 3, self.describe())
        self.assertGreater(video["decodedFrames"], 0, self.describe())
        heights = {level["height"] for level in self.player["levels"]}
        self.assertIn(video["videoHeight"], heights, self.describe())
        self.assertGreater(video["videoHeight"], video["videoWidth"])
        # A decoded test pattern has many colours; a blank or undecoded frame has one.
        self.assertGreaterEqual(video["frameColours"], 8, self.describe())

    def test_the_audio_decodes(self):
        # Chromium's own count of AAC bytes its decoder took from the buffered audio.
        self.assertTrue(self.player["typeSupport"]['audio/mp4; codecs="mp4a.40.2"'],
                        self.describe())
        self.assertGreater(self.player["video"]["audioDecodedBytes"], 0, self.describe())


if __name__ == "__main__":
    main()
