// Both curve shapes become one LeaveCurve: a retention curve S gives leave[k] = S(k) - S(k+1)
// (and 1 - S(0) more in second 0), with S(last) watching to the end.
#include "bench/swipebench/convert/curves.h"

#include <charconv>
#include <cmath>
#include <unordered_set>

#include "bench/swipebench/csv.h"
#include "bench/swipebench/trace.h"
#include "bench/swipebench/trace_fields.h"

namespace swipebench::convert {
namespace {

constexpr size_t kMaxLineBytes = 1024;
constexpr size_t kMaxSeconds = 3600;
constexpr size_t kMaxVideos = 1'000'000;
constexpr double kTolerance = 1e-6;  // for sums and monotony of rounded published values

std::string at(std::string_view name, size_t line, std::string_view field, std::string_view why) {
  return std::string(name) + ":" + std::to_string(line) + ": " + std::string(field) +
         (field.empty() ? "" : ": ") + std::string(why);
}

std::expected<void, std::string> finish(LeaveCurve& curve, CurveKind kind) {
  if (kind == CurveKind::kRetention) {
    std::vector<double> retention = std::move(curve.leave);
    if (retention.empty()) return std::unexpected("a retention curve without seconds");
    curve.leave.assign(retention.size(), 0);
    curve.leave[0] = 1 - retention[0];
    for (size_t k = 0; k + 1 < retention.size(); ++k) {
      if (retention[k + 1] > retention[k] + kTolerance)
        return std::unexpected("retention rises at second " + std::to_string(k + 1));
      curve.leave[k] += std::max(0.0, retention[k] - retention[k + 1]);
    }
    curve.complete = retention.back();
    return {};
  }
  double sum = 0;
  for (double p : curve.leave)
    sum += p;
  if (sum > 1 + kTolerance) return std::unexpected("swipe probabilities sum to more than 1");
  curve.complete = std::max(0.0, 1 - sum);
  return {};
}

}  // namespace

std::expected<std::vector<LeaveCurve>, std::string> parse_curves(std::string_view text,
                                                                 std::string_view name,
                                                                 CurveKind kind) {
  CsvReader reader(text, kMaxLineBytes);
  CsvRecord record;
  auto read = reader.next(record);
  if (!read) return std::unexpected(std::string(name) + ":" + read.error());
  if (!*read || record.fields != std::vector<std::string>{"video", "second", "value"})
    return std::unexpected(at(name, 1, "", "the header must be video,second,value"));
  std::vector<LeaveCurve> curves;
  std::unordered_set<std::string> seen;
  size_t curve_line = 0;
  while (true) {
    read = reader.next(record);
    if (!read) return std::unexpected(std::string(name) + ":" + read.error());
    if (!*read) break;
    const size_t line = record.line;
    if (record.fields.size() != 3) return std::unexpected(at(name, line, "", "want 3 fields"));
    const std::string& video = record.fields[0];
    SwipeRow check;
    if (!set_column(check, Column::kVideo, video) || video.front() == '#')
      return std::unexpected(at(name, line, "video", "not a video id (letters, digits, - _ . ~)"));
    if (curves.empty() || curves.back().video != video) {
      if (!curves.empty()) {
        if (auto done = finish(curves.back(), kind); !done)
          return std::unexpected(at(name, curve_line, "value", done.error()));
      }
      if (!seen.insert(video).second)
        return std::unexpected(at(name, line, "video", "rows of a video must be together"));
      if (curves.size() == kMaxVideos)
        return std::unexpected(at(name, line, "", "too many videos"));
      curves.push_back({video, {}, 0});
      curve_line = line;
    }
    LeaveCurve& curve = curves.back();
    size_t second = 0;
    const std::string& second_text = record.fields[1];
    const auto parsed =
        std::from_chars(second_text.data(), second_text.data() + second_text.size(), second);
    if (parsed.ec != std::errc() || parsed.ptr != second_text.data() + second_text.size() ||
        second != curve.leave.size())
      return std::unexpected(
          at(name, line, "second", "want " + std::to_string(curve.leave.size())));
    if (second >= kMaxSeconds) return std::unexpected(at(name, line, "second", "over an hour"));
    double value = 0;
    const std::string& value_text = record.fields[2];
    const auto number =
        std::from_chars(value_text.data(), value_text.data() + value_text.size(), value);
    if (number.ec != std::errc() || number.ptr != value_text.data() + value_text.size() ||
        !(value >= 0 && value <= 1))
      return std::unexpected(at(name, line, "value", "not a number from 0 to 1"));
    curve.leave.push_back(value);
  }
  if (curves.empty()) return std::unexpected(at(name, 1, "", "no curves"));
  if (auto done = finish(curves.back(), kind); !done)
    return std::unexpected(at(name, curve_line, "value", done.error()));
  return curves;
}

}  // namespace swipebench::convert
