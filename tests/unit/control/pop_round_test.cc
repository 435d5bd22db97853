// A PoP's round without sockets: feeds and edges answer from memory, so the plumbing (which
// regions are fetched, what is pushed where, when the held entries grow) is checked alone.
#include "control/plane/pop_round.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <set>

#include "prefetch/hint.h"

namespace control::plane {
namespace {

class FakeIo final : public RoundIo {
 public:
  void fetch_feed(const std::string& region, FeedDone done) override {
    asked.push_back(region);
    auto it = feeds.find(region);
    if (it == feeds.end()) return done(std::unexpected("connect"));
    done(it->second);
  }
  void push_hint(const std::string& edge, const std::string& body, PushDone done) override {
    pushed.emplace_back(edge, body);
    if (refusing.contains(edge)) return done(std::unexpected("status 401"));
    done({});
  }

  std::map<std::string, std::string> feeds;
  std::set<std::string> refusing;
  std::vector<std::string> asked;
  std::vector<std::pair<std::string, std::string>> pushed;
};

class PopRoundTest : public ::testing::Test {
 protected:
  PopRoundTest() {
    io_.feeds["eu"] = R"([{"video": "v1", "p": 0.9, "renditions": ["360p", "720p"]},
                          {"video": "v2", "p": 0.4, "renditions": ["360p"]}])";
    io_.feeds["uk"] = R"([{"video": "v3", "p": 0.7, "renditions": ["360p"]}])";
    pop_.name = "eu-west";
    pop_.regions = {"eu", "uk"};
    pop_.edges = {"http://127.0.0.1:1", "http://127.0.0.1:2"};
    pop_.budget = {64u << 20, 500};
  }

  RoundReport run(prefetch::Held held = {},
                  const std::optional<std::vector<std::string>>& edges = {}) {
    RoundSpec spec{pop_, std::move(held), edges.value_or(pop_.edges), "h-1", 1'800'000'000};
    std::optional<RoundReport> report;
    auto round = std::make_unique<PopRound>(io_, planner_, std::move(spec),
                                            [&](RoundReport r) { report = std::move(r); });
    round->start();
    EXPECT_TRUE(report) << "the round did not finish";
    return report.value_or(RoundReport{});
  }

  FakeIo io_;
  config::PopConfig pop_;
  prefetch::PlannerConfig planner_;
};

TEST_F(PopRoundTest, PlansTheMergedFeedsAndPushesTheHintToEveryEdge) {
  const RoundReport report = run();
  EXPECT_EQ(io_.asked, (std::vector<std::string>{"eu", "uk"}));
  ASSERT_TRUE(report.planned);
  std::set<std::string> videos;
  for (const auto& item : report.plan.items)
    videos.insert(item.video);
  EXPECT_EQ(videos, (std::set<std::string>{"v1", "v2", "v3"}));
  EXPECT_EQ(report.plan.items.front().video, "v1");
  ASSERT_EQ(io_.pushed.size(), 2u);
  EXPECT_EQ(io_.pushed[0].first, "http://127.0.0.1:1");
  EXPECT_EQ(io_.pushed[0].second, io_.pushed[1].second);
  auto hint = prefetch::parse_hint(io_.pushed[0].second);
  ASSERT_TRUE(hint) << hint.error();
  EXPECT_EQ(hint->id, "h-1");
  EXPECT_EQ(hint->expires_at, 1'800'000'000);
  EXPECT_EQ(hint->items.size(), report.hint_items);
  EXPECT_EQ(report.acked.size(), 2u);
  EXPECT_TRUE(report.failed.empty());
  EXPECT_EQ(report.held.at(prefetch::held_key("v1", "360p")), report.plan.items.front().segments);
}

TEST_F(PopRoundTest, WhatIsHeldIsNotPushedAgain) {
  const prefetch::Held held = run().held;
  io_.pushed.clear();
  const RoundReport again = run(held);
  EXPECT_TRUE(again.planned);
  EXPECT_EQ(again.hint_items, 0u);
  EXPECT_TRUE(io_.pushed.empty());
  EXPECT_EQ(again.held, held);
}

TEST_F(PopRoundTest, ARefusingEdgeLeavesTheHeldEntriesAsTheyWere) {
  io_.refusing.insert("http://127.0.0.1:2");
  const RoundReport report = run();
  EXPECT_EQ(report.acked, (std::vector<std::string>{"http://127.0.0.1:1"}));
  ASSERT_EQ(report.failed.size(), 1u);
  EXPECT_EQ(report.failed[0].second, "status 401");
  EXPECT_TRUE(report.held.empty());
}

TEST_F(PopRoundTest, OnlyTheGivenEdgesAreAsked) {
  const RoundReport report = run({}, std::vector<std::string>{"http://127.0.0.1:2"});
  ASSERT_EQ(io_.pushed.size(), 1u);
  EXPECT_EQ(io_.pushed[0].first, "http://127.0.0.1:2");
  EXPECT_FALSE(report.held.empty());
  io_.pushed.clear();
  const RoundReport lonely = run({}, std::vector<std::string>{});
  EXPECT_TRUE(lonely.planned);
  EXPECT_TRUE(io_.pushed.empty());
  EXPECT_TRUE(lonely.held.empty());
}

TEST_F(PopRoundTest, AFeedThatFailsOrDoesNotParseIsReportedAndTheOthersPlanned) {
  io_.feeds["uk"] = R"([{"video": "v3", "p": 7}])";
  RoundReport report = run();
  ASSERT_EQ(report.feed_errors.size(), 1u);
  EXPECT_EQ(report.feed_errors[0].first, "uk");
  EXPECT_TRUE(report.feed_errors[0].second.starts_with("bad feed: "));
  EXPECT_TRUE(report.planned);
  io_.feeds.clear();
  io_.pushed.clear();
  report = run();
  EXPECT_FALSE(report.planned);
  EXPECT_EQ(report.feed_errors.size(), 2u);
  EXPECT_TRUE(io_.pushed.empty());
}

TEST_F(PopRoundTest, APlanLargerThanAHintKeepsItsBestAndHoldsOnlyWhatWasSent) {
  std::string feed = "[";
  for (int i = 0; i < 2'500; ++i) {
    if (i > 0) feed += ",";
    feed += R"({"video": "v)" + std::to_string(i) + R"(", "p": )" + std::to_string(0.9 - i * 1e-5) +
            R"(, "renditions": ["360p"]})";
  }
  io_.feeds = {{"eu", feed + "]"}};
  pop_.regions = {"eu"};
  pop_.budget = {uint64_t{1} << 40, 1'000'000};
  const RoundReport report = run();
  ASSERT_EQ(io_.pushed.size(), 2u);
  auto hint = prefetch::parse_hint(io_.pushed[0].second);
  ASSERT_TRUE(hint) << hint.error();
  EXPECT_EQ(hint->items.size(), prefetch::HintLimits{}.max_items);
  EXPECT_EQ(hint->items.front().video, "v0");
  EXPECT_EQ(report.plan.items.size(), prefetch::HintLimits{}.max_items);
  EXPECT_EQ(report.held.size(), prefetch::HintLimits{}.max_items);
  EXPECT_FALSE(report.held.contains("v2499/360p"));
}

}  // namespace
}  // namespace control::plane
