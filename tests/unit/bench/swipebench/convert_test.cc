// The converters on the small samples in data/: curve shapes parse into leave probabilities and
// sampled watch times follow them; KuaiRec-shaped logs map row to row with per-user order, real
// gaps, ranks by play count, and compression into a window.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "bench/swipebench/convert/curve_sampler.h"
#include "bench/swipebench/convert/curves.h"
#include "bench/swipebench/convert/kuairec.h"

namespace swipebench::convert {
namespace {

std::string sample(const std::string& file) {
  const auto path = std::filesystem::path(__FILE__).parent_path() / "data" / file;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_FALSE(text.str().empty()) << path;
  return text.str();
}

std::string curve_error(std::string_view text, CurveKind kind) {
  auto curves = parse_curves(text, "c", kind);
  return curves ? "accepted" : curves.error();
}

TEST(Convert, DashletCurvesKeepTheRestAsCompletions) {
  auto curves = parse_curves(sample("dashlet.csv"), "dashlet.csv", CurveKind::kSwipeProbability);
  ASSERT_TRUE(curves) << curves.error();
  ASSERT_EQ(curves->size(), 3U);
  EXPECT_EQ((*curves)[0].video, "d1");
  EXPECT_EQ((*curves)[0].duration_ms(), 8000);
  EXPECT_NEAR((*curves)[0].complete, 0.30, 1e-9);
  EXPECT_NEAR((*curves)[2].complete, 0.10, 1e-9);
}

TEST(Convert, RetentionBecomesLeaveProbabilities) {
  auto curves = parse_curves(sample("retention.csv"), "retention.csv", CurveKind::kRetention);
  ASSERT_TRUE(curves) << curves.error();
  const LeaveCurve& r2 = (*curves)[1];
  ASSERT_EQ(r2.leave.size(), 6U);
  EXPECT_NEAR(r2.leave[0], 0.20 + 0.30, 1e-9);  // before second 0, and during it
  EXPECT_NEAR(r2.leave[1], 0.10, 1e-9);
  EXPECT_NEAR(r2.leave[5], 0.0, 1e-9);
  EXPECT_NEAR(r2.complete, 0.30, 1e-9);
}

TEST(Convert, CurveErrorsNameLineAndField) {
  EXPECT_EQ(curve_error("video,sec,value\n", CurveKind::kRetention),
            "c:1: the header must be video,second,value");
  EXPECT_EQ(curve_error("video,second,value\na,0,0.5\na,2,0.1\n", CurveKind::kRetention),
            "c:3: second: want 1");
  EXPECT_EQ(curve_error("video,second,value\na,0,0.5\na,1,0.6\n", CurveKind::kRetention),
            "c:2: value: retention rises at second 1");
  EXPECT_EQ(curve_error("video,second,value\na,0,0.7\na,1,0.6\n", CurveKind::kSwipeProbability),
            "c:2: value: swipe probabilities sum to more than 1");
  EXPECT_EQ(curve_error("video,second,value\na,0,x\n", CurveKind::kSwipeProbability),
            "c:2: value: not a number from 0 to 1");
  EXPECT_EQ(
      curve_error("video,second,value\na,0,0.1\nb,0,0.1\na,1,0.1\n", CurveKind::kSwipeProbability),
      "c:4: video: rows of a video must be together");
  EXPECT_EQ(curve_error("video,second,value\n../a,0,0.1\n", CurveKind::kSwipeProbability),
            "c:2: video: not a video id (letters, digits, - _ . ~)");
}

TEST(Convert, SampledWatchTimesFollowTheCurve) {
  auto curves = parse_curves(sample("dashlet.csv"), "dashlet.csv", CurveKind::kSwipeProbability);
  ASSERT_TRUE(curves);
  gen::GenModel model;
  model.viewers = 3000;
  model.minutes = 20;
  model.seed = 3;
  auto trace = sample_curves(*curves, model, false, 10'000'000);
  ASSERT_TRUE(trace) << trace.error();
  auto again = sample_curves(*curves, model, false, 10'000'000);
  ASSERT_TRUE(again);
  EXPECT_EQ(trace->rows, again->rows);
  // d3 ("#3"): half leave in second 0, 10 % watch all 5 s.
  size_t d3 = 0, first_second = 0, complete = 0;
  for (const SwipeRow& row : trace->rows) {
    ASSERT_TRUE(row.video == "#1" || row.video == "#2" || row.video == "#3") << row.video;
    ASSERT_EQ(row.action, row.watch_ms < 2000 ? "skip" : "view");
    if (row.video != "#3") continue;
    ++d3;
    first_second += row.watch_ms < 1000 ? 1 : 0;
    complete += row.watch_ms >= 5000 ? 1 : 0;
  }
  ASSERT_GT(d3, 2000U);
  EXPECT_NEAR(static_cast<double>(first_second) / static_cast<double>(d3), 0.5, 0.04);
  EXPECT_NEAR(static_cast<double>(complete) / static_cast<double>(d3), 0.1, 0.03);
  auto ids = sample_curves(*curves, model, true, 10'000'000);
  ASSERT_TRUE(ids);
  EXPECT_EQ(ids->rows.front().video.front(), 'd');
}

TEST(Convert, KuaiRecMapsRowsWithRealGaps) {
  gen::GenModel model;
  auto result = convert_kuairec(sample("kuairec.csv"), "kuairec.csv", {}, model, 1000);
  ASSERT_TRUE(result) << result.error();
  EXPECT_EQ(result->skipped_rows, 1U);
  const auto& rows = result->trace.rows;
  ASSERT_EQ(rows.size(), 10U);
  EXPECT_EQ(rows[0], (SwipeRow{0, "14", rows[0].region, rows[0].ip, "#1", 4381, "view"}));
  EXPECT_EQ(rows[1].ts_ms, 11'823);
  EXPECT_EQ(rows[1].video, "#2");  // 183: two plays
  EXPECT_EQ(rows[2].action, "skip");
  // User 21's plays come back in time order, the real gap between them kept.
  std::vector<SwipeRow> user21;
  for (const SwipeRow& row : rows)
    if (row.user == "21") user21.push_back(row);
  ASSERT_EQ(user21.size(), 2U);
  EXPECT_EQ(user21[1].ts_ms - user21[0].ts_ms, 2000);
  EXPECT_EQ(user21[0].watch_ms, 700);
  EXPECT_EQ(rows.back().ts_ms, 106'331'622);
  // One region and address per user.
  std::map<std::string, std::string> ip;
  for (const SwipeRow& row : rows) {
    auto [it, added] = ip.try_emplace(row.user, row.ip);
    EXPECT_EQ(it->second, row.ip);
  }
}

TEST(Convert, KuaiRecCompressesIntoTheWindowWithoutOverlap) {
  gen::GenModel model;
  const KuaiRecOptions options{.max_users = 2, .window_minutes = 10, .keep_ids = true};
  auto result = convert_kuairec(sample("kuairec.csv"), "k", options, model, 1000);
  ASSERT_TRUE(result) << result.error();
  std::map<std::string, int64_t> free_at;
  for (const SwipeRow& row : result->trace.rows) {
    EXPECT_NE(row.user, "21");
    EXPECT_LT(row.ts_ms, 10 * 60'000 + 60'000);
    EXPECT_GE(row.ts_ms, free_at[row.user]);
    free_at[row.user] = row.ts_ms + row.watch_ms;
    EXPECT_TRUE(video_rank(row.video) == std::nullopt) << row.video;
  }
  EXPECT_EQ(result->trace.rows.size(), 8U);
}

TEST(Convert, KuaiRecErrorsNameLineAndField) {
  gen::GenModel model;
  const auto error = [&](const std::string& text) {
    auto result = convert_kuairec(text, "k", {}, model, 1000);
    return result ? std::string("accepted") : result.error();
  };
  EXPECT_EQ(error("user_id,video_id,timestamp\n"), "k:1: play_duration: missing");
  EXPECT_EQ(error("user_id,video_id,play_duration,timestamp\n1,2,-5,100\n"),
            "k:2: play_duration: not a non-negative number");
  EXPECT_EQ(error("user_id,video_id,play_duration,timestamp\n1,2,5\n"),
            "k:2: 3 fields, the header has 4");
  EXPECT_EQ(error("user_id,video_id,play_duration,timestamp\n1,a/b,5,1\n"),
            "k:2: video_id: not a video id");
  EXPECT_EQ(error("user_id,video_id,play_duration,timestamp\n1,2,5,nan\n"),
            "k:1: no plays with a timestamp");
  EXPECT_EQ(error("user_id,video_id,play_duration,timestamp\n1,2,5,1\n1,2,5,1\n").substr(0, 3),
            "acc");
}

}  // namespace
}  // namespace swipebench::convert
