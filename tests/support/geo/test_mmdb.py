"""MaxMind DBs for Python tests, written by make_test_mmdb.pl beside this file.

    make_test_mmdb(path, ["127.1.0.0/16=DE/EU", "127.2.0.0/16=US/NA"])

places viewers whose source address is bound to 127.1.x.y in Germany, and so on; see the
script for the forms of a network and the options ("--layout=country_code", "--ipv4")."""
import os
import shutil
import subprocess

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "make_test_mmdb.pl")


def make_test_mmdb(path, networks, options=()):
    """Writes the database at `path`; raises RuntimeError with perl's message on failure."""
    perl = shutil.which("perl")
    if perl is None:
        raise RuntimeError("perl is not installed (deploy/install-deps.sh installs it)")
    result = subprocess.run([perl, SCRIPT, *options, path, *networks], capture_output=True,
                            text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"make_test_mmdb.pl failed:\n{result.stderr}")
    return path
