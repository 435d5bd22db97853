// What a PoP holds warm, as Redis keeps it: one hash field per "video/rendition" whose value
// is "<segments> <expires at>" (Unix seconds). Edges evict what nobody watches, so an entry
// counts only until it expires; then the planner may ask for it again.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "prefetch/planner.h"

namespace control::state {

std::string encode_held(int segments, int64_t expires_at);

struct HeldFields {
  prefetch::Held held;               // entries still live at `now`
  std::vector<std::string> expired;  // fields to delete: expired or unreadable
};
// Reads a hash's fields as of `now` (Unix seconds).
HeldFields decode_held(const std::map<std::string, std::string>& fields, int64_t now);

// The fields to write after a round: entries of `after` that are new or grew from `before`.
std::map<std::string, int> held_growth(const prefetch::Held& before, const prefetch::Held& after);

}  // namespace control::state
