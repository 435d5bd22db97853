// Value rules: users are printable text (they reach URLs percent-encoded), regions and video ids
// are URL-safe tokens (they become path segments), IPs are literals a geo lookup can take.
#include "bench/swipebench/trace_fields.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

namespace swipebench {
namespace {

bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

bool is_token(std::string_view text) {
  return std::ranges::all_of(text, is_token_char) && text != "." && text != "..";
}

// No ASCII control characters (0x00-0x1f, 0x7f): they would break CSV lines, logs and URLs.
// Bytes from 0x80 pass, so UTF-8 names do.
bool is_printable(std::string_view text) {
  return std::ranges::none_of(text, [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
}

bool is_ip_literal(const std::string& text) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

std::expected<void, std::string> set_user(SwipeRow& row, std::string_view text) {
  if (text.empty()) return std::unexpected("empty");
  if (text.size() > kMaxUserBytes)
    return std::unexpected("longer than " + std::to_string(kMaxUserBytes) + " bytes");
  if (!is_printable(text)) return std::unexpected("holds a control character");
  row.user = std::string(text);
  return {};
}

std::expected<void, std::string> set_region(SwipeRow& row, std::string_view text) {
  if (text.size() > kMaxRegionBytes)
    return std::unexpected("longer than " + std::to_string(kMaxRegionBytes) + " bytes");
  if (!is_token(text)) return std::unexpected("not a region (letters, digits, - _ . ~)");
  row.region = std::string(text);
  return {};
}

std::expected<void, std::string> set_ip(SwipeRow& row, std::string_view text) {
  // INET6_ADDRSTRLEN bounds every literal inet_pton takes.
  std::string ip(text.substr(0, 64));
  if (!text.empty() && (text.size() > 45 || !is_ip_literal(ip)))
    return std::unexpected("not an IPv4 or IPv6 address");
  row.ip = std::move(ip);
  return {};
}

std::expected<void, std::string> set_video(SwipeRow& row, std::string_view text) {
  if (text.empty()) return std::unexpected("empty");
  if (text.size() > kMaxVideoBytes)
    return std::unexpected("longer than " + std::to_string(kMaxVideoBytes) + " bytes");
  if (text.front() == '#') {
    if (!video_rank(text)) return std::unexpected("not a rank (#1, #2, ...)");
  } else if (!is_token(text)) {
    return std::unexpected("not a video id (letters, digits, - _ . ~) nor a rank (#N)");
  }
  row.video = std::string(text);
  return {};
}

std::expected<void, std::string> set_action(SwipeRow& row, std::string_view text) {
  if (std::ranges::find(kActions, text) == kActions.end())
    return std::unexpected("not one of view, like, share, comment, follow, skip, report");
  row.action = std::string(text);
  return {};
}

}  // namespace

std::optional<int64_t> video_rank(std::string_view video) {
  if (video.size() < 2 || video.front() != '#') return std::nullopt;
  video.remove_prefix(1);
  if (!std::ranges::all_of(video, [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  int64_t rank = 0;
  const auto [end, error] = std::from_chars(video.data(), video.data() + video.size(), rank);
  if (error != std::errc() || end != video.data() + video.size() || rank < 1) return std::nullopt;
  return rank;
}

std::optional<Column> column_named(std::string_view name) {
  const auto* found = std::ranges::find(kColumnNames, name);
  if (found == kColumnNames.end()) return std::nullopt;
  return static_cast<Column>(found - kColumnNames.begin());
}

std::string_view column_name(Column column) {
  return kColumnNames[static_cast<size_t>(column)];
}

bool is_integer_column(Column column) {
  return column == Column::kTsMs || column == Column::kWatchMs;
}

std::expected<void, std::string> set_integer_column(SwipeRow& row, Column column, int64_t value) {
  const int64_t limit = column == Column::kTsMs ? kMaxTsMs : kMaxWatchMs;
  if (value < 0) return std::unexpected("not a non-negative integer");
  if (value > limit) return std::unexpected("over " + std::to_string(limit));
  (column == Column::kTsMs ? row.ts_ms : row.watch_ms) = value;
  return {};
}

std::expected<void, std::string> set_column(SwipeRow& row, Column column, std::string_view text) {
  switch (column) {
    case Column::kTsMs:
    case Column::kWatchMs: {
      int64_t value = 0;
      const char* end = text.data() + text.size();
      const bool digits =
          !text.empty() && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
      if (!digits || std::from_chars(text.data(), end, value).ec != std::errc())
        return std::unexpected("not a non-negative integer");
      return set_integer_column(row, column, value);
    }
    case Column::kUser:
      return set_user(row, text);
    case Column::kRegion:
      return set_region(row, text);
    case Column::kIp:
      return set_ip(row, text);
    case Column::kVideo:
      return set_video(row, text);
    case Column::kAction:
      return set_action(row, text);
  }
  return std::unexpected("unknown column");
}

}  // namespace swipebench
