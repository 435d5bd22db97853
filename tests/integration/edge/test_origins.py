#!/usr/bin/env python3
# Several origins: each video id sticks to the origin the consistent hash gives it, both origins
# get a share, and when one origin goes away its videos fail over to the other and it is marked
# down.
from edgeharness import metrics, rawhttp
from edgeharness.case import EdgeTestCase, main
from edgeharness.origin import serve

VIDEOS = [f"vid{i}" for i in range(24)]


class OriginChoiceTest(EdgeTestCase):
    @classmethod
    def setUpClass(cls):
        cls.a = cls.start_origin()
        cls.a.default = serve(b"A")
        cls.b = cls.start_origin()
        cls.b.default = serve(b"B")
        cls.edged = cls.start_edged(
            [cls.a.url, cls.b.url],
            args=["--origin-retries", "2", "--origin-retry-backoff", "10ms"])

    def owners(self):
        """Which origin answered each video, asking three times per video."""
        owners = {}
        for video in VIDEOS:
            answers = set()
            for n in range(3):
                response = rawhttp.exchange(self.edged.port, rawhttp.get(f"/v/{video}/seg_{n}.m4s"))
                self.assertEqual(response.status, 200, video)
                answers.add(response.body)
            self.assertEqual(len(answers), 1, f"{video} was served by {answers}")
            owners[video] = answers.pop()
        return owners

    def test_videos_stick_to_one_origin_and_fail_over_when_it_goes(self):
        owners = self.owners()
        self.assertEqual(set(owners.values()), {b"A", b"B"}, "one origin got every video")
        self.assertNoMalformedRequests(self.a)
        self.assertNoMalformedRequests(self.b)

        before = self.edged.metrics()
        self.a.stop()
        for video in VIDEOS:
            response = rawhttp.exchange(self.edged.port, rawhttp.get(f"/v/{video}/seg_9.m4s"))
            self.assertEqual((response.status, response.body), (200, b"B"), video)
        after = self.edged.metrics()
        self.assertGreaterEqual(metrics.delta(before, after, "edge_proxy_upstream_selections_total",
                                              choice="failover"), 1)
        self.assertGreaterEqual(
            metrics.delta(before, after, "edge_proxy_origin_marked_down_total"), 1)


if __name__ == "__main__":
    main()
