#!/usr/bin/env python3
# origind's events and feeds with a real redis-server: events posted over HTTP count, the
# viewer feed and the region feed list ingested videos that a real player (ffmpeg) plays, bad
# requests get clear errors, and with Redis killed the feeds still answer (from the trending
# kept in LMDB) while events are refused with 503, until Redis is back.
import json
import os
import subprocess

from originharness import media
from originharness.case import OriginTestCase, main
from originharness.origind import binary
from originharness.redis import RedisServer

from edgeharness.processes import wait_until  # noqa: E402 (originharness puts it on the path)


class FeedTest(OriginTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.redis = RedisServer(cls.workdir())
        cls.addClassCleanup(cls.redis.kill)
        cls.redis.start()
        data_dir = os.path.join(cls.workdir(), "feed-data")
        cls.videos = []
        for i, (creator, tags) in enumerate([("ann", "cats,funny"), ("bob", "cars"),
                                             ("cid", "cats")]):
            clip = os.path.join(cls.workdir(), f"clip{i}.mp4")
            media.make_clip(clip, seconds=2, size="320x180")
            result = subprocess.run([binary(), "ingest", "--data-dir", data_dir, clip,
                                     "--creator", creator, "--hashtags", tags],
                                    capture_output=True, text=True, timeout=300)
            assert result.returncode == 0, result.stderr
            cls.videos.append(result.stdout.strip())
        cls.origind, cls.client = cls.start_origind(
            name="feeds", data_dir=data_dir, args=["--redis", cls.redis.url])

    def events(self, events):
        return self.client.post_json("/api/events", events)

    def view(self, user, video, watch_ms=2_000, region="eu"):
        return {"user": user, "video": video, "watch_ms": watch_ms, "duration_ms": 2_000,
                "action": "view", "region": region}

    def feed(self, query):
        return self.client.request("GET", "/api/feed?" + query)

    def test_events_count_and_the_feeds_list_playable_videos(self):
        a, b, c = self.videos
        batch = [self.view(f"fan{n}", a) for n in range(6)] + [self.view("fan0", b)]
        batch.append({"user": "fan0", "video": c, "action": "like", "region": "eu"})
        batch.append(self.view("fan0", "nosuchvideo"))
        posted = self.events(batch)
        self.assertEqual(posted.status, 200, posted.body)
        self.assertEqual(posted.json()["accepted"], 8)
        self.assertEqual(posted.json()["rejected"], [{"index": 8, "error": "unknown video"}])

        def trending_first():
            # No viewer of "eu" has a feed yet: the region feed is where new sessions start,
            # regional trending, led by the most watched video.
            reply = self.client.request("GET", "/api/feed/region/eu?count=3")
            items = reply.json() if reply.status == 200 else []
            return items if items and items[0]["video"] == a else None

        wait_until(trending_first, 30, what="the refreshed trending")
        reply = self.feed("user=newcomer&region=eu&count=3")
        self.assertEqual(reply.status, 200, reply.body)
        self.assertEqual(reply.headers["x-feed-source"], "redis")
        body = reply.json()
        self.assertEqual(body["source"], "trending")
        self.assertEqual(sorted(item["video"] for item in body["items"]), sorted(self.videos))
        self.assertTrue(body["cursor"])
        decoded = media.decode(self.origind.url(body["items"][0]["master"]))
        self.assertEqual(decoded.returncode, 0, decoded.stderr)
        nxt = self.feed("user=newcomer&region=eu&count=3&cursor=" + body["cursor"])
        self.assertEqual(nxt.status, 200)
        # The first page held the whole (three-video) feed: the next one is a new ranking.
        self.assertNotEqual(nxt.json()["cursor"].split(".")[0], body["cursor"].split(".")[0])

        region = self.client.request("GET", "/api/feed/region/eu?count=3")
        self.assertEqual(region.status, 200, region.body)
        items = region.json()
        self.assertTrue(items)
        for item in items:
            self.assertIn(item["video"], self.videos)
            self.assertTrue(0 < item["p"] <= 1, item)
            self.assertTrue(item["renditions"], item)
        metrics = self.client.request("GET", "/metrics").body.decode()
        self.assertIn("origin_events_kept_total 8", metrics)
        self.assertIn('origin_events_refused_total{reason="unknown_video"} 1', metrics)

    def test_bad_requests_get_clear_errors(self):
        for query, status in [("region=eu", 400), ("user=bad%20user", 400),
                              ("user=u&count=0", 400), ("user=u&count=1000", 400),
                              ("user=u&region=e%2Fu", 400)]:
            reply = self.feed(query)
            self.assertEqual(reply.status, status, query)
            self.assertIn("error", reply.json(), query)
        self.assertEqual(self.client.request("POST", "/api/feed").status, 405)
        self.assertEqual(self.client.request("GET", "/api/events").status, 405)
        self.assertEqual(self.client.request("GET", "/api/feed/region/b%20d").status, 404)
        for query in ("horizon=0", "horizon=3601", "horizon=1.5", "count=3&horizon=x"):
            reply = self.client.request("GET", "/api/feed/region/eu?" + query)
            self.assertEqual(reply.status, 400, query)
            self.assertIn("horizon", reply.json()["error"], query)
        self.assertEqual(
            self.client.request("GET", "/api/feed/region/eu?count=3&horizon=10").status, 200)
        not_json = self.client.request("POST", "/api/events", b"{nope",
                                       {"Content-Type": "application/json"})
        self.assertEqual((not_json.status, not_json.json()["error"]), (400, "body is not JSON"))
        too_many = self.events([self.view("u", self.videos[0])] * 1001)
        self.assertEqual(too_many.status, 413)
        self.assertIn("at most 1000", too_many.json()["error"])

    def test_without_redis_feeds_answer_and_events_wait(self):
        self.redis.kill()
        try:
            reply = self.feed("user=lonely&region=eu&count=3")
            self.assertEqual(reply.status, 200, reply.body)
            self.assertEqual(reply.headers["x-feed-source"], "fallback")
            self.assertEqual(reply.json()["source"], "fallback")
            region = self.client.request("GET", "/api/feed/region/eu?count=3")
            self.assertEqual(region.status, 200)
            refused = self.events([self.view("u", self.videos[0])])
            self.assertEqual(refused.status, 503)
            self.assertEqual(refused.headers["retry-after"], "1")
        finally:
            self.redis.start()
        back = wait_until(lambda: self.events([self.view("u", self.videos[0])]).status == 200,
                          30, what="events accepted again")
        self.assertTrue(back)
        wait_until(lambda: self.feed("user=lonely&region=eu").headers["x-feed-source"] == "redis",
                   30, what="feeds from Redis again")
        logged = [json.loads(line) for line in self.origind.log_lines()]
        messages = [line["msg"] for line in logged]
        self.assertIn("feed: redis reachable", messages)


if __name__ == "__main__":
    main()
