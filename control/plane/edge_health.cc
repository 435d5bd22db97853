// One success revives; a run of failures kills.
#include "control/plane/edge_health.h"

namespace control::plane {

bool EdgeHealth::checked(bool ok, int64_t now) {
  const bool was = record_.healthy;
  record_.checked_at = now;
  if (ok) {
    record_.failures = 0;
    record_.healthy = true;
  } else {
    ++record_.failures;
    if (record_.failures >= failures_to_die_) record_.healthy = false;
  }
  return was != record_.healthy;
}

}  // namespace control::plane
