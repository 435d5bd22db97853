// Internal to core/metrics: one labelled series of a registry, shared by the registry that
// creates it and the exposition that reads it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/metrics/registry.h"

namespace core::metrics {

struct Registry::Series {
  FamilySpec family;                // the module's table entry; its views are static
  std::vector<std::string> values;  // one per label name of the family
  Counter counter;
  Gauge gauge;
  std::unique_ptr<Histogram> histogram;  // histogram families only
};

}  // namespace core::metrics
