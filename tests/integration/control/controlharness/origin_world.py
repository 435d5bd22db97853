# A real origind with a region whose feed lists every clip: clips made by ffmpeg, ingested
# with `origind ingest`, and views posted in the region until its feed lists them all.
import os
import subprocess

from edgeharness.processes import wait_until
from originharness import media
from originharness.client import Client
from originharness.origind import Origind, binary


def start_origin_with_region_feed(case, redis_url, region="eu", clips=3):
    """Starts origind for test class `case` (stopped by its class cleanup); returns it and the
    ids of its videos."""
    data_dir = os.path.join(case.workdir(), "origin-data")
    videos = []
    for i in range(clips):
        clip = os.path.join(case.workdir(), f"clip{i}.mp4")
        media.make_clip(clip, seconds=2, size="320x180")
        result = subprocess.run([binary(), "ingest", "--data-dir", data_dir, clip, "--creator",
                                 f"c{i}", "--hashtags", "cats"],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        videos.append(result.stdout.strip())
    origind = Origind(case.workdir(), data_dir, args=["--redis", redis_url])
    case.addClassCleanup(origind.stop)
    origind.start()
    client = Client(origind.port)
    views = [{"user": f"fan{n}", "video": video, "watch_ms": 2_000, "duration_ms": 2_000,
              "action": "view", "region": region}
             for video in videos for n in range(3)]
    posted = client.post_json("/api/events", views)
    assert posted.status == 200, posted.body

    def feed_lists_all():
        reply = client.request("GET", f"/api/feed/region/{region}?count=10")
        return reply.status == 200 and len(reply.json()) == len(videos)

    wait_until(feed_lists_all, 60, what="origind's region feed")
    return origind, videos
