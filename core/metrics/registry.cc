// Registry: series are created on first lookup under the registry's lock and never removed,
// so references handed out stay valid for the registry's lifetime.
#include "core/metrics/registry.h"

#include <utility>

#include "core/metrics/series.h"

namespace core::metrics {

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::Series& Registry::series(const FamilySpec& family,
                                   std::initializer_list<std::string_view> values) {
  // One value per label name: missing values are empty, extra ones ignored, so a caller's
  // mistake still renders a well-formed series.
  std::vector<std::string> key_values(family.labels.size());
  size_t i = 0;
  for (std::string_view value : values) {
    if (i == key_values.size()) break;
    key_values[i++] = std::string(value);
  }
  std::lock_guard lock(mutex_);
  auto key = std::make_pair(std::string(family.name), key_values);
  auto it = series_.find(key);
  if (it == series_.end()) {
    auto created = std::make_unique<Series>();
    created->family = family;
    created->values = std::move(key_values);
    if (family.kind == Kind::kHistogram) {
      created->histogram = std::make_unique<Histogram>(family.buckets);
    }
    it = series_.emplace(std::move(key), std::move(created)).first;
  }
  return *it->second;
}

Counter& Registry::counter(const FamilySpec& family,
                           std::initializer_list<std::string_view> values) {
  return series(family, values).counter;
}

Gauge& Registry::gauge(const FamilySpec& family, std::initializer_list<std::string_view> values) {
  return series(family, values).gauge;
}

Histogram& Registry::histogram(const FamilySpec& family,
                               std::initializer_list<std::string_view> values) {
  Series& s = series(family, values);
  // A family declared with another kind still gets a working histogram (never rendered).
  std::lock_guard lock(mutex_);
  if (!s.histogram) s.histogram = std::make_unique<Histogram>(family.buckets);
  return *s.histogram;
}

}  // namespace core::metrics
