// Refresher: one pass reads what changed and publishes a new snapshot. Counters are loaded
// whole after Redis was away (nothing says what changed meanwhile), then incrementally: the
// videos the change log names since the last pass (Redis numbers its entries, so no origin's
// clock matters and nothing is read twice) and the videos that joined the catalog. The
// refreshers trim the log; one that finds entries gone before it read them (it counts them)
// loads every counter again.
#include "origin/feed/refresher.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string_view>
#include <unordered_set>

#include "origin/rank/feed_ranker.h"
#include "origin/rank/periodic_decay.h"

namespace origin::feed {
namespace {

using core::redis::Command;
using core::redis::Reply;

constexpr std::size_t kChunk = 1'000;      // commands per pipeline when loading counters
constexpr int kPersistEvery = 10;          // passes between copies of trending to LMDB
constexpr std::size_t kTrendingSlack = 5;  // a period's zset keeps 5x what is read

rank::VideoStats stats_from(const Reply& hash) {
  rank::VideoStats s;
  for (std::size_t i = 0; i + 1 < hash.elements.size(); i += 2) {
    const std::string& field = hash.elements[i].text;
    int64_t value = hash.elements[i + 1].as_integer().value_or(0);
    if (field == "views")
      s.views = value;
    else if (field == "completions")
      s.completions = value;
    else if (field == "replays")
      s.replays = value;
    else if (field == "likes")
      s.likes = value;
    else if (field == "shares")
      s.shares = value;
    else if (field == "comments")
      s.comments = value;
    else if (field == "follows")
      s.follows = value;
    else if (field == "skips")
      s.skips = value;
    else if (field == "reports")
      s.reports = value;
    else if (field == "watch_ms")
      s.watch_ms = value;
  }
  return s;
}

// How long the change log keeps entries, in Redis's own clock: a refresher further behind
// than this loads every counter again.
constexpr int64_t kChangesKeptMs = 120'000;
// The log is read in pages of kEntriesPerPage entries (a page of 500-event batches is a few MB,
// which Redis builds while it serves no one else), at most kPagesPerPass a pass; a refresher
// further behind goes on from there at the next pass.
constexpr std::size_t kEntriesPerPage = 500;
constexpr int kPagesPerPass = 20;

// The change log's state from XINFO STREAM: its last entry id and how many entries it ever
// had. A log that does not exist (yet, or any more) has had none; a Redis before 7.0 does not
// count them (nullopt).
struct LogState {
  std::string last_id = "0-0";
  std::optional<int64_t> added;
  int64_t length = 0;  // entries in the log now
};

LogState log_state(const Reply& info) {
  LogState state;
  if (info.is_error()) {
    state.added = 0;
    return state;
  }
  for (std::size_t i = 0; i + 1 < info.elements.size(); i += 2) {
    const std::string& field = info.elements[i].text;
    if (field == "last-generated-id")
      state.last_id = info.elements[i + 1].text;
    else if (field == "entries-added")
      state.added = info.elements[i + 1].as_integer();
    else if (field == "length")
      state.length = info.elements[i + 1].as_integer().value_or(0);
  }
  return state;
}

// The milliseconds part of a stream entry id ("ms-seq").
int64_t id_ms(std::string_view id) {
  int64_t ms = 0;
  std::from_chars(id.data(), id.data() + id.size(), ms);
  return ms;
}

TrendingList list_from(const Reply& with_scores) {
  TrendingList list;
  for (std::size_t i = 0; i + 1 < with_scores.elements.size(); i += 2)
    list.emplace_back(with_scores.elements[i].text,
                      with_scores.elements[i + 1].as_double().value_or(0));
  return list;
}

}  // namespace

Refresher::Refresher(const FeedConfig& config, store::Store& store, SnapshotBoard& board,
                     const core::base::Clock& clock, core::log::Logger& log)
    : config_(config),
      store_(store),
      board_(board),
      clock_(clock),
      log_(log),
      keys_(config.key_prefix),
      redis_(config.redis, std::max(config.redis_timeout * 4, std::chrono::milliseconds(1'000))),
      trending_(std::make_shared<std::unordered_map<std::string, TrendingList>>()) {
  if (auto kept = store_.trending(); kept) {
    auto restored = std::make_shared<std::unordered_map<std::string, TrendingList>>();
    for (auto& [region, list] : *kept)
      (*restored)[region] = std::move(list);
    trending_ = std::move(restored);
  } else {
    log_.warn("feed: cannot read the trending kept in LMDB", {{"error", kept.error().what}});
  }
  refresh();
  thread_ = std::thread([this] { run(); });
}

Refresher::~Refresher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Refresher::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, config_.refresh_interval, [this] { return stopping_; })) {
    lock.unlock();
    refresh();
    lock.lock();
  }
}

void Refresher::refresh() {
  std::lock_guard lock(pass_mutex_);
  pass();
}

void Refresher::pass() {
  load_catalog();
  bool was_ok = redis_ok_;
  bool ok = load_stats(!stats_complete_) && load_trending();
  if (ok != was_ok) {
    if (ok) {
      log_.info("feed: redis reachable", {{"redis", core::redis::to_string(config_.redis)}});
    } else {
      log_.warn("feed: redis unreachable, feeds fall back to the trending kept in LMDB",
                {{"redis", core::redis::to_string(config_.redis)}});
    }
  }
  redis_ok_ = ok;
  if (!ok) stats_complete_ = false;
  if (ok && ++passes_ % kPersistEvery == 0) keep_trending();

  auto snapshot = std::make_shared<FeedSnapshot>();
  snapshot->catalog = catalog_;
  publish_stats();
  snapshot->stats = published_stats_;
  snapshot->trending = trending_;
  auto indexed = std::make_shared<std::unordered_map<std::string, IndexedTrending>>();
  for (const auto& [region, list] : *trending_)
    (*indexed)[region] = rank::resolve_trending(*catalog_, list);
  snapshot->trending_indexed = std::move(indexed);
  snapshot->redis_ok = ok;
  board_.publish(std::move(snapshot));
}

void Refresher::load_catalog() {
  uint64_t stamp = store_.change_stamp();
  if (catalog_ && stamp == catalog_stamp_) return;
  auto videos = store_.ready_videos();
  if (!videos) {
    log_.error("feed: cannot read the catalog", {{"error", videos.error().what}});
    if (!catalog_) catalog_ = std::make_shared<rank::Catalog>(std::vector<rank::VideoInfo>{});
    return;
  }
  std::vector<rank::VideoInfo> infos;
  infos.reserve(videos->size());
  for (store::Video& v : *videos) {
    infos.push_back({.id = std::move(v.id),
                     .creator = std::move(v.creator),
                     .hashtags = std::move(v.hashtags),
                     .created_s = v.created_s,
                     .duration_ms = v.duration_ms,
                     .renditions = std::move(v.renditions)});
  }
  catalog_ = std::make_shared<rank::Catalog>(std::move(infos));
  catalog_stamp_ = stamp;
}

bool Refresher::load_stats(bool everything) {
  if (everything) return load_all_stats();
  std::vector<std::string> ids;
  std::unordered_set<std::string> seen;
  // Videos that joined the catalog since the counters were read have counters of their own
  // (a catalog imported from another origin, or one that could not be read at first).
  for (rank::VideoIndex i = 0; catalog_ != stats_catalog_ && i < catalog_->size(); ++i) {
    const std::string& id = catalog_->at(i).id;
    if ((!stats_catalog_ || !stats_catalog_->find(id)) && seen.insert(id).second) ids.push_back(id);
  }
  std::string read_to = changes_read_;
  std::optional<int64_t> added_to = changes_added_;
  for (int page = 0; page < kPagesPerPass; ++page) {
    // One transaction, so that the count and the entries describe the same log.
    auto read = redis_.pipeline(
        {{"MULTI"},
         {"XINFO", "STREAM", keys_.changes()},
         {"XRANGE", keys_.changes(), "(" + read_to, "+", "COUNT", std::to_string(kEntriesPerPage)},
         {"EXEC"}});
    if (!read || read->back().type != Reply::Type::kArray || read->back().elements.size() != 2)
      return false;
    const Reply& entries = read->back().elements[1];
    if (entries.is_error()) return false;
    const LogState state = log_state(read->back().elements[0]);
    if (!state.added && !warned_uncounted_) {
      warned_uncounted_ = true;
      log_.warn(
          "feed: this Redis does not count change log entries (before 7.0); a refresher "
          "that falls behind its trimming misses changes");
    }
    const bool caught_up = entries.elements.size() < kEntriesPerPage;
    if (state.added && added_to) {
      // Every entry after the position read must still be in the log, and the entries read
      // must be those.
      const int64_t unread = *state.added - *added_to;
      const auto got = static_cast<int64_t>(entries.elements.size());
      if (unread < got || unread > state.length || (caught_up && got != unread)) {
        log_.info("feed: the change log lost entries before they were read; loading every counter",
                  {{"read", *added_to}, {"added", *state.added}});
        return load_all_stats();
      }
      added_to = *added_to + got;
    }
    for (const Reply& entry : entries.elements) {
      if (entry.elements.size() < 2) continue;
      read_to = entry.elements[0].text;
      const std::vector<Reply>& fields = entry.elements[1].elements;
      for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
        std::string_view list = fields[i + 1].text;
        while (!list.empty()) {
          std::size_t space = list.find(' ');
          std::string id(list.substr(0, space));
          if (!id.empty() && seen.insert(id).second) ids.push_back(std::move(id));
          list.remove_prefix(space == std::string_view::npos ? list.size() : space + 1);
        }
      }
    }
    if (caught_up) break;
  }
  if (!load_counters(ids, stats_, true)) return false;
  stats_catalog_ = catalog_;
  changes_read_ = read_to;
  changes_added_ = added_to;
  trim_log(read_to);
  return true;
}

