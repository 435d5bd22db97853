// The warm fetches of one edge, on one worker's loop: takes tasks from the Warmer when its
// queue lets them start, fetches each through that worker's cache as a viewer's miss would be
// (one coalesced fill, stored on disk and, for playlists and first segments, in memory), and
// reports each outcome. A fetched media playlist is parsed and its init section and first
// segments queued. Never blocks: fetches are the cache's, timers are the loop's.
#pragma once

#include <event2/event.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "core/base/unique_handle.h"
#include "core/http/handler_with.h"
#include "core/http/stream.h"
#include "edge/cache/cache_source.h"
#include "edge/warm/cache_probe.h"
#include "edge/warm/warmer.h"
#include "prefetch/warm_queue.h"

namespace edge::warm {

class WarmFetch;

class WarmRunner {
 public:
  // On the loop's thread. `warmer` outlives the runner; `cache` is the worker's and outlives
  // it too. Attaches itself to the warmer.
  WarmRunner(Warmer& warmer, cache::CacheSource& cache, event_base* loop, std::string pop);
  // Detaches and cancels the fetches in flight (they count as failed).
  ~WarmRunner();
  WarmRunner(const WarmRunner&) = delete;
  WarmRunner& operator=(const WarmRunner&) = delete;

  // Starts every task that may start now. Fetches never call back inside their start, so this
  // never re-enters itself.
  void pump();

  // For WarmFetch: `fetch` has ended; destroys it.
  void ended(WarmFetch& fetch, prefetch::WarmOutcome outcome, uint64_t bytes,
             const std::string& playlist_body);

 private:
  void account_dropped(const prefetch::WarmQueue::Next& next);
  // An ended or dropped task in the ledger and the metrics alike.
  void account(const std::string& hint, const std::string& key, prefetch::WarmOutcome outcome,
               uint64_t bytes);
  void arm_retry(int64_t retry_at_ms);
  static void on_retry(evutil_socket_t, short, void* self);

  Warmer& warmer_;
  cache::CacheSource& cache_;
  CacheStateProbe probe_;
  std::string pop_;
  core::base::UniqueHandle<event, event_free> retry_;
  std::unordered_map<WarmFetch*, std::unique_ptr<WarmFetch>> fetches_;
  std::shared_ptr<char> alive_ = std::make_shared<char>();  // guards the posted wakes
};

// Worker 0's handler: owns the runner, passes every request on.
using RunnerHost = core::http::HandlerWith<WarmRunner>;

}  // namespace edge::warm
