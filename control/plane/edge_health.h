// An edge's health as the control plane sees it: healthy until `failures_to_die` consecutive
// checks fail, then dead (skipped by pushes) until one check succeeds.
#pragma once

#include <cstdint>

#include "control/state/state_store.h"

namespace control::plane {

class EdgeHealth {
 public:
  explicit EdgeHealth(int failures_to_die, state::EdgeHealthRecord record = {})
      : failures_to_die_(failures_to_die), record_(record) {}

  // Counts one check at `now` (Unix seconds); returns whether healthy() changed.
  bool checked(bool ok, int64_t now);
  bool healthy() const { return record_.healthy; }
  const state::EdgeHealthRecord& record() const { return record_; }

 private:
  int failures_to_die_;
  state::EdgeHealthRecord record_;
};

}  // namespace control::plane
