// The JSON of GET /api/pops: the registry as Redis keeps it, each PoP with its edges' health
// and drained flag, and the leader.
#pragma once

#include <string>

#include "control/state/state_store.h"

namespace control::api {

std::string pops_json(const state::Snapshot& snapshot);

}  // namespace control::api
