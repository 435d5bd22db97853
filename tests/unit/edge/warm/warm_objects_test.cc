#include "edge/warm/warm_objects.h"

#include <gtest/gtest.h>

namespace edge::warm {
namespace {

prefetch::Hint two_items() {
  prefetch::Hint hint;
  hint.id = "h-1";
  hint.expires_at = 1'800'000'100;
  hint.items.push_back({"v42", {"360p", "720p"}, 3, 0.8});
  hint.items.push_back({"v7", {"360p"}, 1, 0.2});
  return hint;
}

TEST(HintTasks, MasterThenEachRenditionsPlaylistFollowingItsSegments) {
  const auto tasks = hint_tasks(two_items(), ObjectEstimates{});
  ASSERT_EQ(tasks.size(), 5u);
  EXPECT_EQ(tasks[0].key, "/v/v42/master.m3u8");
  EXPECT_EQ(tasks[0].follow_segments, 0);
  EXPECT_EQ(tasks[1].key, "/v/v42/360p/index.m3u8");
  EXPECT_EQ(tasks[1].follow_segments, 3);
  EXPECT_EQ(tasks[2].key, "/v/v42/720p/index.m3u8");
  EXPECT_EQ(tasks[4].key, "/v/v7/360p/index.m3u8");
  EXPECT_EQ(tasks[4].follow_segments, 1);
  for (const auto& task : tasks) {
    EXPECT_EQ(task.hint, "h-1");
    EXPECT_EQ(task.expires_at_ms, 1'800'000'100'000);
  }
  EXPECT_DOUBLE_EQ(tasks[1].priority, 0.8);
  EXPECT_DOUBLE_EQ(tasks[4].priority, 0.2);
}

TEST(HintTasks, UsesTheServedPrefix) {
  ObjectEstimates estimates;
  estimates.prefix = "/clips/";
  EXPECT_EQ(hint_tasks(two_items(), estimates)[0].key, "/clips/v42/master.m3u8");
}

prefetch::WarmTask playlist_task(int follow) {
  return {"/v/v42/360p/index.m3u8", "h-1", 0.5, 1'800'000'100'000, 2048, follow};
}

constexpr std::string_view kMedia =
    "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI=\"init.mp4\"\n"
    "#EXTINF:2,\nseg_0.m4s\n#EXTINF:2,\nseg_1.m4s\n#EXTINF:2,\nseg_2.m4s\n#EXT-X-ENDLIST\n";

TEST(PlaylistTasks, InitThenTheFirstSegmentsInOrder) {
  ObjectEstimates estimates;
  auto tasks = playlist_tasks(playlist_task(2), kMedia, estimates);
  ASSERT_TRUE(tasks) << tasks.error();
  ASSERT_EQ(tasks->size(), 3u);
  EXPECT_EQ((*tasks)[0].key, "/v/v42/360p/init.mp4");
  EXPECT_EQ((*tasks)[0].expected_bytes, estimates.playlist_bytes);
  EXPECT_EQ((*tasks)[1].key, "/v/v42/360p/seg_0.m4s");
  EXPECT_EQ((*tasks)[1].expected_bytes, estimates.segment_bytes);
  EXPECT_EQ((*tasks)[2].key, "/v/v42/360p/seg_1.m4s");
  EXPECT_GT((*tasks)[0].priority, (*tasks)[1].priority);
  EXPECT_GT((*tasks)[1].priority, (*tasks)[2].priority);
  EXPECT_NEAR((*tasks)[2].priority, 0.5, 1e-4);
  for (const auto& task : *tasks) {
    EXPECT_EQ(task.hint, "h-1");
    EXPECT_EQ(task.follow_segments, 0);
  }
}

TEST(PlaylistTasks, ReferencesOutsideTheVideoAreNotFollowed) {
  constexpr std::string_view kHostile =
      "#EXTM3U\n#EXT-X-TARGETDURATION:2\n"
      "#EXTINF:2,\nhttp://elsewhere.example/v/v42/360p/a.m4s\n"
      "#EXTINF:2,\n../../v43/360p/seg_0.m4s\n"
      "#EXTINF:2,\nseg_0.m4s?token=1\n"
      "#EXTINF:2,\n../720p/seg_0.m4s\n#EXT-X-ENDLIST\n";
  auto tasks = playlist_tasks(playlist_task(4), kHostile, ObjectEstimates{});
  ASSERT_TRUE(tasks) << tasks.error();
  ASSERT_EQ(tasks->size(), 1u);
  EXPECT_EQ((*tasks)[0].key, "/v/v42/720p/seg_0.m4s");
}

TEST(PlaylistTasks, AMasterOrGarbageIsAnError) {
  EXPECT_FALSE(playlist_tasks(playlist_task(2), "<html>", ObjectEstimates{}));
  EXPECT_FALSE(playlist_tasks(playlist_task(2),
                              "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n360p/index.m3u8\n",
                              ObjectEstimates{}));
}

TEST(VideoOf, TheSegmentAfterThePrefix) {
  EXPECT_EQ(video_of("/v/v42/360p/seg_0.m4s", "/v/"), "v42");
  EXPECT_EQ(video_of("/v/v42/master.m3u8", "/v/"), "v42");
  EXPECT_EQ(video_of("/v/v42", "/v/"), std::nullopt);
  EXPECT_EQ(video_of("/v//x", "/v/"), std::nullopt);
  EXPECT_EQ(video_of("/w/v42/x", "/v/"), std::nullopt);
  EXPECT_EQ(video_of("/v/v42/x", ""), std::nullopt);
}

}  // namespace
}  // namespace edge::warm
