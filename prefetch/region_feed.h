// The origin's region feed (GET /api/feed/region/{R}?count=K), the planner's input:
//   [{"video": "v42", "p": 0.83, "renditions": ["360p", "720p"]}, ...]
// p is the probability that some active viewer of the region reaches the video within the
// origin's planning horizon.
#pragma once

#include <cstddef>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace prefetch {

struct RegionFeedItem {
  std::string video;
  double p = 0;  // in [0, 1]
  std::vector<std::string> renditions;

  bool operator==(const RegionFeedItem&) const = default;
};

// Parses and validates a region feed; the error names the offending entry. Entries with a p
// outside [0, 1], a bad name or no renditions are errors, not skipped: a broken origin is
// reported, not half-believed. So are a video listed twice and more than 16 renditions.
std::expected<std::vector<RegionFeedItem>, std::string> parse_region_feed(
    std::string_view body, std::size_t max_items = 10'000);

// One feed for a PoP that serves several regions: a video's p is the probability that a
// viewer of at least one of them reaches it, 1 - prod(1 - p_r), treating regions as
// independent; its renditions are the union in first-seen order. Sorted by p, best first,
// ties by video id.
std::vector<RegionFeedItem> merge_region_feeds(std::span<const std::vector<RegionFeedItem>> feeds);

}  // namespace prefetch
