// The seven columns of a swipe trace and the rules a value must follow, shared by the JSON lines
// and CSV readers so that both refuse the same things with the same words.
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "bench/swipebench/trace.h"

namespace swipebench {

enum class Column : uint8_t { kTsMs, kUser, kRegion, kIp, kVideo, kWatchMs, kAction };

inline constexpr std::array<std::string_view, 7> kColumnNames = {
    "ts_ms", "user", "region", "ip", "video", "watch_ms", "action"};

inline constexpr std::array<std::string_view, 7> kActions = {"view",   "like", "share", "comment",
                                                             "follow", "skip", "report"};

// Bounds on values: a replay must never wait a day on one row, and ids end up in URLs.
inline constexpr int64_t kMaxTsMs = int64_t{366} * 24 * 3600 * 1000;  // a year of trace
inline constexpr int64_t kMaxWatchMs = int64_t{3600} * 1000;          // an hour on one clip
inline constexpr size_t kMaxUserBytes = 128;
inline constexpr size_t kMaxRegionBytes = 64;
inline constexpr size_t kMaxVideoBytes = 128;

std::optional<Column> column_named(std::string_view name);
std::string_view column_name(Column column);
bool is_integer_column(Column column);

// Checks `text` as the value of `column` and stores it in `row`; the error is the reason alone
// (the caller adds the line and the field). Integers are decimal digits only.
std::expected<void, std::string> set_column(SwipeRow& row, Column column, std::string_view text);
// The same for an integer column given as a number (JSON).
std::expected<void, std::string> set_integer_column(SwipeRow& row, Column column, int64_t value);

}  // namespace swipebench
