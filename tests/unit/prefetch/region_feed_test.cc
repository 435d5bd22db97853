// parse_region_feed (each entry's error) and merge_region_feeds (union of probabilities,
// renditions in first-seen order, the order of the result).
#include "prefetch/region_feed.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace prefetch {
namespace {

std::string error_of(std::string_view body, std::size_t max_items = 10'000) {
  auto feed = parse_region_feed(body, max_items);
  EXPECT_FALSE(feed.has_value()) << body;
  return feed ? std::string() : feed.error();
}

TEST(RegionFeedTest, ParsesEntriesInOrder) {
  auto feed = parse_region_feed(R"([{"video": "v42", "p": 0.83, "renditions": ["360p", "720p"]},
                                    {"video": "v7", "p": 1, "renditions": ["360p"], "extra": 1},
                                    {"video": "v8", "p": 0, "renditions": ["480p"]}])");
  ASSERT_TRUE(feed.has_value()) << feed.error();
  ASSERT_EQ(feed->size(), 3u);
  EXPECT_EQ((*feed)[0], (RegionFeedItem{"v42", 0.83, {"360p", "720p"}}));
  EXPECT_EQ((*feed)[1], (RegionFeedItem{"v7", 1.0, {"360p"}}));
  EXPECT_EQ((*feed)[2], (RegionFeedItem{"v8", 0.0, {"480p"}}));
  auto empty = parse_region_feed("[]");
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->empty());
}

TEST(RegionFeedTest, NamesTheBrokenEntry) {
  const std::string ok = R"({"video": "v1", "p": 0.5, "renditions": ["360p"]})";
  EXPECT_EQ(error_of("[" + ok + R"(, {"video": "v2", "p": 1.5, "renditions": ["360p"]}])"),
            "[1].p: must be a number in [0, 1]");
  EXPECT_EQ(error_of(R"([{"video": "v2", "p": -0.1, "renditions": ["360p"]}])"),
            "[0].p: must be a number in [0, 1]");
  EXPECT_EQ(error_of(R"([{"video": "v2", "p": "0.1", "renditions": ["360p"]}])"),
            "[0].p: must be a number in [0, 1]");
  EXPECT_EQ(error_of(R"([{"video": "v2", "renditions": ["360p"]}])"),
            "[0].p: must be a number in [0, 1]");
  const std::string ok2 = R"({"video": "v2", "p": 0.5, "renditions": ["360p"]})";
  EXPECT_EQ(
      error_of("[" + ok + "," + ok2 + R"(, {"video": "../x", "p": 0.1, "renditions": ["a"]}])"),
      "[2].video: must be a name of 1-64 characters of [A-Za-z0-9._-]");
  EXPECT_EQ(error_of(R"([{"p": 0.1, "renditions": ["a"]}])"),
            "[0].video: must be a name of 1-64 characters of [A-Za-z0-9._-]");
  EXPECT_EQ(error_of(R"([{"video": "v", "p": 0.1, "renditions": []}])"),
            "[0].renditions: must be an array of 1..16 names");
  EXPECT_EQ(error_of(R"([{"video": "v", "p": 0.1}])"),
            "[0].renditions: must be an array of 1..16 names");
  EXPECT_EQ(error_of(R"([{"video": "v", "p": 0.1, "renditions": ["a", ""]}])"),
            "[0].renditions: must be an array of 1..16 names");
  EXPECT_EQ(error_of("[" + ok + ", 5]"), "[1]: must be an object");
  EXPECT_EQ(error_of("[" + ok + "," + ok + "]"), "[1].video: v1 is listed twice");
}

TEST(RegionFeedTest, RefusesWhatIsNotAFeed) {
  EXPECT_EQ(error_of("nope"), "body: not JSON");
  EXPECT_EQ(error_of(""), "body: not JSON");
  EXPECT_EQ(error_of(R"({"video": "v"})"), "body: must be a JSON array");
  const std::string ok = R"({"video": "v1", "p": 0.5, "renditions": ["360p"]})";
  const std::string ok2 = R"({"video": "v2", "p": 0.5, "renditions": ["360p"]})";
  EXPECT_TRUE(parse_region_feed("[" + ok + "," + ok2 + "]", 2).has_value());
  EXPECT_EQ(error_of("[" + ok + "," + ok2 + "]", 1), "body: more than 1 entries");
}

TEST(RegionFeedTest, MergeCombinesRegionsAsIndependent) {
  std::vector<std::vector<RegionFeedItem>> feeds = {
      {{"a", 0.5, {"360p", "720p"}}, {"b", 0.2, {"360p"}}},
      {{"b", 0.5, {"1080p", "360p"}}, {"c", 0.1, {"480p"}}},
      {{"a", 0.4, {"480p"}}},
  };
  auto merged = merge_region_feeds(feeds);
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0].video, "a");
  EXPECT_DOUBLE_EQ(merged[0].p, 1 - 0.5 * 0.6);
  EXPECT_EQ(merged[0].renditions, (std::vector<std::string>{"360p", "720p", "480p"}));
  EXPECT_EQ(merged[1].video, "b");
  EXPECT_DOUBLE_EQ(merged[1].p, 1 - 0.8 * 0.5);
  EXPECT_EQ(merged[1].renditions, (std::vector<std::string>{"360p", "1080p"}));
  EXPECT_EQ(merged[2].video, "c");
  EXPECT_EQ(merged[2].p, 0.1);
}

TEST(RegionFeedTest, MergeOfOneFeedKeepsItsProbabilitiesExactly) {
  std::vector<std::vector<RegionFeedItem>> feeds = {
      {{"x", 0.83, {"360p"}}, {"y", 0.1, {"360p"}}, {"z", 1.0 / 3.0, {"360p"}}}};
  auto merged = merge_region_feeds(feeds);
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0].p, 0.83);
  EXPECT_EQ(merged[1].p, 1.0 / 3.0);
  EXPECT_EQ(merged[2].p, 0.1);
}

TEST(RegionFeedTest, MergeSortsByProbabilityThenVideo) {
  std::vector<std::vector<RegionFeedItem>> feeds = {{{"m", 0.3, {"a"}}, {"b", 0.3, {"a"}}},
                                                    {{"z", 1.0, {"a"}}, {"a", 0.3, {"a"}}}};
  auto merged = merge_region_feeds(feeds);
  std::vector<std::string> order;
  order.reserve(merged.size());
  for (const auto& item : merged)
    order.push_back(item.video);
  EXPECT_EQ(order, (std::vector<std::string>{"z", "a", "b", "m"}));
  EXPECT_TRUE(merge_region_feeds({}).empty());
  std::vector<std::vector<RegionFeedItem>> certain = {{{"q", 1.0, {"a"}}}, {{"q", 0.7, {"a"}}}};
  EXPECT_EQ(merge_region_feeds(certain)[0].p, 1.0);
}

}  // namespace
}  // namespace prefetch