// Writers never trim; each refresher keeps two minutes of Redis time before what it read, and
// one further behind than that notices by the count and loads every counter.
void Refresher::trim_log(const std::string& last_read) {
  if (int64_t ms = id_ms(last_read); ms > kChangesKeptMs)
    (void)redis_.pipeline(
        {{"XTRIM", keys_.changes(), "MINID", std::to_string(ms - kChangesKeptMs)}});
}

bool Refresher::load_all_stats() {
  // The log's state first: what is added while the counters load is read again next pass.
  auto read = redis_.pipeline({{"MULTI"}, {"XINFO", "STREAM", keys_.changes()}, {"EXEC"}});
  if (!read || read->back().type != Reply::Type::kArray || read->back().elements.size() != 1)
    return false;
  const LogState state = log_state(read->back().elements[0]);
  std::vector<std::string> ids;
  ids.reserve(catalog_->size());
  for (rank::VideoIndex i = 0; i < catalog_->size(); ++i)
    ids.push_back(catalog_->at(i).id);
  std::unordered_map<std::string, rank::VideoStats> stats;
  if (!load_counters(ids, stats, false)) return false;
  stats_ = std::move(stats);
  stats_catalog_ = catalog_;
  stats_reloaded_ = true;
  stats_complete_ = true;
  changes_read_ = state.last_id;
  changes_added_ = state.added;
  trim_log(state.last_id);
  return true;
}

