// parse_hint and to_json: the hint's fields checked in wire order; the first bad one is named.
// Unknown fields are ignored, so a newer control plane can add some without breaking older
// edges.
#include "prefetch/hint.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "prefetch/json_fields.h"

namespace prefetch {
namespace {

using nlohmann::json;

// 9999-12-31T23:59:59Z: far enough for any hint, and its milliseconds fit an int64_t.
constexpr int64_t kMaxExpiresAt = 253'402'300'799;
constexpr std::size_t kMaxNameLength = 64;
constexpr const char* kNameRule = ": must be a name of 1-64 characters of [A-Za-z0-9._-]";

std::expected<HintItem, std::string> parse_item(const json& entry, const HintLimits& limits,
                                                const std::string& where) {
  if (!entry.is_object()) return std::unexpected(where + ": must be an object");
  HintItem item;
  const std::string* video = fields::name(entry, "video");
  if (video == nullptr) return std::unexpected(where + ".video" + kNameRule);
  item.video = *video;
  auto renditions = fields::names(entry, "renditions", limits.max_renditions);
  if (!renditions) {
    return std::unexpected(where + ".renditions: must be an array of 1.." +
                           std::to_string(limits.max_renditions) + " names");
  }
  item.renditions = std::move(*renditions);
  auto segments = fields::integer(entry, "segments", 1, limits.max_segments);
  if (!segments) {
    return std::unexpected(where + ".segments: must be an integer in 1.." +
                           std::to_string(limits.max_segments));
  }
  item.segments = static_cast<int>(*segments);
  auto priority = fields::probability(entry, "priority");
  if (!priority) return std::unexpected(where + ".priority: must be a number in [0, 1]");
  item.priority = *priority;
  return item;
}

}  // namespace

bool is_valid_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength || name == "." || name == "..") return false;
  return std::ranges::all_of(name, [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

std::expected<Hint, std::string> parse_hint(std::string_view body, const HintLimits& limits) {
  if (body.size() > limits.max_body_bytes) {
    return std::unexpected("body: larger than " + std::to_string(limits.max_body_bytes) + " bytes");
  }
  json document = json::parse(body.begin(), body.end(), nullptr, false);
  if (document.is_discarded()) return std::unexpected("body: not JSON");
  if (!document.is_object()) return std::unexpected("body: must be a JSON object");
  Hint hint;
  const std::string* id = fields::name(document, "hint");
  if (id == nullptr) return std::unexpected(std::string("hint") + kNameRule);
  hint.id = *id;
  auto expires_at = fields::integer(document, "expires_at", 1, kMaxExpiresAt);
  if (!expires_at) {
    return std::unexpected("expires_at: must be an integer in 1.." + std::to_string(kMaxExpiresAt));
  }
  hint.expires_at = *expires_at;
  auto items = document.find("items");
  if (items == document.end() || !items->is_array() || items->size() > limits.max_items) {
    return std::unexpected("items: must be an array of at most " +
                           std::to_string(limits.max_items) + " items");
  }
  hint.items.reserve(items->size());
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto item = parse_item((*items)[i], limits, "items[" + std::to_string(i) + "]");
    if (!item) return std::unexpected(std::move(item.error()));
    hint.items.push_back(std::move(*item));
  }
  return hint;
}

std::string to_json(const Hint& hint) {
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const HintItem& item : hint.items) {
    items.push_back({{"video", item.video},
                     {"renditions", item.renditions},
                     {"segments", item.segments},
                     {"priority", item.priority}});
  }
  nlohmann::ordered_json out = {
      {"hint", hint.id}, {"expires_at", hint.expires_at}, {"items", std::move(items)}};
  // Names are checked ASCII when parsed; replacing keeps a hint built by hand from throwing.
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace prefetch
