// Range classification: the bytes range-set grammar of RFC 9110 14.1.1, with the list rule
// that empty elements are ignored, and positions bounded so they never overflow.
#include "core/http/range_header.h"

#include <algorithm>
#include <charconv>
#include <optional>

namespace core::http {
namespace {

std::optional<uint64_t> digits(std::string_view text) {
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// int-range (first "-" [last], first <= last) or suffix-range ("-" length).
bool valid_range_spec(std::string_view spec) {
  const size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return false;
  const std::string_view first = spec.substr(0, dash);
  const std::string_view last = spec.substr(dash + 1);
  if (first.empty()) return digits(last).has_value();
  const auto from = digits(first);
  if (!from) return false;
  if (last.empty()) return true;
  const auto to = digits(last);
  return to && *from <= *to;
}

}  // namespace

std::string_view to_label(RangeKind kind) {
  switch (kind) {
    case RangeKind::kNone:
      return "none";
    case RangeKind::kSingle:
      return "single";
    case RangeKind::kMultiple:
      return "multiple";
    case RangeKind::kInvalid:
      return "invalid";
  }
  return "none";
}

RangeKind classify_range(const core::http::Headers& headers) {
  size_t fields = 0;
  std::string_view value;
  for (const core::http::Header& field : headers.items()) {
    if (field.name != "range") continue;
    ++fields;
    value = field.value;
  }
  if (fields == 0) return RangeKind::kNone;
  if (fields > 1) return RangeKind::kInvalid;

  constexpr std::string_view kUnit = "bytes=";
  if (value.size() < kUnit.size() ||
      !core::http::equals_ignore_case(value.substr(0, kUnit.size()), kUnit)) {
    return RangeKind::kInvalid;
  }
  std::string_view set = value.substr(kUnit.size());
  size_t ranges = 0;
  while (true) {
    const size_t comma = set.find(',');
    const std::string_view element = trim_ows(set.substr(0, comma));
    if (!element.empty()) {
      if (!valid_range_spec(element)) return RangeKind::kInvalid;
      ++ranges;
    }
    if (comma == std::string_view::npos) break;
    set.remove_prefix(comma + 1);
  }
  if (ranges == 0) return RangeKind::kInvalid;
  return ranges == 1 ? RangeKind::kSingle : RangeKind::kMultiple;
}

std::optional<RangeSpec> single_range(const core::http::Headers& headers) {
  if (classify_range(headers) != RangeKind::kSingle) return std::nullopt;
  std::string_view set =
      headers.get("range").value_or("").substr(std::string_view("bytes=").size());
  std::string_view element;
  while (element.empty()) {
    const size_t comma = set.find(',');
    element = trim_ows(set.substr(0, comma));
    set.remove_prefix(comma == std::string_view::npos ? set.size() : comma + 1);
  }
  const size_t dash = element.find('-');
  return RangeSpec{digits(element.substr(0, dash)), digits(element.substr(dash + 1))};
}

std::optional<ByteSpan> resolve_range(const RangeSpec& spec, uint64_t length) {
  if (!spec.first) {
    const uint64_t suffix = spec.last.value_or(0);
    if (suffix == 0 || length == 0) return std::nullopt;
    return ByteSpan{length - std::min(suffix, length), length - 1};
  }
  if (*spec.first >= length) return std::nullopt;
  const uint64_t last = spec.last ? std::min(*spec.last, length - 1) : length - 1;
  return ByteSpan{*spec.first, last};
}

}  // namespace core::http
