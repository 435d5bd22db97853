// Content-Range parsing: digits only (no signs, no spaces inside numbers), values that fit
// in int64.
#include "origin/api/content_range.h"

#include <charconv>

#include "core/http/headers.h"

namespace origin::api {
namespace {

std::optional<int64_t> number(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

std::optional<ChunkRange> parse_content_range(std::string_view value) {
  value = core::http::trim_ows(value);
  constexpr std::string_view kUnit = "bytes ";
  if (!value.starts_with(kUnit)) return std::nullopt;
  value.remove_prefix(kUnit.size());
  size_t slash = value.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto total = number(value.substr(slash + 1));
  if (!total) return std::nullopt;
  std::string_view span = value.substr(0, slash);
  ChunkRange range;
  range.total = *total;
  if (span == "*") return range;
  size_t dash = span.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto first = number(span.substr(0, dash));
  auto last = number(span.substr(dash + 1));
  if (!first || !last || *last < *first || *last >= *total) return std::nullopt;
  range.first = *first;
  range.last = *last;
  return range;
}

}  // namespace origin::api
