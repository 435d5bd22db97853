// libFuzzer target for the two JSON documents the control plane and the edges exchange: the
// pre-warm hint an edge accepts from the network, and the region feed controld reads from the
// origin. What parses must write back to the same value, and the planner must take any feed.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "prefetch/hint.h"
#include "prefetch/planner.h"
#include "prefetch/region_feed.h"

namespace {

void hint(std::string_view text) {
  auto parsed = prefetch::parse_hint(text);
  if (!parsed) return;
  auto again = prefetch::parse_hint(prefetch::to_json(*parsed));
  if (!again || !(*again == *parsed)) __builtin_trap();
}

void region_feed(std::string_view text) {
  auto feed = prefetch::parse_region_feed(text, 256);
  if (!feed) return;
  const std::vector<std::vector<prefetch::RegionFeedItem>> feeds = {*feed, *feed};
  const auto merged = prefetch::merge_region_feeds(feeds);
  for (const prefetch::RegionFeedItem& item : merged) {
    if (!(item.p >= 0 && item.p <= 1)) __builtin_trap();
  }
  const prefetch::PopBudget budget{4'000'000, 200};
  const prefetch::Plan plan = prefetch::make_plan(merged, budget, {}, {});
  if (plan.bytes > budget.bytes || plan.objects > budget.objects) __builtin_trap();
  auto carried = prefetch::parse_hint(prefetch::to_json(prefetch::to_hint(plan, "h-1", 1)));
  if (!carried) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  hint(text);
  region_feed(text);
  return 0;
}
