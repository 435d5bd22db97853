// A round's plan as the admin API shows it and Redis keeps it: the items with their bytes and
// expected savings, the totals, the hint and which edges took it.
#pragma once

#include <cstdint>
#include <string>

#include "control/plane/pop_round.h"

namespace control::plane {

// `created_at` is the round's Unix time in seconds.
std::string plan_json(const RoundReport& report, int64_t created_at);

}  // namespace control::plane
