# A strict reader of the Prometheus text exposition (version 0.0.4): every line is a comment
# (# HELP / # TYPE) or `name{labels} value`; anything else is an error, so that the test of
# /metrics fails on a malformed line instead of skipping it.
import re
import urllib.request

_NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
_LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
_VALUE = r"[-+]?(?:[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?|Inf|NaN)"
_LABELS = rf"\{{((?:{_LABEL})(?:,{_LABEL})*,?)?\}}"
_SAMPLE = re.compile(rf"^({_NAME})(?:{_LABELS})? ({_VALUE})(?: -?[0-9]+)?$")
_HELP = re.compile(rf"^# HELP ({_NAME}) .*$|^# HELP ({_NAME})$")
_TYPE = re.compile(rf"^# TYPE ({_NAME}) (counter|gauge|histogram|summary|untyped)$")
_LABEL_PAIR = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


class ExpositionError(ValueError):
    pass


def _unescape(value):
    return value.replace(r"\n", "\n").replace(r"\"", '"').replace("\\\\", "\\")


def parse(text):
    """Samples {(name, ((label, value), ...)): float} and types {name: type} of `text`."""
    samples = {}
    types = {}
    for number, line in enumerate(text.split("\n"), 1):
        if line == "":
            continue
        if line.startswith("#"):
            if _HELP.match(line):
                continue
            m = _TYPE.match(line)
            if not m:
                raise ExpositionError(f"line {number}: malformed comment: {line!r}")
            if m.group(1) in types:
                raise ExpositionError(f"line {number}: second TYPE for {m.group(1)}")
            types[m.group(1)] = m.group(2)
            continue
        m = _SAMPLE.match(line)
        if not m:
            raise ExpositionError(f"line {number}: not `name{{labels}} value`: {line!r}")
        labels = tuple(sorted((k, _unescape(v)) for k, v in _LABEL_PAIR.findall(m.group(2) or "")))
        key = (m.group(1), labels)
        if key in samples:
            raise ExpositionError(f"line {number}: duplicate series {line!r}")
        samples[key] = float(m.group(3))
    return Samples(samples, types)


def scrape(port, host="127.0.0.1"):
    with urllib.request.urlopen(f"http://{host}:{port}/metrics", timeout=10) as response:
        return parse(response.read().decode("utf-8"))


class Samples:
    def __init__(self, samples, types):
        self.samples = samples
        self.types = types

    def value(self, name, **labels):
        """The sum of the series of `name` whose labels include `labels`."""
        total = 0.0
        for (n, series_labels), v in self.samples.items():
            if n == name and all(dict(series_labels).get(k) == w for k, w in labels.items()):
                total += v
        return total

    def names(self):
        return {n for n, _ in self.samples}


def delta(before, after, name, **labels):
    return after.value(name, **labels) - before.value(name, **labels)
