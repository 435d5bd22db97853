// parse_region_feed and merge_region_feeds.
#include "prefetch/region_feed.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>

#include "prefetch/hint.h"
#include "prefetch/json_fields.h"

namespace prefetch {
namespace {

using nlohmann::json;

// No real ladder has more; the bound keeps one entry from carrying an unbounded list.
constexpr std::size_t kMaxRenditions = 16;

std::expected<RegionFeedItem, std::string> parse_entry(const json& entry,
                                                       const std::string& where) {
  if (!entry.is_object()) return std::unexpected(where + ": must be an object");
  RegionFeedItem item;
  const std::string* video = fields::name(entry, "video");
  if (video == nullptr) {
    return std::unexpected(where + ".video: must be a name of 1-64 characters of [A-Za-z0-9._-]");
  }
  item.video = *video;
  auto p = fields::probability(entry, "p");
  if (!p) return std::unexpected(where + ".p: must be a number in [0, 1]");
  item.p = *p;
  auto renditions = fields::names(entry, "renditions", kMaxRenditions);
  if (!renditions) {
    return std::unexpected(where + ".renditions: must be an array of 1.." +
                           std::to_string(kMaxRenditions) + " names");
  }
  item.renditions = std::move(*renditions);
  return item;
}

}  // namespace

std::expected<std::vector<RegionFeedItem>, std::string> parse_region_feed(std::string_view body,
                                                                          std::size_t max_items) {
  json document = json::parse(body.begin(), body.end(), nullptr, false);
  if (document.is_discarded()) return std::unexpected("body: not JSON");
  if (!document.is_array()) return std::unexpected("body: must be a JSON array");
  if (document.size() > max_items) {
    return std::unexpected("body: more than " + std::to_string(max_items) + " entries");
  }
  std::vector<RegionFeedItem> feed;
  feed.reserve(document.size());
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < document.size(); ++i) {
    std::string where = "[" + std::to_string(i) + "]";
    auto item = parse_entry(document[i], where);
    if (!item) return std::unexpected(std::move(item.error()));
    // A ranked list names each video once; a repeat means the origin is confused.
    if (!seen.insert(item->video).second) {
      return std::unexpected(where + ".video: " + item->video + " is listed twice");
    }
    feed.push_back(std::move(*item));
  }
  return feed;
}

std::vector<RegionFeedItem> merge_region_feeds(std::span<const std::vector<RegionFeedItem>> feeds) {
  std::vector<RegionFeedItem> merged;
  std::unordered_map<std::string, std::size_t> index;
  for (const auto& feed : feeds) {
    for (const RegionFeedItem& item : feed) {
      double p = std::isnan(item.p) ? 0.0 : std::clamp(item.p, 0.0, 1.0);
      auto [it, added] = index.try_emplace(item.video, merged.size());
      if (added) {
        merged.push_back({.video = item.video, .p = p, .renditions = {}});
      } else {
        // 1 - (1 - a)(1 - b), written so that a video seen once keeps its p bit for bit.
        double& into = merged[it->second].p;
        into = std::clamp(into + p - into * p, 0.0, 1.0);
      }
      auto& renditions = merged[it->second].renditions;
      for (const std::string& rendition : item.renditions) {
        if (std::ranges::find(renditions, rendition) == renditions.end())
          renditions.push_back(rendition);
      }
    }
  }
  std::ranges::sort(merged, [](const RegionFeedItem& a, const RegionFeedItem& b) {
    if (a.p != b.p) return a.p > b.p;
    return a.video < b.video;
  });
  return merged;
}

}  // namespace prefetch
