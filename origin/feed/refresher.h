// The background thread that keeps the feed snapshot fresh: the catalog from the store when it
// changes, the counters of videos whose counters changed since the last pass (from the change
// log) or that joined the catalog, and regional trending. Every few passes it copies trending
// into LMDB, which is what feeds use when Redis is away (and what a restart starts from). It
// blocks on Redis and LMDB, never on a loop.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/base/clock.h"
#include "core/log/logger.h"
#include "core/redis/sync_client.h"
#include "origin/feed/feed_config.h"
#include "origin/feed/feed_snapshot.h"
#include "origin/feed/redis_keys.h"
#include "origin/store/store.h"

namespace origin::feed {

class Refresher {
 public:
  // Every reference must outlive the refresher. Loads the first snapshot before returning
  // (from LMDB alone when Redis is away), then refreshes every config.refresh_interval.
  Refresher(const FeedConfig& config, store::Store& store, SnapshotBoard& board,
            const core::base::Clock& clock, core::log::Logger& log);
  ~Refresher();
  Refresher(const Refresher&) = delete;
  Refresher& operator=(const Refresher&) = delete;

  // One pass now, on the caller's thread, in turn with the background passes.
  void refresh();

 private:
  void run();
  void pass();
  void load_catalog();
  bool load_stats(bool everything);
  bool load_all_stats();
  void trim_log(const std::string& last_read);
  // HGETALL of each id into `into`; with `patch`, the ids are also what the next published
  // table patches.
  bool load_counters(const std::vector<std::string>& ids,
                     std::unordered_map<std::string, rank::VideoStats>& into, bool patch);
  void publish_stats();
  bool load_trending();
  void keep_trending();

  const FeedConfig& config_;
  store::Store& store_;
  SnapshotBoard& board_;
  const core::base::Clock& clock_;
  core::log::Logger& log_;
  RedisKeys keys_;
  core::redis::SyncClient redis_;

  // The refresher's own state; published copies go to the board.
  uint64_t catalog_stamp_ = UINT64_MAX;
  std::shared_ptr<const rank::Catalog> catalog_;
  std::unordered_map<std::string, rank::VideoStats> stats_;
  // Since the last published table: ids whose counters were read again, or everything.
  std::vector<std::string> stats_changed_;
  bool stats_reloaded_ = false;
  std::shared_ptr<const std::vector<rank::VideoStats>> published_stats_;
  std::shared_ptr<const rank::Catalog> published_catalog_;  // the catalog it is indexed by
  std::shared_ptr<const std::unordered_map<std::string, TrendingList>> trending_;
  bool stats_complete_ = false;  // every counter was loaded since Redis was last reached
  std::shared_ptr<const rank::Catalog> stats_catalog_;  // the catalog counters were read for
  // The change log as far as read: its last entry id and how many entries it had ever had.
  std::string changes_read_ = "0-0";
  std::optional<int64_t> changes_added_;
  bool warned_uncounted_ = false;
  int passes_ = 0;
  bool redis_ok_ = false;

  std::mutex pass_mutex_;  // one pass at a time
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace origin::feed
