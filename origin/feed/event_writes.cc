// EventWrites, shared_writes and ActiveMarks: aggregation of a batch into the fewest commands,
// and the commands.
#include "origin/feed/event_writes.h"

#include <charconv>
#include <cmath>
#include <iterator>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "origin/feed/interest_entry.h"
#include "origin/rank/periodic_decay.h"

namespace origin::feed {
namespace {

using core::redis::Command;
using core::redis::Reply;

std::string number(double value) {
  char text[32];
  auto end = std::to_chars(text, text + sizeof text, value).ptr;
  return std::string(text, end);
}

std::string number(int64_t value) {
  return std::to_string(value);
}

struct ViewerChanges {
  std::vector<std::pair<int64_t, rank::VideoIndex>> seen;
  std::vector<rank::VideoIndex> completions;  // oldest first
  std::vector<std::string> interest;          // entries, in the batch's order
  std::set<std::string> follows;
};

// Most commands per MULTI/EXEC transaction: Redis serves no one else while it runs one, and a
// few hundred cheap commands take it about a hundred microseconds.
constexpr std::size_t kCommandsPerTransaction = 200;

// Cuts commands into transactions of at most kCommandsPerTransaction. A group stays in one
// transaction (one larger than that gets one of its own): a key and its expiry, so that a
// pipeline cut between two transactions never leaves a key that would not expire.
class Transactions {
 public:
  void add(std::vector<Command> group) {
    const bool full = !list_.empty() && list_.back().size() > 1 &&
                      list_.back().size() - 1 + group.size() > kCommandsPerTransaction;
    if (list_.empty() || full) {
      if (!list_.empty()) list_.back().push_back({"EXEC"});
      list_.emplace_back().push_back({"MULTI"});
    }
    std::move(group.begin(), group.end(), std::back_inserter(list_.back()));
  }
  void add(Command command) {
    std::vector<Command> group;
    group.push_back(std::move(command));
    add(std::move(group));
  }
  std::vector<std::vector<Command>> take() && {
    if (!list_.empty()) list_.back().push_back({"EXEC"});
    return std::move(list_);
  }

