#!/usr/bin/env python3
# controld's --check-config: the deployed example and a file whose Redis, edges and origin are all
# unreachable pass without controld opening anything (its listen port is held by the test, its
# log file's folder does not exist); a bad value or flag fails with exit 2 naming it.
import os
import socket
import subprocess

from controlharness.case import SECRET, ControlTestCase, main
from controlharness.controld import pops_toml

from edgeharness.tools import built

EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "deploy",
                       "controld.toml")


class CheckConfigTest(ControlTestCase):
    def check(self, *args):
        return subprocess.run([built("CONTROLD"), "--check-config", *args], capture_output=True,
                              text=True, timeout=60)

    def write(self, text):
        path = os.path.join(self.workdir(), "pops.toml")
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_a_good_file_is_ok_and_nothing_is_opened(self):
        self.assertEqual(self.check("--pops", EXAMPLE).stdout, "ok\n")
        missing = os.path.join(self.workdir(), "no-such-dir")
        with socket.socket() as taken:  # no SO_REUSEPORT: a bind to it would fail
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            pops = self.write(pops_toml("http://127.0.0.1:1", SECRET,
                                        [("eu-west", ["eu"], ["http://127.0.0.1:1"])],
                                        extra=f'redis = "redis://127.0.0.1:1"\n'
                                              f'listen = "127.0.0.1:{port}"\n'
                                              f'log_file = "{missing}/controld.log"'))
            run = self.check("--pops", pops)
        self.assertEqual((run.returncode, run.stdout, run.stderr), (0, "ok\n", ""))
        self.assertFalse(os.path.exists(missing))

    def test_bad_values_exit_2_naming_them(self):
        pops = lambda extra="": pops_toml("http://127.0.0.1:8080", SECRET,
                                          [("eu-west", ["eu"], ["http://127.0.0.1:8081"])], extra)
        good = pops()
        cases = [(good.replace("127.0.0.1:8080", "origin.example:8080"), [], "origin"),
                 (good.replace("127.0.0.1:8081", "edge.example:8081"), [], "pop[0].edges"),
                 (pops('listen = "*:8090"'), [], 'listen = "*:8090"'),
                 (good, ["--interval", "soon"], "--interval"),
                 (good, ["--listen", "8090"], "--listen"),
                 (pops("check_config = true"), [], "check_config")]
        for text, flags, name in cases:
            run = self.check("--pops", self.write(text), *flags)
            self.assertEqual((run.returncode, run.stdout), (2, ""), name)
            self.assertIn(name, run.stderr)


if __name__ == "__main__":
    main()
