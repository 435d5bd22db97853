// Names "#N" (the N-th most popular video of the target's catalog) become video ids, from the
// origin's region feed: GET /api/feed/region/{R}?count=K lists videos by the probability that
// a viewer of R reaches them soon, the origin's own popularity order. A catalog without any
// history has an empty region feed; then the feed of a viewer who watched nothing
// (GET /api/feed?user=swipebench-catalog&region=R, paged by cursor), which is the origin's
// cold-start order (trending, then exploration). Rank N beyond the K videos listed wraps around
// (N-1 mod K), so a trace of a large catalog replays on a small one.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace swipebench::replay {

// The video ids of a region feed body (`[{"video": id, ...}, ...]`) in order.
std::expected<std::vector<std::string>, std::string> parse_region_feed(std::string_view body);

// One page of a viewer feed (`{"items": [{"video": id}], "cursor": C}`): ids, and the cursor
// of the next page (empty at the end).
struct FeedPage {
  std::vector<std::string> ids;
  std::string cursor;
};
std::expected<FeedPage, std::string> parse_viewer_feed(std::string_view body);

// The id rank `rank` (1-based) names in `ranked`, wrapping around; empty when `ranked` is.
std::string resolve_rank(const std::vector<std::string>& ranked, int64_t rank);

}  // namespace swipebench::replay
