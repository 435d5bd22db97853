// What this edge believes about each PoP's state, written by the health checks (on one loop)
// and the drain endpoint, read by every worker on every steering or redirect decision.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

#include "edge/routing/pop_table.h"

namespace edge::routing {

class PopHealth {
 public:
  // Every PoP starts up: until a check says otherwise, nobody is moved away from one.
  PopHealth(size_t pops, size_t local);

  PopState state(size_t pop) const;
  std::vector<PopState> snapshot() const;
  void set(size_t pop, PopState state);

  // The local PoP's drain: /healthz says so, and steering and redirects move viewers away.
  void drain(bool on) { set(local_, on ? PopState::kDraining : PopState::kUp); }
  bool draining() const { return state(local_) == PopState::kDraining; }

 private:
  std::unique_ptr<std::atomic<PopState>[]> states_;
  size_t size_;
  size_t local_;
};

}  // namespace edge::routing
