// Compression into a window scales every timestamp by window / span, then pushes each row of a
// user to no earlier than the end of its previous watch: gaps between sessions shrink, while
// back-to-back swipes keep their real rhythm (a trace may then run slightly past the window).
#include "bench/swipebench/convert/kuairec.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>

#include "bench/swipebench/csv.h"
#include "bench/swipebench/gen/audience.h"
#include "bench/swipebench/trace_fields.h"

namespace swipebench::convert {
namespace {

constexpr size_t kMaxLineBytes = 4096;
constexpr int64_t kEarlySkipMs = 2000;

struct Play {
  std::string user;
  std::string video;
  int64_t ts_ms = 0;
  int64_t watch_ms = 0;
};

// FNV-1a: unlike std::hash, the same on every platform, so a user's region is too.
uint64_t stable_hash(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text)
    hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return hash;
}

std::string at(std::string_view name, size_t line, std::string_view field, std::string_view why) {
  return std::string(name) + ":" + std::to_string(line) + ": " + std::string(field) +
         (field.empty() ? "" : ": ") + std::string(why);
}

// A decimal number, or nullopt for the log's missing values (empty, NaN).
std::expected<std::optional<double>, std::string> number(const std::string& text) {
  if (text.empty() || text == "nan" || text == "NaN") return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
      value < 0 || value > 1e13)
    return std::unexpected("not a non-negative number");
  return value;
}

struct Columns {
  size_t user = 0, video = 0, play = 0, timestamp = 0, count = 0;
};

std::expected<Columns, std::string> find_columns(const CsvRecord& header, std::string_view name) {
  Columns columns{.count = header.fields.size()};
  const std::pair<std::string_view, size_t*> wanted[] = {{"user_id", &columns.user},
                                                         {"video_id", &columns.video},
                                                         {"play_duration", &columns.play},
                                                         {"timestamp", &columns.timestamp}};
  for (const auto& [column, index] : wanted) {
    const auto found = std::ranges::find(header.fields, column);
    if (found == header.fields.end())
      return std::unexpected(at(name, header.line, column, "missing"));
    *index = static_cast<size_t>(found - header.fields.begin());
  }
  return columns;
}

}  // namespace

std::expected<KuaiRecResult, std::string> convert_kuairec(std::string_view text,
                                                          std::string_view name,
                                                          const KuaiRecOptions& options,
                                                          const gen::GenModel& model,
                                                          size_t max_rows) {
  CsvReader reader(text, kMaxLineBytes);
  CsvRecord record;
  auto read = reader.next(record);
  if (!read) return std::unexpected(std::string(name) + ":" + read.error());
  if (!*read) return std::unexpected(at(name, 1, "", "no header"));
  auto columns = find_columns(record, name);
  if (!columns) return std::unexpected(columns.error());
  KuaiRecResult result;
  std::vector<Play> plays;
  std::unordered_map<std::string, size_t> user_order;
  while (true) {
    read = reader.next(record);
    if (!read) return std::unexpected(std::string(name) + ":" + read.error());
    if (!*read) break;
    const auto& fields = record.fields;
    if (fields.size() != columns->count)
      return std::unexpected(at(name, record.line, "",
                                std::to_string(fields.size()) + " fields, the header has " +
                                    std::to_string(columns->count)));
    Play play{.user = fields[columns->user], .video = fields[columns->video]};
    SwipeRow check;
    if (auto user = set_column(check, Column::kUser, play.user); !user)
      return std::unexpected(at(name, record.line, "user_id", user.error()));
    if (play.video.empty() || play.video.front() == '#' ||
        !set_column(check, Column::kVideo, play.video))
      return std::unexpected(at(name, record.line, "video_id", "not a video id"));
    auto played = number(fields[columns->play]);
    if (!played) return std::unexpected(at(name, record.line, "play_duration", played.error()));
    auto stamp = number(fields[columns->timestamp]);
    if (!stamp) return std::unexpected(at(name, record.line, "timestamp", stamp.error()));
    const std::optional<double> played_ms = *played;
    const std::optional<double> stamp_s = *stamp;
    if (!played_ms.has_value() || !stamp_s.has_value()) {
      ++result.skipped_rows;
      continue;
    }
    const auto [it, added] = user_order.try_emplace(play.user, user_order.size());
    if (options.max_users > 0 && it->second >= static_cast<size_t>(options.max_users)) continue;
    if (plays.size() == max_rows)
      return std::unexpected(
          at(name, record.line, "", "more than " + std::to_string(max_rows) + " rows"));
    play.ts_ms = static_cast<int64_t>(std::llround(*stamp_s * 1000));
    play.watch_ms = static_cast<int64_t>(std::llround(*played_ms));
    if (play.watch_ms > kMaxWatchMs) {
      play.watch_ms = kMaxWatchMs;
      ++result.clamped_rows;
    }
    plays.push_back(std::move(play));
  }
  if (plays.empty()) return std::unexpected(at(name, 1, "", "no plays with a timestamp"));

  // Per user in log order, then by time: stable, so equal timestamps keep the log's order.
  std::ranges::stable_sort(plays, [&](const Play& a, const Play& b) {
    const size_t ua = user_order.at(a.user);
    const size_t ub = user_order.at(b.user);
    return ua != ub ? ua < ub : a.ts_ms < b.ts_ms;
  });
  const int64_t first = std::ranges::min(plays, {}, &Play::ts_ms).ts_ms;
  const int64_t last = std::ranges::max(plays, {}, &Play::ts_ms).ts_ms;
  const double window_ms = options.window_minutes * 60'000;
  const double scale = window_ms > 0 && last > first
                           ? std::min(1.0, window_ms / static_cast<double>(last - first))
                           : 1.0;

  // Ranks by play count, ties by first appearance.
  std::unordered_map<std::string, std::pair<size_t, size_t>> counts;  // video -> (plays, first)
  for (const Play& play : plays) {
    auto [it, added] = counts.try_emplace(play.video, 0, counts.size());
    ++it->second.first;
  }
  std::vector<std::pair<std::string, std::pair<size_t, size_t>>> ranked(counts.begin(),
                                                                        counts.end());
  std::ranges::sort(ranked, [](const auto& a, const auto& b) {
    return a.second.first != b.second.first ? a.second.first > b.second.first
                                            : a.second.second < b.second.second;
  });
  std::unordered_map<std::string, std::string> names;
  for (size_t i = 0; i < ranked.size(); ++i)
    names[ranked[i].first] = options.keep_ids ? ranked[i].first : "#" + std::to_string(i + 1);

  const gen::Audience audience(model.regions.empty() ? gen::default_regions() : model.regions);
  std::string user;
  gen::Viewer viewer;
  int64_t free_at = 0;
  for (const Play& play : plays) {
    if (play.user != user) {
      user = play.user;
      gen::Rng rng(gen::Rng::derive(model.seed, stable_hash(user)));
      viewer = audience.make(user, 0, 0, rng);
      free_at = 0;
    }
    int64_t ts = static_cast<int64_t>(static_cast<double>(play.ts_ms - first) * scale);
    if (scale < 1) ts = std::max(ts, free_at);
    ts = std::min(ts, kMaxTsMs);
    free_at = ts + play.watch_ms;
    result.trace.rows.push_back({ts, viewer.user, viewer.region, viewer.ip, names[play.video],
                                 play.watch_ms, play.watch_ms < kEarlySkipMs ? "skip" : "view"});
  }
  std::ranges::stable_sort(result.trace.rows, {}, &SwipeRow::ts_ms);
  return result;
}

}  // namespace swipebench::convert
