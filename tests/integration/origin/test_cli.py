#!/usr/bin/env python3
# origind's command line: --help, --version, a bad flag (exit 2, named), a TOML config whose
# values flags override, --check-config (ok or the bad key, and nothing opened), `origind ingest FILE` printing the id of a video that origind then
# serves, and libav's complaints about a broken file arriving as JSON log lines.
import json
import os
import socket
import subprocess

from originharness import media
from originharness.case import OriginTestCase, main
from originharness.origind import binary


class CliTest(OriginTestCase):
    def run_origind(self, *args):
        return subprocess.run([binary(), *args], capture_output=True, timeout=300, text=True)

    def test_help_and_version(self):
        help_run = self.run_origind("--help")
        self.assertEqual(help_run.returncode, 0)
        for flag in ("--listen", "--data-dir", "--redis", "--config", "--workers", "ingest"):
            self.assertIn(flag, help_run.stdout)
        self.assertIn("Redis", help_run.stdout)
        version = self.run_origind("--version")
        self.assertEqual(version.returncode, 0)
        self.assertRegex(version.stdout, r"^origind \d+\.\d+\.\d+")

    def test_bad_flags_exit_2_naming_them(self):
        for args, name in [(["--bogus"], "--bogus"), (["--data-dir", "d", "--workers", "0"], "--workers"),
                           (["--data-dir", "d", "--max-upload", "lots"], "--max-upload"),
                           (["--data-dir", "d", "--redis", "http://x"], "--redis"),
                           ([], "--data-dir")]:
            result = self.run_origind(*args)
            self.assertEqual(result.returncode, 2, args)
            self.assertIn(name, result.stderr, args)

    def test_a_config_file_and_a_flag_over_it(self):
        config = os.path.join(self.workdir(), "origind.toml")
        with open(config, "w") as f:
            f.write('playlist-max-age = 3\nworkers = 1\n')
        origind, client = self.start_origind(name="configured",
                                             args=["--config", config, "--playlist-max-age", "4"])
        clip = media.make_clip(os.path.join(self.workdir(), "c.mp4"), seconds=2)
        video = client.upload(clip)
        self.assertEqual(client.wait_settled(video)["status"], "ready")
        master = client.request("GET", f"/v/{video}/master.m3u8")
        self.assertEqual(master.headers["cache-control"],
                         "public, max-age=4, stale-while-revalidate=60")
        with open(config, "w") as f:
            f.write('no-such-key = 1\n')
        self.assertEqual(self.run_origind("--config", config, "--data-dir", "d").returncode, 2)

    def test_the_documented_example_config_starts_origind(self):
        example = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                               "deploy", "origind.toml")
        origind, client = self.start_origind(
            name="example", args=["--config", example, "--workers", "1"])
        self.assertEqual(client.request("GET", "/healthz").status, 200)

    def test_check_config_opens_nothing(self):
        config = os.path.join(self.workdir(), "checked.toml")
        data_dir = os.path.join(self.workdir(), "never-made")
        with socket.socket() as taken:  # no SO_REUSEPORT: a bind to it would fail
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            with open(config, "w") as f:
                # Nothing listens on port 1: a Redis connection would fail.
                f.write(f'listen = "127.0.0.1:{port}"\nredis = "redis://127.0.0.1:1"\n'
                        f'data-dir = "{data_dir}"\nlog-file = "{data_dir}/log"\n')
            good = self.run_origind("--check-config", "--config", config)
        self.assertEqual((good.returncode, good.stdout, good.stderr), (0, "ok\n", ""))
        self.assertFalse(os.path.exists(data_dir))
        example = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                               "deploy", "origind.toml")
        self.assertEqual(self.run_origind("--check-config", "--config", example).returncode, 0)
        for text, name in [('listen = "localhost:8080"\n', "--listen"),
                           ('segment-seconds = 99.0\n', "--segment-seconds"),
                           ('redis = "redis:/x"\n', "--redis"),
                           ('no-such-key = 1\n', "no-such-key")]:
            with open(config, "w") as f:
                f.write(text + f'data-dir = "{data_dir}"\n')
            bad = self.run_origind("--check-config", "--config", config)
            self.assertEqual((bad.returncode, bad.stdout), (2, ""), text)
            self.assertIn(name, bad.stderr, text)

    def test_ingest_prints_the_id_of_a_served_video(self):
        data_dir = os.path.join(self.workdir(), "ingested")
        clip = os.path.join(self.workdir(), "ingest.mp4")
        media.make_clip(clip, seconds=2)
        result = self.run_origind("ingest", "--data-dir", data_dir, clip, "--title", "Hello",
                                  "--creator", "op", "--hashtags", "a,b")
        self.assertEqual(result.returncode, 0, result.stderr)
        video = result.stdout.strip()
        self.assertRegex(video, r"^[0-9A-Za-z]{11}$")
        origind, client = self.start_origind(name="after-ingest", data_dir=data_dir)
        info = client.video(video).json()
        self.assertEqual((info["status"], info["title"], info["creator"], info["hashtags"]),
                         ("ready", "Hello", "op", ["a", "b"]))
        decoded = media.decode(origind.url(f"/v/{video}/master.m3u8"))
        self.assertEqual(decoded.returncode, 0, decoded.stderr)
        bad = os.path.join(self.workdir(), "bad.mp4")
        with open(bad, "wb") as f:
            f.write(b"not a video" * 10)
        failed = self.run_origind("ingest", "--data-dir", data_dir, bad)
        self.assertEqual(failed.returncode, 1)
        self.assertIn(f"failed: ", failed.stderr)

    def test_libav_messages_are_json_log_lines(self):
        clip = os.path.join(self.workdir(), "whole.mp4")
        media.make_clip(clip, seconds=2)
        cut = os.path.join(self.workdir(), "cut.mp4")
        with open(clip, "rb") as whole, open(cut, "wb") as part:
            part.write(whole.read(os.path.getsize(clip) // 2))  # the index (moov) is at the end
        failed = self.run_origind("ingest", "--data-dir", os.path.join(self.workdir(), "cut"), cut)
        self.assertEqual(failed.returncode, 1, failed.stderr)
        logged = []
        for line in failed.stderr.splitlines():
            if line.startswith("origind: ingest: "):
                continue
            logged.append(json.loads(line))  # anything else (libav's own text) fails here
        libav = [entry for entry in logged if entry["msg"] == "libav"]
        self.assertTrue(libav, failed.stderr)
        self.assertTrue(all(entry["level"] in ("warn", "error") for entry in libav))
        self.assertTrue(all(entry["message"] and entry["component"] for entry in libav), libav)


if __name__ == "__main__":
    main()
