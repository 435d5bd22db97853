// The region feed is the only origin API that ranks the whole catalog without a viewer (the
// viewer feed leaves out what a viewer watched and explores); its order is what edges warm.
#include "bench/swipebench/replay/catalog.h"

#include <nlohmann/json.hpp>

namespace swipebench::replay {

std::expected<std::vector<std::string>, std::string> parse_region_feed(std::string_view body) {
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_array()) return std::unexpected("not a JSON array");
  std::vector<std::string> ids;
  for (const auto& item : json) {
    if (!item.is_object() || !item.contains("video") || !item["video"].is_string())
      return std::unexpected("an item without a \"video\" string");
    ids.push_back(item["video"].get<std::string>());
  }
  return ids;
}

std::expected<FeedPage, std::string> parse_viewer_feed(std::string_view body) {
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("items") ||
      !json["items"].is_array())
    return std::unexpected("not a feed page");
  FeedPage page;
  for (const auto& item : json["items"]) {
    if (item.is_object() && item.contains("video") && item["video"].is_string())
      page.ids.push_back(item["video"].get<std::string>());
  }
  if (json.contains("cursor") && json["cursor"].is_string())
    page.cursor = json["cursor"].get<std::string>();
  return page;
}

std::string resolve_rank(const std::vector<std::string>& ranked, int64_t rank) {
  if (ranked.empty() || rank < 1) return {};
  return ranked[static_cast<size_t>(rank - 1) % ranked.size()];
}

}  // namespace swipebench::replay