 private:
  std::vector<std::vector<Command>> list_;
};

}  // namespace

EventWrites::EventWrites(const RedisKeys& keys, const FeedConfig& config,
                         const rank::Catalog& catalog, const EventBatch& batch, int64_t now_ms)
    : keys_(keys), config_(config), catalog_(catalog), batch_(batch), now_ms_(now_ms) {
  std::unordered_set<std::string_view> completers;
  for (const Event& e : batch_.events) {
    const std::string& user = e.what.user;
    if (rank::is_completion(e.what) && completers.insert(user).second) completers_.push_back(&user);
  }
}

std::vector<Command> EventWrites::reads() const {
  std::vector<Command> reads;
  reads.reserve(completers_.size());
  for (const std::string* user : completers_) {
    reads.push_back({"LRANGE", keys_.done(*user), "0",
                     number(static_cast<int64_t>(config_.effects.co_watch_partners) - 1)});
  }
  return reads;
}

std::vector<Command> EventWrites::writes(std::span<const Reply> replies,
                                         SharedChanges& shared) const {
  std::unordered_map<std::string_view, std::vector<std::string>> earlier;  // newest first
  std::size_t next = 0;
  for (const std::string* user : completers_) {
    std::vector<std::string>& list = earlier[*user];
    if (next < replies.size()) {
      for (const Reply& item : replies[next].elements)
        list.push_back(item.text);
    }
    ++next;
  }
  // A viewer's first watch of the batch in a region is counted by ActiveMarks; a later one
  // starts a session only after a gap within the batch (measured from the batch's earlier
  // watches alone: late events sent with current ones may count one more).
  std::map<std::pair<std::string_view, std::string_view>, int64_t> last_event_ms;

  const rank::EffectPolicy& effects = config_.effects;
  const rank::PeriodicDecay decay(effects.trending_half_life_s);
  const int64_t gap_ms = effects.session_gap_s * 1000;
  std::map<std::string_view, ViewerChanges> viewers;

  for (const Event& e : batch_.events) {
    const rank::Event& what = e.what;
    const rank::VideoInfo& video = catalog_.at(e.video);
    shared.regions.insert(e.region);
    rank::add_to(shared.counters[e.video], rank::stats_delta(what));
    double t_s = static_cast<double>(e.ts_ms) / 1000.0;
    if (double signal = rank::trending_signal(what); signal != 0)
      shared.trending[{e.region, decay.period(t_s), e.video}] += signal * decay.factor(t_s);
    ViewerChanges& viewer = viewers[what.user];
    if (auto units = std::llround(rank::interest_signal(what) * kInterestUnit); units != 0)
      viewer.interest.push_back(format_interest_entry(video.id, units, e.ts_ms / 1000));
    if (what.action == rank::Action::kFollow) viewer.follows.insert(video.creator);
    if (!rank::is_watch(what)) continue;
    viewer.seen.emplace_back(e.ts_ms, e.video);
    auto [last, first] = last_event_ms.try_emplace({what.user, e.region}, e.ts_ms);
    rank::SurvivalCounts& s = shared.survival[e.region];
    ++s.watches;
    s.watch_ms += what.watch_ms;
    if (!first && e.ts_ms - last->second > gap_ms) ++s.session_starts;
    last->second = std::max(last->second, e.ts_ms);
    if (!rank::is_completion(what)) continue;
    std::vector<std::string>& before = earlier[what.user];
    for (std::size_t i = 0; i < before.size() && i < effects.co_watch_partners; ++i) {
      if (before[i] == video.id) continue;
      ++shared.co_watch[{before[i], video.id}];
      ++shared.co_watch[{video.id, before[i]}];
    }
    before.insert(before.begin(), video.id);
    viewer.completions.push_back(e.video);
  }

  std::vector<Command> out;
  out.push_back({"MULTI"});
  const std::string viewer_ttl = number(config_.viewer_ttl_s);
  for (auto& [user, v] : viewers) {
    if (!v.seen.empty()) {
      std::string key = keys_.seen(user);
      Command add = {"ZADD", key};
      for (const auto& [ts, index] : v.seen) {
        add.push_back(number(ts));
        add.push_back(catalog_.at(index).id);
      }
      out.push_back(std::move(add));
      out.push_back(
          {"ZREMRANGEBYRANK", key, "0", number(-static_cast<int64_t>(config_.seen_kept) - 1)});
      out.push_back({"EXPIRE", key, viewer_ttl});
    }
    if (!v.completions.empty()) {
      std::string key = keys_.done(user);
      Command push = {"LPUSH", key};
      for (rank::VideoIndex index : v.completions)
        push.push_back(catalog_.at(index).id);
      out.push_back(std::move(push));
      out.push_back(
          {"LTRIM", key, "0", number(static_cast<int64_t>(effects.recent_completions) - 1)});
      out.push_back({"EXPIRE", key, viewer_ttl});
    }
    if (!v.interest.empty()) {
      std::string key = keys_.interest(user);
      Command push = {"LPUSH", key};
      std::move(v.interest.begin(), v.interest.end(), std::back_inserter(push));
      out.push_back(std::move(push));
      out.push_back(
          {"LTRIM", key, "0", number(static_cast<int64_t>(config_.interest_signals_kept) - 1)});
      out.push_back({"EXPIRE", key, viewer_ttl});
    }
    if (!v.follows.empty()) {
      std::string key = keys_.follows(user);
      Command add = {"SADD", key};
      add.insert(add.end(), v.follows.begin(), v.follows.end());
      out.push_back(std::move(add));
      out.push_back({"EXPIRE", key, viewer_ttl});
    }
  }
  out.push_back({"EXEC"});
  return out;
}

std::vector<std::vector<Command>> shared_writes(const RedisKeys& keys, const FeedConfig& config,
                                                const rank::Catalog& catalog,
                                                const SharedChanges& shared, int64_t now_ms) {
  Transactions out;
  std::string changed;
  for (const auto& [index, c] : shared.counters) {
    std::string key = keys.video(catalog.at(index).id);
    for (auto [field, value] : {std::pair{"views", c.views},
                                {"completions", c.completions},
                                {"replays", c.replays},
                                {"likes", c.likes},
                                {"shares", c.shares},
                                {"comments", c.comments},
                                {"follows", c.follows},
                                {"skips", c.skips},
                                {"reports", c.reports},
                                {"watch_ms", c.watch_ms}}) {
      if (value != 0) out.add({"HINCRBY", key, field, number(value)});
    }
    if (!changed.empty()) changed += ' ';
    changed += catalog.at(index).id;
  }
  // After the counters in the pipeline, so a refresher that reads the entry reads them too.
  if (!changed.empty()) out.add({"XADD", keys.changes(), "*", "v", std::move(changed)});

  const rank::EffectPolicy& effects = config.effects;
  const std::string period_ttl = number(static_cast<int64_t>(
      3 * rank::PeriodicDecay::kHalfLivesPerPeriod * effects.trending_half_life_s));
  std::vector<Command> group;
  // Keys in map order: each key's commands are adjacent.
  std::string key;
  for (auto it = shared.trending.begin(); it != shared.trending.end(); ++it) {
    const auto& [region, period, index] = it->first;
    if (group.empty()) key = keys.trending(region, period);
    group.push_back({"ZINCRBY", key, number(it->second), catalog.at(index).id});
    auto next = std::next(it);
    if (next == shared.trending.end() || std::get<0>(next->first) != region ||
        std::get<1>(next->first) != period) {
      group.push_back({"EXPIRE", key, period_ttl});
      out.add(std::move(group));
      group.clear();
    }
  }
  const std::string co_watch_last = number(-static_cast<int64_t>(config.co_watch_kept) - 1);
  for (auto it = shared.co_watch.begin(); it != shared.co_watch.end(); ++it) {
    if (group.empty()) key = keys.co_watch(it->first.first);
    group.push_back({"ZINCRBY", key, number(it->second), it->first.second});
    auto next = std::next(it);
    if (next == shared.co_watch.end() || next->first.first != it->first.first) {
      group.push_back({"ZREMRANGEBYRANK", key, "0", co_watch_last});
      out.add(std::move(group));
      group.clear();
    }
  }

  const int64_t minute = now_ms / 60'000;
  for (const auto& [region, s] : shared.survival) {
    std::string counts = keys.survival(region);
    group.push_back({"HINCRBY", counts, "watches", number(s.watches)});
    group.push_back({"HINCRBY", counts, "session_starts", number(s.session_starts)});
    group.push_back({"HINCRBY", counts, "watch_ms", number(s.watch_ms)});
    if (s.session_starts > 0) {
      std::string sessions = keys.sessions(region, minute);
      group.push_back({"INCRBY", sessions, number(s.session_starts)});
      group.push_back({"EXPIRE", sessions, "900"});
    }
    out.add(std::move(group));
    group.clear();
  }
  Command regions = {"SADD", keys.regions()};
  for (std::string_view region : shared.regions)
    regions.emplace_back(region);
  if (regions.size() > 2) out.add(std::move(regions));
  return std::move(out).take();
}

ActiveMarks::ActiveMarks(const RedisKeys& keys, const FeedConfig& config,
                         std::span<const EventBatch> parts, int64_t now_ms) {
  std::map<std::string_view, std::map<std::string_view, int64_t>> latest;  // region, viewer
  for (const EventBatch& part : parts) {
    for (const Event& e : part.events) {
      if (!rank::is_watch(e.what)) continue;
      auto [at, added] = latest[e.region].try_emplace(e.what.user, e.ts_ms);
      if (!added) at->second = std::max(at->second, e.ts_ms);
    }
  }
  // Kept for the session gap, so that absence means idle that long (and at least for the active
  // window the region feed reads; a window longer than the gap would undercount sessions).
  // Absence is judged at the batch's arrival, not at its events' own times.
  const int64_t kept_ms =
      std::max(config.effects.session_gap_s, config.active_window_s) * int64_t{1000};
  for (const auto& [region, viewers] : latest) {
    std::string key = keys.active(region);
    commands_.push_back({"ZREMRANGEBYSCORE", key, "-inf", "(" + number(now_ms - kept_ms)});
    Command add = {"ZADD", std::move(key), "GT"};
    for (const auto& [user, ts] : viewers) {
      add.push_back(number(ts));
      add.emplace_back(user);
    }
    commands_.push_back(std::move(add));
    regions_.push_back(region);
  }
}

bool ActiveMarks::count_sessions(std::span<const Reply> replies, SharedChanges& shared) const {
  if (replies.size() != 2 * regions_.size()) return false;
  for (std::size_t i = 0; i < regions_.size(); ++i) {
    const Reply& trimmed = replies[2 * i];
    std::optional<int64_t> added = replies[2 * i + 1].as_integer();
    if (trimmed.is_error() || !added) return false;
    shared.survival[regions_[i]].session_starts += *added;
  }
  return true;
}

}  // namespace origin::feed
