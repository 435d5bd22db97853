// POST /api/events bodies: a JSON array of events (or {"events": [...]}) checked one by one
// against the catalog. A malformed body or an oversized batch refuses the whole batch; a bad
// event is refused alone, with its index and reason, and the rest are kept.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "origin/rank/catalog.h"
#include "origin/rank/event_effects.h"

namespace origin::feed {

// A checked event: what happened (rank::Event, whose rules say what it changes), the video's
// position in the catalog it was checked against, the region and the time.
struct Event {
  rank::Event what;
  rank::VideoIndex video = 0;
  std::string region;
  int64_t ts_ms = 0;
};

struct Rejection {
  std::size_t index = 0;
  std::string reason;  // also the metrics label: a short fixed phrase
};

struct EventBatch {
  std::vector<Event> events;
  std::vector<Rejection> rejected;
};

struct BatchLimits {
  std::size_t max_events = 1'000;
  int64_t now_ms = 0;
};

// The whole batch's refusal reason when it is not a JSON array (or object with "events") of at
// most `max_events` objects.
std::expected<EventBatch, std::string> parse_event_batch(std::string_view body,
                                                         const rank::Catalog& catalog,
                                                         const BatchLimits& limits);

// Viewer ids and region names: 1-64 bytes of letters, digits and "._-:".
bool is_valid_name(std::string_view name);

}  // namespace origin::feed
