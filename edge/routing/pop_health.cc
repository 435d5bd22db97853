// PopHealth: one relaxed atomic per PoP; a decision may read a state a moment old, which a
// health check's interval makes irrelevant.
#include "edge/routing/pop_health.h"

namespace edge::routing {

PopHealth::PopHealth(size_t pops, size_t local)
    : states_(std::make_unique<std::atomic<PopState>[]>(pops)), size_(pops), local_(local) {
  for (size_t i = 0; i < size_; ++i)
    states_[i].store(PopState::kUp, std::memory_order_relaxed);
}

PopState PopHealth::state(size_t pop) const {
  return pop < size_ ? states_[pop].load(std::memory_order_relaxed) : PopState::kDown;
}

std::vector<PopState> PopHealth::snapshot() const {
  std::vector<PopState> states(size_);
  for (size_t i = 0; i < size_; ++i)
    states[i] = states_[i].load(std::memory_order_relaxed);
  return states;
}

void PopHealth::set(size_t pop, PopState state) {
  if (pop < size_) states_[pop].store(state, std::memory_order_relaxed);
}

}  // namespace edge::routing
