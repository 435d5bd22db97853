#!/usr/bin/env python3
# swipebench's trace commands end to end: gen and convert write traces the strict reader takes
# back (a CSV and a JSON lines trace of one seed hold the same rows), a seed gives the same
# bytes, --help and --version answer 0 at every level, and a bad flag or value exits 2 naming it.
import csv
import json
import os
import pathlib
import subprocess
import tempfile
import unittest

BINARY = os.environ.get("SWIPEBENCH", "swipebench")
DATA = pathlib.Path(__file__).resolve().parents[2] / "unit" / "bench" / "swipebench" / "data"


def run(*args):
    return subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=120)


class SwipebenchGen(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="swipebench-it-")
        self.addCleanup(self.dir.cleanup)

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def gen(self, out, *extra):
        done = run("gen", "--viewers", "200", "--videos", "100", "--minutes", "5", "--out", out,
                   "--seed", "9", *extra)
        self.assertEqual(done.returncode, 0, done.stderr)
        return pathlib.Path(out).read_text()

    def test_gen_is_reproducible_and_both_formats_agree(self):
        first = self.gen(self.path("a.jsonl"))
        self.assertEqual(first, self.gen(self.path("b.jsonl")))
        rows = [json.loads(line) for line in first.splitlines()]
        self.assertGreater(len(rows), 500)
        self.assertEqual(list(rows[0]), ["ts_ms", "user", "region", "ip", "video", "watch_ms",
                                         "action"])
        self.assertEqual([r["ts_ms"] for r in rows], sorted(r["ts_ms"] for r in rows))
        self.assertTrue(all(r["video"].startswith("#") for r in rows))
        self.assertEqual({r["region"] for r in rows}, {"eu", "us", "ap"})
        csv_text = self.gen(self.path("c.csv"), "--csv")
        csv_rows = list(csv.DictReader(csv_text.splitlines()))
        self.assertEqual(len(csv_rows), len(rows))
        self.assertEqual(csv_rows[7]["user"], rows[7]["user"])
        self.assertEqual(int(csv_rows[7]["watch_ms"]), rows[7]["watch_ms"])

    def test_gen_ids_and_catalog(self):
        ids = self.path("ids.txt")
        pathlib.Path(ids).write_text("aaa\nbbb\nccc\n")
        done = run("gen", "--viewers", "20", "--minutes", "2", "--ids", ids, "--out",
                   self.path("t.jsonl"), "--catalog-out", self.path("cat.csv"),
                   "--regions", "eu:1", "--ip-ranges", "eu:192.0.2.0/24")
        self.assertEqual(done.returncode, 0, done.stderr)
        rows = [json.loads(line) for line in pathlib.Path(self.path("t.jsonl")).read_text().splitlines()]
        self.assertTrue({r["video"] for r in rows} <= {"aaa", "bbb", "ccc"})
        self.assertTrue(all(r["ip"].startswith("192.0.2.") for r in rows))
        catalog = pathlib.Path(self.path("cat.csv")).read_text().splitlines()
        self.assertEqual(catalog[0], "video,duration_ms,topic")
        self.assertEqual(len(catalog), 4)

    def test_convert_each_shape(self):
        for shape, name in (("dashlet", "dashlet.csv"), ("retention", "retention.csv"),
                            ("kuairec", "kuairec.csv")):
            out = self.path(shape + ".jsonl")
            done = run("convert", "--from", shape, str(DATA / name), "--out", out,
                       "--viewers", "50", "--minutes", "5")
            self.assertEqual(done.returncode, 0, shape + ": " + done.stderr)
            rows = [json.loads(line) for line in pathlib.Path(out).read_text().splitlines()]
            self.assertGreater(len(rows), 0, shape)

    def test_help_and_version_at_every_level(self):
        for args in (("--help",), ("--version",), ("gen", "--help"), ("gen", "--version"),
                     ("convert", "--help"), ("convert", "--version")):
            done = run(*args)
            self.assertEqual(done.returncode, 0, args)
            self.assertTrue(done.stdout, args)
        self.assertIn("--viewers", run("gen", "--help").stdout)
        self.assertIn("kuairec", run("convert", "--help").stdout)
        self.assertRegex(run("--version").stdout, r"^swipebench \S+")

    def test_bad_flags_exit_2_naming_them(self):
        out = self.path("x.jsonl")
        cases = [
            (("frobnicate",), "frobnicate"),
            ((), "a command is required"),
            (("gen", "--bogus"), "--bogus"),
            (("gen", "--viewers", "0", "--videos", "5", "--minutes", "1", "--out", out),
             "--viewers"),
            (("gen", "--viewers", "x", "--videos", "5", "--minutes", "1", "--out", out),
             "--viewers"),
            (("gen", "--viewers", "5", "--minutes", "1", "--out", out), "--videos"),
            (("gen", "--viewers", "5", "--videos", "5", "--out", out), "--minutes"),
            (("gen", "--viewers", "5", "--videos", "5", "--minutes", "1", "--out", out,
              "--regions", "eu:0.5,us"), "--regions"),
            (("gen", "--viewers", "5", "--videos", "5", "--minutes", "1", "--out", out,
              "--ip-ranges", "eu:10.0.0.0/99"), "--ip-ranges"),
            (("convert", "--from", "parquet", "x", "--out", out), "--from"),
            (("convert", "--from", "kuairec", "--out", out), "IN"),
        ]
        for args, named in cases:
            done = run(*args)
            self.assertEqual(done.returncode, 2, f"{args}: {done.stderr}")
            self.assertIn(named, done.stderr, args)

    def test_unreadable_input_and_output_exit_1(self):
        done = run("convert", "--from", "kuairec", self.path("none.csv"), "--out", self.path("o"))
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn("none.csv: cannot open", done.stderr)
        bad = self.path("bad.csv")
        pathlib.Path(bad).write_text("user_id,video_id,play_duration,timestamp\n1,2,-1,5\n")
        done = run("convert", "--from", "kuairec", bad, "--out", self.path("o"))
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn("bad.csv:2: play_duration:", done.stderr)
        done = run("gen", "--viewers", "5", "--videos", "5", "--minutes", "1", "--out",
                   self.path("no/such/dir/t.jsonl"))
        self.assertEqual(done.returncode, 1, done.stderr)


if __name__ == "__main__":
    unittest.main()
