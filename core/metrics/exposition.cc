// Exposition: merges the series of every registry by family name and label values, then
// writes the Prometheus text format 0.0.4, families sorted by name, series by label values.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/metrics/registry.h"
#include "core/metrics/series.h"

namespace core::metrics {
namespace {

// The sum of one series over every registry.
struct Merged {
  uint64_t counter = 0;
  int64_t gauge = 0;
  std::vector<uint64_t> buckets;  // cumulative, the last one is +Inf
  double sum = 0;
};

struct MergedFamily {
  FamilySpec spec;
  std::map<std::vector<std::string>, Merged> series;
};

void add_into(Merged& into, Kind kind, const Counter& counter, const Gauge& gauge,
              const Histogram* histogram) {
  into.counter += counter.value();
  into.gauge += gauge.value();
  if (kind != Kind::kHistogram || histogram == nullptr) return;
  const Histogram& h = *histogram;
  if (into.buckets.size() < h.bounds().size() + 1) into.buckets.resize(h.bounds().size() + 1);
  for (size_t i = 0; i <= h.bounds().size(); ++i)
    into.buckets[i] += h.bucket(i);
  into.sum += h.sum();
}

// Label values escape backslash, double quote and newline; HELP text only the first and last.
void append_escaped(std::string& out, std::string_view text, bool quote) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

void append_double(std::string& out, double value) {
  if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
    return;
  }
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  char buffer[32];
  // %g-style shortest form, as the Go client writes it: 0.0005, 10, 1e+06.
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general);
  out.append(buffer, result.ptr);
}

// `{a="x",le="0.5"}`: the family's labels, then an optional extra label.
void append_labels(std::string& out, const FamilySpec& spec, const std::vector<std::string>& values,
                   std::string_view extra_name = {}, std::string_view extra_value = {}) {
  if (values.empty() && extra_name.empty()) return;
  out += '{';
  bool first = true;
  for (size_t i = 0; i < values.size() && i < spec.labels.size(); ++i) {
    if (!first) out += ',';
    first = false;
    out += spec.labels[i];
    out += "=\"";
    append_escaped(out, values[i], true);
    out += '"';
  }
  if (!extra_name.empty()) {
    if (!first) out += ',';
    out += extra_name;
    out += "=\"";
    out += extra_value;
    out += '"';
  }
  out += '}';
}

std::string_view type_name(Kind kind) {
  switch (kind) {
    case Kind::kCounter:
      return "counter";
    case Kind::kGauge:
      return "gauge";
    case Kind::kHistogram:
      return "histogram";
  }
  return "untyped";
}

void render_histogram(std::string& out, const MergedFamily& family,
                      const std::vector<std::string>& values, const Merged& merged) {
  std::string le;
  for (size_t i = 0; i < merged.buckets.size(); ++i) {
    le.clear();
    if (i < family.spec.buckets.size()) {
      append_double(le, family.spec.buckets[i]);
    } else {
      le = "+Inf";
    }
    out += family.spec.name;
    out += "_bucket";
    append_labels(out, family.spec, values, "le", le);
    out += ' ';
    out += std::to_string(merged.buckets[i]);
    out += '\n';
  }
  out += family.spec.name;
  out += "_sum";
  append_labels(out, family.spec, values);
  out += ' ';
  append_double(out, merged.sum);
  out += '\n';
  out += family.spec.name;
  out += "_count";
  append_labels(out, family.spec, values);
  out += ' ';
  // The +Inf bucket, so that _count always equals it within one scrape.
  out += std::to_string(merged.buckets.empty() ? 0 : merged.buckets.back());
  out += '\n';
}

void render_family(std::string& out, const MergedFamily& family) {
  out += "# HELP ";
  out += family.spec.name;
  out += ' ';
  append_escaped(out, family.spec.help, false);
  out += "\n# TYPE ";
  out += family.spec.name;
  out += ' ';
  out += type_name(family.spec.kind);
  out += '\n';
  for (const auto& [values, merged] : family.series) {
    if (family.spec.kind == Kind::kHistogram) {
      render_histogram(out, family, values, merged);
      continue;
    }
    out += family.spec.name;
    append_labels(out, family.spec, values);
    out += ' ';
    out += family.spec.kind == Kind::kCounter ? std::to_string(merged.counter)
                                              : std::to_string(merged.gauge);
    out += '\n';
  }
}

}  // namespace

void Exposition::add(const Registry& registry) {
  std::lock_guard lock(mutex_);
  if (std::find(registries_.begin(), registries_.end(), &registry) == registries_.end()) {
    registries_.push_back(&registry);
  }
}

void Exposition::remove(const Registry& registry) {
  std::lock_guard lock(mutex_);
  std::erase(registries_, &registry);
}

std::string Exposition::render() const {
  std::map<std::string, MergedFamily, std::less<>> families;
  {
    std::lock_guard lock(mutex_);
    for (const Registry* registry : registries_) {
      std::lock_guard registry_lock(registry->mutex_);
      for (const auto& [key, series] : registry->series_) {
        auto it = families.find(key.first);
        if (it == families.end()) {
          it = families.emplace(key.first, MergedFamily{series->family, {}}).first;
        }
        add_into(it->second.series[key.second], series->family.kind, series->counter, series->gauge,
                 series->histogram.get());
      }
    }
  }
  std::string out;
  for (const auto& [name, family] : families)
    render_family(out, family);
  return out;
}

}  // namespace core::metrics
