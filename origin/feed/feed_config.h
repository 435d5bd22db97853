// The settings of origind's feeds: where state lives in Redis, how much of it is kept, the
// limits of event batches and pages, and the ranking policy.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/redis/reply.h"
#include "origin/rank/event_effects.h"
#include "origin/rank/feed_ranker.h"

namespace origin::feed {

struct FeedConfig {
  core::redis::Endpoint redis;
  std::string key_prefix = "sc:";  // every key starts with it, so origins can share a database
  std::chrono::milliseconds redis_timeout{250};

  std::size_t max_batch_events = 1'000;
  std::size_t max_batches_waiting = 64;  // POST /api/events held at once; more are answered 503
  std::size_t default_page = 10;
  std::size_t max_page = 50;
  std::size_t stored_feed = 200;  // videos ranked per feed; pages walk this list
  int64_t feed_ttl_s = 3'600;     // a stored feed (and its cursor) lives this long
  int64_t viewer_ttl_s =
      int64_t{30} * 86'400;       // a viewer's history is forgotten after this idle time
  std::size_t seen_kept = 2'000;  // videos remembered as watched, per viewer
  // Interest signals remembered per viewer, the latest received (about a long session of
  // swipes): their sum is the viewer's interests.
  std::size_t interest_signals_kept = 200;
  std::size_t co_watch_kept = 200;            // co-completed videos remembered per video
  std::size_t trending_kept = 1'000;          // per region, in memory and in LMDB
  int64_t active_window_s = int64_t{5} * 60;  // viewers with an event this recent are active
  double region_horizon_s = 60;               // the region feed's planning horizon
  std::chrono::milliseconds refresh_interval{1'000};
  // What an event changes: half-lives, recent completions kept, co-watch partners, session gap.
  rank::EffectPolicy effects;
  rank::FeedPolicy policy;
};

}  // namespace origin::feed
