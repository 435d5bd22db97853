// The feed side of one origind worker: event batches into Redis, viewer feeds and region feeds,
// each answered through a callback on the worker's loop. Redis is reached only through the
// worker's own async connection, so the loop never waits on it; when Redis is away, feeds are
// served from the snapshot (trending kept in LMDB) and event batches are refused with 503.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/base/clock.h"
#include "core/metrics/registry.h"
#include "core/redis/async_client.h"
#include "origin/feed/candidate_cache.h"
#include "origin/feed/feed_config.h"
#include "origin/feed/feed_snapshot.h"
#include "origin/feed/redis_keys.h"

namespace origin::feed {

// What every worker shares.
struct FeedShared {
  const FeedConfig& config;
  SnapshotBoard& board;
  CandidateCache& cache;
  const core::base::Clock& clock;
};

struct FeedReply {
  int status = 200;
  nlohmann::json body;
  bool fallback = false;  // served without Redis
};
using ReplyDone = std::function<void(FeedReply)>;

struct ViewerFeedRequest {
  std::string user;
  std::string region = "global";
  std::size_t count = 10;
  std::string cursor;
};

class FeedWorker {
 public:
  // Every reference must outlive the worker; `redis` and `metrics` are this worker's.
  FeedWorker(FeedShared shared, core::redis::AsyncClient& redis, core::metrics::Registry& metrics)
      : shared_(shared), redis_(redis), metrics_(metrics), keys_(shared.config.key_prefix) {}

  const FeedConfig& config() const { return shared_.config; }

  // POST /api/events with `body`: 200 with what was accepted and refused, 400/413 for a bad
  // batch, 503 when Redis is away (nothing was kept; the sender retries).
  void ingest(const std::string& body, const ReplyDone& done);
  // GET /api/feed: always 200 with a feed.
  void viewer_feed(ViewerFeedRequest request, ReplyDone done);
  // GET /api/feed/region/{R}: always 200 with [{video, p, renditions}], p for reaching a video
  // within `horizon_s` seconds.
  void region_feed(std::string region, std::size_t count, double horizon_s, ReplyDone done);

 private:
  struct FeedJob;
  void page_stored(std::shared_ptr<FeedJob> job);
  void load_profile(std::shared_ptr<FeedJob> job);
  void add_interest(const std::shared_ptr<FeedJob>& job, const core::redis::Reply& list);
  void rank_fresh(std::shared_ptr<FeedJob> job);
  void finish_fresh(std::shared_ptr<FeedJob> job);
  void serve_fallback(std::shared_ptr<FeedJob> job);
  void reply_page(const std::shared_ptr<FeedJob>& job, std::string cursor);
  // `done` wrapped to count the feed by source and time it.
  ReplyDone counted(std::string_view kind, ReplyDone done);
  void count_refused(std::string_view reason, uint64_t events);

  FeedShared shared_;
  core::redis::AsyncClient& redis_;
  core::metrics::Registry& metrics_;
  RedisKeys keys_;
  struct FallbackFeed {
    std::shared_ptr<const FeedSnapshot> snapshot;
    std::vector<rank::RankedItem> items;
  };
  std::unordered_map<std::string, FallbackFeed> fallback_;  // by region
};

}  // namespace origin::feed
