# Simulated viewers: each pages through its feed from the origin, as the app does, and swipes
# through it on the edge as a player does: master playlist, start rendition's media playlist,
# init section, first segment (the start), then the segments playback needs while it watches,
# then the watch event to the origin. Watch times mix early skips with watches of an
# exponential length; the player asks for a segment `LEAD_S` seconds before playback reaches it.
import http.client
import json
import math
import random
import threading
import time

SEGMENT_S = 2.0
LEAD_S = 4.0
EARLY_SKIP = 0.35       # share of swipes away within the first 2 s
MEAN_WATCH_S = 7.0      # mean watch of the others
REGION = "eu"


class Connection:
    """One keep-alive HTTP/1.1 connection, reopened when the server closes it."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                data = response.read()
                return response.status, {k.lower(): v for k, v in response.getheaders()}, data
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        if self.conn:
            self.conn.close()


def media_uris(playlist):
    """(init URI, [segment URIs]) of a media playlist's text."""
    init = None
    segments = []
    for line in playlist.splitlines():
        if line.startswith("#EXT-X-MAP:"):
            init = line.split('URI="', 1)[1].split('"', 1)[0]
        elif line and not line.startswith("#"):
            segments.append(line)
    return init, segments


def first_variant(master):
    return next(line for line in master.splitlines() if line and not line.startswith("#"))


class Viewer:
    def __init__(self, name, edge_port, origin_port, rng, speed, swipes, on_swipe=None):
        self.name = name
        self.edge = Connection(edge_port)
        self.origin = Connection(origin_port)
        self.rng = rng
        self.speed = speed
        self.swipes = swipes
        self.on_swipe = on_swipe  # (viewer, upcoming videos) -> None, the fixed policy's hook
        self.records = []

    def watch_seconds(self, duration):
        if self.rng.random() < EARLY_SKIP:
            return self.rng.uniform(0.3, 1.9)
        return min(duration, 2.0 + self.rng.expovariate(1.0 / MEAN_WATCH_S))

    def feed_pages(self):
        cursor = ""
        while True:
            path = f"/api/feed?user={self.name}&region={REGION}&count=10"
            if cursor:
                path += f"&cursor={cursor}"
            status, _, body = self.origin.request("GET", path)
            if status != 200:
                raise RuntimeError(f"feed answered {status}: {body[:200]!r}")
            page = json.loads(body)
            videos = [item["video"] for item in page["items"]]
            if not videos:
                return
            yield videos
            cursor = page.get("cursor") or ""
            if not cursor:
                return

    def run(self):
        done = 0
        for page in self.feed_pages():
            for i, video in enumerate(page):
                if done == self.swipes:
                    return
                if self.on_swipe:
                    self.on_swipe(self, page[i + 1:])
                self.swipe(video)
                done += 1

    def get(self, path):
        status, headers, body = self.edge.request("GET", path)
        if status != 200:
            raise RuntimeError(f"{path}: {status}")
        return headers, body

    def swipe(self, video):
        base = f"/v/{video}/"
        started = time.monotonic()
        _, master = self.get(base + "master.m3u8")
        rendition = first_variant(master.decode())
        rendition_base = base + rendition.rsplit("/", 1)[0] + "/"
        _, media = self.get(base + rendition)
        init, segments = media_uris(media.decode())
        if init:
            self.get(rendition_base + init)
        headers, first = self.get(rendition_base + segments[0])
        start_s = time.monotonic() - started
        duration = SEGMENT_S * len(segments)
        watch_s = self.watch_seconds(duration)
        self.records.append({"viewer": self.name, "video": video, "t": started,
                             "start_s": start_s, "x_cache": headers.get("x-cache", ""),
                             "first_bytes": len(first), "watch_s": watch_s})
        # Playback: segment k is asked for when playback reaches k * SEGMENT_S - LEAD_S.
        watched = 0.0
        for k in range(1, len(segments)):
            due = max(0.0, k * SEGMENT_S - LEAD_S)
            if due >= watch_s:
                break
            time.sleep(max(0.0, due - watched) / self.speed)
            watched = max(watched, due)
            self.get(rendition_base + segments[k])
        time.sleep(max(0.0, watch_s - watched) / self.speed)
        event = {"user": self.name, "video": video, "watch_ms": int(watch_s * 1000),
                 "duration_ms": int(duration * 1000),
                 "action": "skip" if watch_s < 2 else "view", "region": REGION}
        status, _, body = self.origin.request("POST", "/api/events", json.dumps([event]).encode(),
                                              {"Content-Type": "application/json"})
        if status != 200:
            raise RuntimeError(f"events answered {status}: {body[:200]!r}")


def run_viewers(count, edge_port, origin_port, seed, speed, swipes, arrival_s, on_swipe,
                progress):
    """Starts `count` viewers over `arrival_s` seconds; returns every swipe's record."""
    rng = random.Random(seed)
    viewers = [Viewer(f"viewer{i}", edge_port, origin_port, random.Random(rng.random()), speed,
                      swipes, on_swipe) for i in range(count)]
    errors = []

    def life(viewer, delay):
        time.sleep(delay)
        try:
            viewer.run()
        except Exception as error:  # a viewer's failure is reported, not a crash of the run
            errors.append(f"{viewer.name}: {error}")
        finally:
            viewer.edge.close()
            viewer.origin.close()

    threads = [threading.Thread(target=life, args=(v, i * arrival_s / max(1, count)), daemon=True)
               for i, v in enumerate(viewers)]
    for t in threads:
        t.start()
    total = count * swipes
    while any(t.is_alive() for t in threads):
        time.sleep(1)
        done = sum(len(v.records) for v in viewers)
        progress(f"swipes {done}/{total}")
    records = [r for v in viewers for r in v.records]
    return records, errors


def percentile(values, q):
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
