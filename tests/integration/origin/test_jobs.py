#!/usr/bin/env python3
# The transcode job queue through real processes: origind killed (SIGKILL) or stopped
# (SIGTERM) in the middle of a transcode resumes the job on the next start and finishes it; a
# delete during a transcode leaves no video, output or staging behind; bad inputs end
# `failed` with a reason and never take the worker down.
import hashlib
import json
import os

from originharness import media
from originharness.case import OriginTestCase, main
from originharness.client import Client

from edgeharness.processes import wait_until  # noqa: E402 (originharness puts it on the path)


class JobsTest(OriginTestCase):
    @classmethod
    def setUpClass(cls):
        # Long enough at 720p that a transcode is still running when the test acts on it.
        cls.long_clip = media.make_clip(os.path.join(cls.workdir(), "long.mp4"), seconds=30,
                                        size="1280x720")
        cls.short_clip = media.make_clip(os.path.join(cls.workdir(), "short.mp4"), seconds=2)

    def start(self, name):
        origind, client = self.start_origind(name=name, args=["--retry-backoff", "1"])
        return origind, client

    def wait_for_log(self, origind, msg, video, count=1):
        def seen():
            lines = [json.loads(line) for line in origind.log_lines() if line.startswith("{")]
            found = [line for line in lines if line.get("msg") == msg and line.get("video") == video]
            return found if len(found) >= count else None
        return wait_until(seen, 120, what=f"log line {msg!r} for {video}")

    def restart_mid_transcode(self, name, stop):
        origind, client = self.start(name)
        video = client.upload(self.long_clip, chunk=1 << 20)
        self.wait_for_log(origind, "transcode started", video)
        stop(origind)
        origind.start()
        client = Client(origind.port)
        settled = client.wait_settled(video, timeout=600)
        self.assertEqual(settled["status"], "ready", settled)
        self.assertEqual(settled["renditions"], ["360p", "480p", "720p"])
        result = media.decode(origind.url(f"/v/{video}/master.m3u8"))
        self.assertEqual(result.returncode, 0, result.stderr)
        staging = os.path.join(origind.data_dir, "staging")
        self.assertEqual(os.listdir(staging), [])
        return origind, video

    def test_a_killed_origind_resumes_the_job_after_restart(self):
        origind, video = self.restart_mid_transcode("killed", lambda o: o.kill())
        attempts = [line["attempt"] for line in self.wait_for_log(origind, "transcode started", video, 2)]
        self.assertEqual(attempts, [1, 2])

    def test_a_stopped_origind_requeues_the_job_without_counting_the_attempt(self):
        origind, video = self.restart_mid_transcode("stopped", lambda o: self.assertEqual(o.stop(), 0))
        self.wait_for_log(origind, "transcode cancelled", video)
        attempts = [line["attempt"] for line in self.wait_for_log(origind, "transcode started", video, 2)]
        self.assertEqual(attempts, [1, 1])

    def test_a_delete_during_the_transcode_leaves_nothing(self):
        origind, client = self.start("deleter")
        video = client.upload(self.long_clip, chunk=1 << 20)
        self.wait_for_log(origind, "transcode started", video)
        self.assertEqual(client.video(video).json()["status"], "processing")
        self.assertEqual(client.request("DELETE", f"/api/videos/{video}").status, 204)
        self.assertEqual(client.video(video).status, 404)
        # The runner notices, stops the transcode and removes what it wrote.
        self.wait_for_log(origind, "transcode cancelled", video)
        data = origind.data_dir
        self.assertFalse(os.path.exists(os.path.join(data, "v", video)))
        self.assertEqual(os.listdir(os.path.join(data, "staging")), [])
        self.assertEqual(os.listdir(os.path.join(data, "uploads")), [])
        self.assertEqual(client.request("GET", f"/v/{video}/master.m3u8").status, 404)
        # The worker is free: the next video goes through.
        after = client.upload(self.short_clip)
        self.assertEqual(client.wait_settled(after)["status"], "ready")
        self.assertEqual(client.request("DELETE", f"/api/videos/{after}").status, 204)
        self.assertFalse(os.path.exists(os.path.join(data, "v", after)))
        self.assertEqual(client.request("DELETE", f"/api/videos/{after}").status, 404)

    def test_bad_inputs_fail_with_a_reason(self):
        origind, client = self.start("bad")
        inputs = {
            "truncated": self.short_clip[: len(self.short_clip) // 2],
            "not_video": b"this is plain text, not a video file\n" * 100,
            "claims_mp4": b"\x00\x00\x00\x18ftypmp42" + os.urandom(4000),
        }
        videos = {name: client.upload(data) for name, data in inputs.items()}
        created = client.create_upload("alice", 0).json()
        empty = client.complete(created["video"], "alice", hashlib.sha256(b"").hexdigest())
        self.assertEqual(empty.status, 202, empty.body)
        videos["empty"] = created["video"]
        for name, video in videos.items():
            settled = client.wait_settled(video)
            self.assertEqual(settled["status"], "failed", f"{name}: {settled}")
            self.assertTrue(settled["reason"], name)
        self.assertTrue(origind.running())
        good = client.upload(self.short_clip)
        self.assertEqual(client.wait_settled(good)["status"], "ready")


if __name__ == "__main__":
    main()
