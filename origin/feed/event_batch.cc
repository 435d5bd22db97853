// parse_event_batch: each event's fields checked in turn; the first bad field names the reason.
#include "origin/feed/event_batch.h"

#include <nlohmann/json.hpp>
#include <optional>

namespace origin::feed {
namespace {

using nlohmann::json;

// Clips are at most 10 minutes; a watch may loop the clip for up to an hour.
constexpr int64_t kMaxDurationMs = 10 * 60 * 1000 + 1000;
constexpr int64_t kMaxWatchMs = 60 * 60 * 1000;
// Events may be sent late (a player offline for a while), not from the future.
constexpr int64_t kMaxAgeMs = 24 * 3600 * 1000;
constexpr int64_t kMaxAheadMs = 5 * 60 * 1000;

std::optional<int64_t> integer(const json& event, const char* name) {
  auto it = event.find(name);
  if (it == event.end()) return std::nullopt;
  if (it->is_number_unsigned() && it->get<uint64_t>() <= INT64_MAX) return it->get<int64_t>();
  if (it->is_number_integer()) return it->get<int64_t>();
  return std::nullopt;
}

const std::string* text(const json& event, const char* name) {
  auto it = event.find(name);
  if (it == event.end() || !it->is_string()) return nullptr;
  return &it->get_ref<const std::string&>();
}

// The event, or the reason it is refused.
std::expected<Event, std::string> check(const json& item, const rank::Catalog& catalog,
                                        const BatchLimits& limits) {
  if (!item.is_object()) return std::unexpected("not an object");
  Event event;
  const std::string* user = text(item, "user");
  if (user == nullptr || !is_valid_name(*user)) return std::unexpected("bad user id");
  event.what.user = *user;
  const std::string* video = text(item, "video");
  if (video == nullptr) return std::unexpected("bad video id");
  auto index = catalog.find(*video);
  if (!index) return std::unexpected("unknown video");
  event.video = *index;
  event.what.video = *video;
  const std::string* action = text(item, "action");
  auto parsed = action ? rank::parse_action(*action) : std::nullopt;
  if (!parsed) return std::unexpected("bad action");
  event.what.action = *parsed;
  const std::string* region = text(item, "region");
  if (region != nullptr && !is_valid_name(*region)) return std::unexpected("bad region");
  event.region = region != nullptr ? *region : "global";
  auto watch = integer(item, "watch_ms");
  auto duration = integer(item, "duration_ms");
  if (rank::is_watch(event.what)) {
    if (!watch || *watch < 0 || *watch > kMaxWatchMs) return std::unexpected("absurd watch_ms");
    if (!duration || *duration <= 0 || *duration > kMaxDurationMs)
      return std::unexpected("absurd duration_ms");
  } else {
    if (watch && (*watch < 0 || *watch > kMaxWatchMs)) return std::unexpected("absurd watch_ms");
    if (duration && (*duration <= 0 || *duration > kMaxDurationMs))
      return std::unexpected("absurd duration_ms");
  }
  event.what.watch_ms = watch.value_or(0);
  event.what.duration_ms = duration.value_or(catalog.at(event.video).duration_ms);
  if (item.contains("ts_ms")) {
    auto ts = integer(item, "ts_ms");
    if (!ts || *ts < limits.now_ms - kMaxAgeMs || *ts > limits.now_ms + kMaxAheadMs)
      return std::unexpected("ts_ms out of range");
    event.ts_ms = *ts;
  } else {
    event.ts_ms = limits.now_ms;
  }
  return event;
}

}  // namespace

bool is_valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-' || c == ':';
    if (!ok) return false;
  }
  return true;
}

std::expected<EventBatch, std::string> parse_event_batch(std::string_view body,
                                                         const rank::Catalog& catalog,
                                                         const BatchLimits& limits) {
  json document = json::parse(body, nullptr, false);
  if (document.is_discarded()) return std::unexpected("body is not JSON");
  const json* items = &document;
  if (document.is_object()) {
    auto it = document.find("events");
    if (it == document.end()) return std::unexpected("expected an array of events");
    items = &*it;
  }
  if (!items->is_array()) return std::unexpected("expected an array of events");
  if (items->size() > limits.max_events) {
    return std::unexpected("batch of " + std::to_string(items->size()) + " events; at most " +
                           std::to_string(limits.max_events));
  }
  EventBatch batch;
  batch.events.reserve(items->size());
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto event = check((*items)[i], catalog, limits);
    if (event) {
      batch.events.push_back(std::move(*event));
    } else {
      batch.rejected.push_back({i, std::move(event.error())});
    }
  }
  return batch;
}

}  // namespace origin::feed
