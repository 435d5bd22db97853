// The delay line on a fake clock: chunks leave no earlier than their delay, in order, partial
// writes keep their place, and ends queue behind the data.
#include "bench/delay_proxy/delay_line.h"

#include <gtest/gtest.h>

#include <string_view>

namespace bench::delay_proxy {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using TimePoint = DelayLine::TimePoint;

const TimePoint kStart = TimePoint(std::chrono::seconds(1000));

std::span<const std::byte> bytes_of(std::string_view text) {
  return std::as_bytes(std::span(text.data(), text.size()));
}

std::string text_of(std::span<const std::byte> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

TEST(DelayLine, EachChunkIsDueItsDelayAfterItWasRead) {
  DelayLine line(microseconds(7'500));
  line.push(bytes_of("first"), kStart);
  line.push(bytes_of("second"), kStart + milliseconds(3));
  EXPECT_EQ(line.buffered(), 11U);
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.front(), DelayLine::Item::kData);
  EXPECT_EQ(line.front_due(), kStart + microseconds(7'500));
  EXPECT_EQ(text_of(line.front_bytes()), "first");
  line.consume(5);
  EXPECT_EQ(line.front_due(), kStart + milliseconds(3) + microseconds(7'500));
  EXPECT_EQ(text_of(line.front_bytes()), "second");
  EXPECT_EQ(line.buffered(), 6U);
}

TEST(DelayLine, APartialWriteKeepsTheRestOfTheChunkInFront) {
  DelayLine line(milliseconds(40));
  line.push(bytes_of("abcdef"), kStart);
  line.push(bytes_of("gh"), kStart + milliseconds(1));
  line.consume(4);
  EXPECT_EQ(text_of(line.front_bytes()), "ef");
  EXPECT_EQ(line.front_due(), kStart + milliseconds(40));
  EXPECT_EQ(line.buffered(), 4U);
  line.consume(2);
  EXPECT_EQ(text_of(line.front_bytes()), "gh");
}

TEST(DelayLine, TheEndOfTheStreamQueuesBehindTheData) {
  DelayLine line(milliseconds(10));
  line.push(bytes_of("last words"), kStart);
  line.push_end(DelayLine::Item::kFin, kStart + milliseconds(2));
  line.push_end(DelayLine::Item::kReset, kStart + milliseconds(5));
  line.consume(10);
  EXPECT_EQ(line.front(), DelayLine::Item::kFin);
  EXPECT_EQ(line.front_due(), kStart + milliseconds(12));
  line.pop_end();
  EXPECT_EQ(line.front(), DelayLine::Item::kReset);
  EXPECT_EQ(line.front_due(), kStart + milliseconds(15));
  line.pop_end();
  EXPECT_TRUE(line.empty());
}

TEST(DelayLine, WithoutDelayBytesAreDueWhenRead) {
  DelayLine line(microseconds(0));
  line.push(bytes_of("now"), kStart);
  EXPECT_EQ(line.front_due(), kStart);
}

TEST(DelayLine, EmptyReadsQueueNothing) {
  DelayLine line(milliseconds(1));
  line.push({}, kStart);
  EXPECT_TRUE(line.empty());
  EXPECT_EQ(line.buffered(), 0U);
}

TEST(DelayLine, ClearDropsDataAndEnds) {
  DelayLine line(milliseconds(1));
  line.push(bytes_of("gone"), kStart);
  line.push_end(DelayLine::Item::kFin, kStart);
  line.clear();
  EXPECT_TRUE(line.empty());
  EXPECT_EQ(line.buffered(), 0U);
}

}  // namespace
}  // namespace bench::delay_proxy
