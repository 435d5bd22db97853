// How long a viewer stays on a clip and what it does there (gen_model.h's watch classes and
// action rates).
#pragma once

#include <cstdint>
#include <string_view>

#include "bench/swipebench/gen/gen_model.h"
#include "bench/swipebench/gen/rng.h"

namespace swipebench::gen {

enum class WatchClass : uint8_t { kEarlySkip, kPartial, kComplete, kReplay };

struct Watch {
  WatchClass kind = WatchClass::kEarlySkip;
  int64_t watch_ms = 0;
};

Watch draw_watch(const WatchModel& model, int64_t duration_ms, Rng& rng);
// The row's action for a watch of class `kind`.
std::string_view draw_action(const ActionRates& rates, WatchClass kind, Rng& rng);

}  // namespace swipebench::gen