bool Refresher::load_counters(const std::vector<std::string>& ids,
                              std::unordered_map<std::string, rank::VideoStats>& into, bool patch) {
  for (std::size_t first = 0; first < ids.size(); first += kChunk) {
    std::vector<Command> reads;
    std::size_t last = std::min(ids.size(), first + kChunk);
    for (std::size_t i = first; i < last; ++i)
      reads.push_back({"HGETALL", keys_.video(ids[i])});
    auto hashes = redis_.pipeline(reads);
    if (!hashes) return false;
    for (std::size_t i = first; i < last; ++i) {
      const Reply& hash = (*hashes)[i - first];
      if (hash.is_error()) return false;
      // A hash that is gone (deleted, evicted) counts nothing any more.
      if (hash.elements.empty())
        into.erase(ids[i]);
      else
        into[ids[i]] = stats_from(hash);
      if (patch) stats_changed_.push_back(ids[i]);
    }
  }
  return true;
}

// The table of counters by catalog index that feeds read. Built whole when the catalog or every
// counter changed; otherwise a copy of the last one with the changed videos patched in, since a
// pass that looked up every video of a large catalog would take tens of milliseconds of CPU a
// second from the workers.
void Refresher::publish_stats() {
  if (!published_stats_ || published_catalog_ != catalog_ || stats_reloaded_) {
    auto stats = std::make_shared<std::vector<rank::VideoStats>>(catalog_->size());
    for (rank::VideoIndex i = 0; i < catalog_->size(); ++i) {
      if (auto it = stats_.find(catalog_->at(i).id); it != stats_.end()) (*stats)[i] = it->second;
    }
    published_stats_ = std::move(stats);
    published_catalog_ = catalog_;
  } else if (!stats_changed_.empty()) {
    auto stats = std::make_shared<std::vector<rank::VideoStats>>(*published_stats_);
    for (const std::string& id : stats_changed_) {
      auto index = catalog_->find(id);
      if (!index) continue;
      auto it = stats_.find(id);
      (*stats)[*index] = it != stats_.end() ? it->second : rank::VideoStats{};
    }
    published_stats_ = std::move(stats);
  }
  stats_changed_.clear();
  stats_reloaded_ = false;
}

