// The trace format: JSON lines and CSV round trip to the same rows, readers name the line and
// field of the first bad value, limits refuse hostile input, and rows come back sorted.
#include "bench/swipebench/trace.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace swipebench {
namespace {

Trace sample() {
  Trace trace;
  trace.rows.push_back({0, "u1", "eu", "10.77.1.5", "#1", 1500, "skip"});
  trace.rows.push_back({250, "u2", "", "", "abc123", 30'000, "view"});
  // RFC 4180 quoting: a comma, a quote and a leading space in a user name.
  trace.rows.push_back({250, "name, \"quoted\"", "us", "2001:db8::1", "#12", 0, "like"});
  trace.rows.push_back({9000, "u\xC3\xA9", "ap", "10.77.3.9", "v-1.2_~", 61'000, "report"});
  return trace;
}

std::string error_of(std::string_view text, const TraceLimits& limits = {}) {
  auto trace = parse_trace(text, "t", limits);
  return trace ? std::string("accepted") : trace.error();
}

TEST(Trace, JsonLinesRoundTrip) {
  const Trace trace = sample();
  auto back = parse_trace(format_trace(trace, TraceFormat::kJsonLines), "t");
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->rows, trace.rows);
}

TEST(Trace, CsvRoundTripQuotesWhatNeedsIt) {
  const Trace trace = sample();
  const std::string csv = format_trace(trace, TraceFormat::kCsv);
  EXPECT_TRUE(csv.starts_with("ts_ms,user,region,ip,video,watch_ms,action\n"));
  EXPECT_NE(csv.find("\"name, \"\"quoted\"\"\""), std::string::npos) << csv;
  auto back = parse_trace(csv, "t");
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->rows, trace.rows);
  // And across formats: CSV -> JSON lines -> CSV is byte for byte the same.
  auto json = parse_trace(format_trace(*back, TraceFormat::kJsonLines), "t");
  ASSERT_TRUE(json);
  EXPECT_EQ(format_trace(*json, TraceFormat::kCsv), csv);
}

TEST(Trace, CsvTakesColumnsInAnyOrderCrlfAndQuotedEverything) {
  auto trace = parse_trace(
      "\xEF\xBB\xBF"
      "action,video,user,ts_ms,watch_ms,ip,region\r\n"
      "\"view\",\"#3\",\"a,b\",\"7\",\"10\",\"\",\"eu\"\r\n"
      "\r\n"
      "like,#1,u,5,0,,\r\n",
      "t");
  ASSERT_TRUE(trace) << trace.error();
  ASSERT_EQ(trace->rows.size(), 2U);
  EXPECT_EQ(trace->rows[0], (SwipeRow{5, "u", "", "", "#1", 0, "like"}));
  EXPECT_EQ(trace->rows[1].video, "#3");
  EXPECT_EQ(trace->rows[1].region, "eu");
  EXPECT_EQ(trace->rows[1].user, "a,b");
}

TEST(Trace, CsvCountsLinesInsideQuotedFields) {
  // A quoted line break is legal CSV, but no column may hold one; the next record's line
  // number counts it.
  const std::string header = "ts_ms,user,region,ip,video,watch_ms,action\n";
  EXPECT_EQ(error_of(header + "1,\"a\nb\",eu,,#1,3,view\n"),
            "t:2: user: holds a control character");
  EXPECT_EQ(error_of(header + "1,u,\"e\n\nu\",,#1,3,view\n"),
            "t:2: region: not a region (letters, digits, - _ . ~)");
}

TEST(Trace, JsonDefaultsOptionalColumns) {
  auto trace = parse_trace(R"({"ts_ms":1,"user":"u","video":"#2","watch_ms":3})", "t");
  ASSERT_TRUE(trace) << trace.error();
  EXPECT_EQ(trace->rows[0], (SwipeRow{1, "u", "", "", "#2", 3, "view"}));
}

TEST(Trace, UnsortedInputComesBackSortedAndStable) {
  auto trace = parse_trace(
      "{\"ts_ms\":30,\"user\":\"c\",\"video\":\"#1\",\"watch_ms\":1}\n"
      "{\"ts_ms\":10,\"user\":\"a\",\"video\":\"#1\",\"watch_ms\":1}\n"
      "{\"ts_ms\":30,\"user\":\"d\",\"video\":\"#1\",\"watch_ms\":1}\n"
      "{\"ts_ms\":20,\"user\":\"b\",\"video\":\"#1\",\"watch_ms\":1}\n",
      "t");
  ASSERT_TRUE(trace) << trace.error();
  std::string users;
  for (const auto& row : trace->rows)
    users += row.user;
  EXPECT_EQ(users, "abcd");
}

TEST(Trace, JsonErrorsNameLineAndField) {
  const std::string good = R"({"ts_ms":1,"user":"u","video":"#1","watch_ms":3})";
  EXPECT_EQ(error_of(good + "\n\n{\"ts_ms\":1,"), "t:3: not JSON (at byte 12)");
  EXPECT_EQ(error_of(good + "\n[1]"), "t:2: not a JSON object");
  EXPECT_EQ(error_of(R"({"ts_ms":1,"user":"u","video":"#1"})"), "t:1: watch_ms: missing");
  EXPECT_EQ(error_of(R"({"ts_ms":1,"user":"u","video":"#1","watch_ms":-5})"),
            "t:1: watch_ms: not a non-negative integer");
  EXPECT_EQ(error_of(R"({"ts_ms":1.5,"user":"u","video":"#1","watch_ms":5})"),
            "t:1: ts_ms: not a non-negative integer");
  EXPECT_EQ(error_of(R"({"ts_ms":"1","user":"u","video":"#1","watch_ms":5})"),
            "t:1: ts_ms: not a non-negative integer");
  EXPECT_EQ(error_of(R"({"ts_ms":1,"user":"u","video":"#1","watch_ms":18446744073709551615})"),
            "t:1: watch_ms: over 3600000");
  EXPECT_EQ(error_of(R"({"ts_ms":1,"user":"u","video":"#1","watch_ms":1e30})"),
            "t:1: watch_ms: not a non-negative integer");
  EXPECT_EQ(error_of(R"({"ts_ms":1,"user":"u","video":"#0","watch_ms":5})"),
            "t:1: video: not a rank (#1, #2, ...)");
  EXPECT_EQ(error_of(R"({"ts_ms":1,"user":"u","video":"../x","watch_ms":5})"),
            "t:1: video: not a video id (letters, digits, - _ . ~) nor a rank (#N)");
  EXPECT_EQ(error_of(R"({"ts_ms":1,"user":"u","video":"#1","watch_ms":5,"ip":"10.1"})"),
            "t:1: ip: not an IPv4 or IPv6 address");
  EXPECT_EQ(error_of(R"({"ts_ms":1,"user":"u","video":"#1","watch_ms":5,"action":"buy"})"),
            "t:1: action: not one of view, like, share, comment, follow, skip, report");
  EXPECT_EQ(error_of(R"({"ts_ms":1,"user":"u\n","video":"#1","watch_ms":5})"),
            "t:1: user: holds a control character");
  EXPECT_EQ(error_of(R"({"ts_ms":1,"user":"u","video":"#1","watch_ms":5,"watch":1})"),
            "t:1: watch: not a trace column");
  EXPECT_EQ(error_of(R"({"ts_ms":1,"user":7,"video":"#1","watch_ms":5})"),
            "t:1: user: not a string");
}

TEST(Trace, CsvErrorsNameLineAndField) {
  const std::string header = "ts_ms,user,region,ip,video,watch_ms,action\n";
  EXPECT_EQ(error_of(header + "1,u,eu,,#1,-3,view\n"), "t:2: watch_ms: not a non-negative integer");
  EXPECT_EQ(error_of(header + "1,u,eu,,#1,3\n"), "t:2: 6 fields, the header has 7");
  EXPECT_EQ(error_of(header + "\n\n1,u,e u,,#1,3,view\n"),
            "t:4: region: not a region (letters, digits, - _ . ~)");
  EXPECT_EQ(error_of(header + "1,\"u,eu,,#1,3,view\n"), "t:2: a quoted field is not closed");
  EXPECT_EQ(error_of(header + "1,\"u\"x,eu,,#1,3,view\n"), "t:2: text after a closing quote");
  EXPECT_EQ(error_of(header + "1,u\"x,eu,,#1,3,view\n"), "t:2: a quote inside an unquoted field");
  EXPECT_EQ(error_of("ts_ms,user,region,ip,video,action\n"), "t:1: watch_ms: missing");
  EXPECT_EQ(error_of("ts_ms,user,user,region,ip,video,watch_ms,action\n"),
            "t:1: user: named twice");
  EXPECT_EQ(error_of("hello\n"), "t:1: 'hello' is not a trace column");
}

TEST(Trace, LimitsRefuseHostileInput) {
  TraceLimits limits;
  limits.max_line_bytes = 100;
  limits.max_rows = 2;
  const std::string row = R"({"ts_ms":1,"user":"u","video":"#1","watch_ms":3})";
  EXPECT_EQ(error_of(row + "\n" + std::string(200, ' ') + "\n", limits),
            "t:2: line longer than 100 bytes");
  EXPECT_EQ(error_of(row + "\n" + row + "\n" + row + "\n", limits), "t:3: more than 2 rows");
  EXPECT_EQ(
      error_of("ts_ms,user,region,ip,video,watch_ms,action\n1,\"" + std::string(200, 'x'), limits),
      "t:2: record longer than 100 bytes");
  // Field sizes hold whatever the line limit is.
  EXPECT_EQ(error_of("{\"ts_ms\":1,\"user\":\"" + std::string(129, 'u') +
                     "\",\"video\":\"#1\",\"watch_ms\":3}"),
            "t:1: user: longer than 128 bytes");
  // Deep nesting is just not an object.
  EXPECT_EQ(error_of("{\"ts_ms\":" + std::string(1500, '[') + std::string(1500, ']') + "}"),
            "t:1: ts_ms: not a non-negative integer");
}

TEST(Trace, EmptyTextIsAnEmptyTrace) {
  auto trace = parse_trace(" \n\n", "t");
  ASSERT_TRUE(trace);
  EXPECT_TRUE(trace->rows.empty());
}

TEST(Trace, FilesRoundTripAndErrorsNameThePath) {
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("swipebench-trace-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "t.csv").string();
  ASSERT_TRUE(write_trace(sample(), path, TraceFormat::kCsv));
  auto back = read_trace(path);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->rows, sample().rows);
  EXPECT_EQ(read_trace((dir / "none").string()).error(), (dir / "none").string() + ": cannot open");
  EXPECT_FALSE(write_trace(sample(), (dir / "no" / "such").string(), TraceFormat::kCsv));
  std::filesystem::remove_all(dir);
}

TEST(Trace, VideoRank) {
  EXPECT_EQ(video_rank("#12"), 12);
  EXPECT_EQ(video_rank("#0"), std::nullopt);
  EXPECT_EQ(video_rank("#"), std::nullopt);
  EXPECT_EQ(video_rank("#1x"), std::nullopt);
  EXPECT_EQ(video_rank("#99999999999999999999"), std::nullopt);
  EXPECT_EQ(video_rank("v12"), std::nullopt);
}

}  // namespace
}  // namespace swipebench
