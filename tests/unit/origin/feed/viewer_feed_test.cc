// GET /api/feed against a real Redis: cold start on regional trending, personalisation after
// three completions, no repeats, stable cursors while counters change, the per-creator rule,
// the per-viewer cache invalidated by the viewer's own events, and interests that fade with
// their age and ignore entries they cannot read.
#include <set>

#include "origin/feed/redis_keys.h"
#include "tests/unit/origin/feed/feed_fixture.h"

namespace origin::feed {
namespace {

class ViewerFeedTest : public FeedTest {
 protected:
  // 8 creators x 5 videos; tags by creator group.
  void SetUp() override {
    FeedTest::SetUp();
    for (int c = 0; c < 8; ++c) {
      for (int v = 0; v < 5; ++v) {
        std::string creator = "creator" + std::to_string(c);
        std::string id = add_video(creator, {c < 4 ? "cats" : "cars", "tag" + std::to_string(c)});
        videos_.push_back(id);
        creator_of_[id] = creator;
      }
    }
    start();
  }

  // Makes `order` the region's trending, best first, through real events.
  void make_trending(const std::vector<std::string>& order, const std::string& region = "eu") {
    nlohmann::json batch = nlohmann::json::array();
    for (std::size_t i = 0; i < order.size(); ++i) {
      for (std::size_t n = 0; n < order.size() - i; ++n)
        batch.push_back(watch("fan" + std::to_string(n), order[i], 10'000, region));
    }
    ASSERT_EQ(post(batch).status, 200);
    refresher_->refresh();
  }

  std::vector<std::string> videos_;
  std::map<std::string, std::string> creator_of_;
};

TEST_F(ViewerFeedTest, ColdStartIsRegionalTrending) {
  // One video per creator, so the diversity rule does not reorder.
  std::vector<std::string> order;
  for (int c = 7; c >= 0; --c)
    order.push_back(videos_[static_cast<std::size_t>(c) * 5]);
  make_trending(order);
  FeedReply reply = feed("newcomer", 8);
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body["source"], "trending");
  std::vector<std::string> got = ids(reply);
  ASSERT_EQ(got.size(), 8u);
  // Exploration may take a slot or two; every other position follows trending.
  std::vector<std::string> trending_part;
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (reply.body["items"][i]["source"] != "explore") trending_part.push_back(got[i]);
  }
  std::vector<std::string> expected;
  for (const std::string& id : order) {
    if (std::find(trending_part.begin(), trending_part.end(), id) != trending_part.end())
      expected.push_back(id);
  }
  EXPECT_EQ(trending_part, expected);
  EXPECT_GE(trending_part.size(), 6u);
}

TEST_F(ViewerFeedTest, PersonalisedAfterThreeCompletionsAndNothingWatchedComesBack) {
  make_trending(videos_);
  // Completes three "cars" videos (creators 4-7).
  std::vector<std::string> watched = {videos_[20], videos_[25], videos_[30]};
  ASSERT_EQ(post_each({watch("u1", watched[0], 10'000), watch("u1", watched[1], 10'000)}).status,
            200);
  EXPECT_EQ(feed("u1", 10).body["source"], "trending");
  ASSERT_EQ(post_each({watch("u1", watched[2], 10'000)}).status, 200);
  refresher_->refresh();
  FeedReply reply = feed("u1", 20);
  EXPECT_EQ(reply.body["source"], "personalised");
  std::vector<std::string> got = ids(reply);
  for (const std::string& id : watched)
    EXPECT_EQ(std::count(got.begin(), got.end(), id), 0) << "watched video " << id << " came back";
  int cars = 0;
  for (std::size_t i = 0; i < 10 && i < got.size(); ++i)
    cars += creator_of_[got[i]] >= "creator4";
  EXPECT_GE(cars, 6) << "the first page should lean to what the viewer completed";
}

TEST_F(ViewerFeedTest, OldInterestsFadeWithTheirAge) {
  make_trending(videos_);
  // Ten half-lives apart, the old signals weigh a thousandth of the new.
  std::vector<std::string> cats = {videos_[0], videos_[5], videos_[10]};
  std::vector<std::string> cars = {videos_[20], videos_[25], videos_[30]};
  ASSERT_EQ(post_each({watch("u1", cats[0], 10'000), watch("u1", cats[1], 10'000),
                       watch("u1", cats[2], 10'000)})
                .status,
            200);
  clock_.seconds += static_cast<int64_t>(10 * config_.effects.interest_half_life_s);
  ASSERT_EQ(post_each({watch("u1", cars[0], 10'000), watch("u1", cars[1], 10'000),
                       watch("u1", cars[2], 10'000)})
                .status,
            200);
  refresher_->refresh();
  FeedReply reply = feed("u1", 10);
  EXPECT_EQ(reply.body["source"], "personalised");
  int new_taste = 0;
  for (const std::string& id : ids(reply))
    new_taste += creator_of_[id] >= "creator4";
  EXPECT_GE(new_taste, 7) << "interests ten half-lives old should hardly count";
}

TEST_F(ViewerFeedTest, MalformedOrUnknownInterestEntriesCountForNothing) {
  make_trending(videos_);
  ASSERT_EQ(post_each({watch("u1", videos_[20], 10'000), watch("u1", videos_[25], 10'000),
                       watch("u1", videos_[30], 10'000)})
                .status,
            200);
  // Entries no event wrote: read leniently, each would make the viewer a cats fan.
  const std::string now = std::to_string(clock_.seconds);
  const std::string& cats = videos_[0];
  core::redis::SyncClient sync(redis_server_.endpoint());
  ASSERT_TRUE(sync.pipeline(
      {{"LPUSH", RedisKeys(config_.key_prefix).interest("u1"), cats + " 1000000 " + now + "x",
        cats + " 1e6 " + now, cats + " 1000000", "1000000 " + now, "no-such-video 5 " + now}}));
  refresher_->refresh();
  FeedReply reply = feed("u1", 10);
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body["source"], "personalised");
  int cars = 0;
  for (const std::string& id : ids(reply))
    cars += creator_of_[id] >= "creator4";
  EXPECT_GE(cars, 6);
}

TEST_F(ViewerFeedTest, NoCreatorMoreThanTwiceInAnyTen) {
  make_trending(videos_);
  FeedReply reply = feed("u2", 30);
  std::vector<std::string> got = ids(reply);
  ASSERT_GE(got.size(), 30u);
  for (std::size_t start = 0; start + 10 <= got.size(); ++start) {
    std::map<std::string, int> per_creator;
    for (std::size_t i = start; i < start + 10; ++i)
      ++per_creator[creator_of_[got[i]]];
    for (const auto& [creator, n] : per_creator)
      EXPECT_LE(n, 2) << creator << " at " << start;
  }
}

TEST_F(ViewerFeedTest, CursorPagesAreStableWhileCountersChangeAndSkipWhatWasWatched) {
  make_trending(videos_);
  FeedReply first = feed("u3", 5);
  std::string cursor = first.body["cursor"];
  ASSERT_FALSE(cursor.empty());
  FeedReply peek = feed("u3", 5, cursor);
  std::vector<std::string> second_page = ids(peek);
  ASSERT_EQ(second_page.size(), 5u);
  // Other viewers make the second page's last video the most popular of all, and u3 watches
  // the second page's first video: the page keeps its order and only loses that video.
  nlohmann::json storm = nlohmann::json::array();
  for (int n = 0; n < 50; ++n)
    storm.push_back(watch("other" + std::to_string(n), second_page[4], 10'000));
  ASSERT_EQ(post(storm).status, 200);
  ASSERT_EQ(post_each({watch("u3", second_page[0], 3'000)}).status, 200);
  refresher_->refresh();
  FeedReply again = feed("u3", 4, cursor);
  std::vector<std::string> expected(second_page.begin() + 1, second_page.end());
  EXPECT_EQ(ids(again), expected);
  std::vector<std::string> first_page = ids(first);
  std::set<std::string> across(first_page.begin(), first_page.end());
  for (const std::string& id : second_page)
    EXPECT_FALSE(across.contains(id));
}

TEST_F(ViewerFeedTest, TheViewersOwnEventsInvalidateTheirCachedFeed) {
  make_trending(videos_);
  auto cars_in = [this](const std::vector<std::string>& got) {
    return std::count_if(got.begin(), got.end(),
                         [this](const std::string& id) { return creator_of_[id] >= "creator4"; });
  };
  // Two completions of "cars" videos: still a cold viewer, served trending (cats first).
  ASSERT_EQ(post_each({watch("u4", videos_[20], 10'000), watch("u4", videos_[25], 10'000)}).status,
            200);
  std::vector<std::string> a = ids(feed("u4", 10));
  std::vector<std::string> b = ids(feed("u4", 10));
  EXPECT_EQ(a, b) << "same epoch, same catalog: the cached ranking";
  EXPECT_LT(cars_in(a), 5);
  // The third makes the viewer's profile count: a ranking kept from before would still lean
  // to cats.
  ASSERT_EQ(post_each({watch("u4", videos_[30], 10'000)}).status, 200);
  std::vector<std::string> c = ids(feed("u4", 10));
  EXPECT_GE(cars_in(c), 6);
}

TEST_F(ViewerFeedTest, AStoredFeedAndTheViewersPlaceInItExpire) {
  make_trending(videos_);
  std::string cursor = feed("u6", 5).body["cursor"];
  ASSERT_NE(cursor.find('.'), std::string::npos);
  RedisKeys keys(config_.key_prefix);
  core::redis::SyncClient sync(redis_server_.endpoint());
  // The place expired before the feed did: the next page writes it again, with an expiry.
  ASSERT_TRUE(sync.pipeline({{"DEL", keys.current("u6")}}));
  ASSERT_EQ(feed("u6", 5, cursor).status, 200);
  // The place is written after the page is answered: the loop sends it on its next turn.
  core::redis::PipelineResult ttls;
  for (int attempt = 0; attempt < 100; ++attempt) {
    ttls = sync.pipeline({{"TTL", keys.feed("u6", cursor.substr(0, cursor.find('.')))},
                          {"TTL", keys.current("u6")}});
    ASSERT_TRUE(ttls);
    if ((*ttls)[1].as_integer() != -2) break;
    spin(std::chrono::milliseconds(10));
  }
  for (const core::redis::Reply& ttl : *ttls) {
    EXPECT_GT(ttl.as_integer().value_or(-1), 0);
    EXPECT_LE(ttl.as_integer().value_or(-1), config_.feed_ttl_s);
  }
}

TEST_F(ViewerFeedTest, AFeedRedisCouldNotStoreWholeHasNoCursor) {
  make_trending(videos_);
  RedisKeys keys(config_.key_prefix);
  core::redis::SyncClient sync(redis_server_.endpoint());
  ASSERT_TRUE(sync.pipeline({{"SET", keys.current("u7"), "not a hash"}}));
  FeedReply reply = feed("u7", 5);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(ids(reply).size(), 5u);
  EXPECT_EQ(reply.body.value("cursor", std::string("absent")), "");
}

TEST_F(ViewerFeedTest, BadOrExpiredCursorStartsANewFeed) {
  make_trending(videos_);
  for (const char* cursor : {"garbage", "abc.notanumber", "deadbeef.3", ".5"}) {
    FeedReply reply = feed("u5", 5, cursor);
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(ids(reply).size(), 5u) << cursor;
  }
}

}  // namespace
}  // namespace origin::feed