bool Refresher::load_trending() {
  auto regions = redis_.pipeline({{"SMEMBERS", keys_.regions()}});
  if (!regions || regions->front().is_error()) return false;
  const rank::PeriodicDecay decay(config_.effects.trending_half_life_s);
  int64_t period = decay.period(static_cast<double>(clock_.unix_seconds()));
  std::vector<Command> reads;
  const std::string last = std::to_string(config_.trending_kept - 1);
  for (const Reply& region : regions->front().elements) {
    reads.push_back({"ZREVRANGE", keys_.trending(region.text, period), "0", last, "WITHSCORES"});
    reads.push_back(
        {"ZREVRANGE", keys_.trending(region.text, period - 1), "0", last, "WITHSCORES"});
  }
  auto lists = redis_.pipeline(reads);
  if (!lists) return false;
  auto trending = std::make_shared<std::unordered_map<std::string, TrendingList>>();
  TrendingList all_current;
  TrendingList all_previous;
  for (std::size_t i = 0; i < regions->front().elements.size(); ++i) {
    TrendingList current = list_from((*lists)[2 * i]);
    TrendingList previous = list_from((*lists)[2 * i + 1]);
    all_current.insert(all_current.end(), current.begin(), current.end());
    all_previous.insert(all_previous.end(), previous.begin(), previous.end());
    (*trending)[regions->front().elements[i].text] =
        decay.merge(current, previous, config_.trending_kept);
  }
  (*trending)[kAllRegions] = decay.merge(all_current, all_previous, config_.trending_kept);
  trending_ = std::move(trending);
  return true;
}

// Copies trending into LMDB and trims each region's current period in Redis.
void Refresher::keep_trending() {
  std::vector<std::pair<std::string, store::Store::Trending>> regions(trending_->begin(),
                                                                      trending_->end());
  uint64_t before = store_.change_stamp();
  if (auto put = store_.put_trending(regions); !put) {
    log_.error("feed: cannot keep trending in LMDB", {{"error", put.error().what}});
  }
  // LMDB numbers write transactions one by one: when the stamp moved by exactly this write
  // from the one the catalog was read at, no video changed and the catalog needs no reload.
  if (uint64_t after = store_.change_stamp(); before == catalog_stamp_ && after == before + 1)
    catalog_stamp_ = after;
  const rank::PeriodicDecay decay(config_.effects.trending_half_life_s);
  int64_t period = decay.period(static_cast<double>(clock_.unix_seconds()));
  std::vector<Command> trims;
  const std::string keep =
      std::to_string(-static_cast<int64_t>(kTrendingSlack * config_.trending_kept) - 1);
  for (const auto& [region, list] : *trending_) {
    if (region != kAllRegions)
      trims.push_back({"ZREMRANGEBYRANK", keys_.trending(region, period), "0", keep});
  }
  if (!trims.empty()) (void)redis_.pipeline(trims);
}

}  // namespace origin::feed
