// Delivering a stored object: a memory hit as one slice of the shared body (nothing copied), a
// disk hit read in bounded chunks (on the loop from the page cache, else on the disk tier's I/O
// threads), one chunk per resume(). The
// first disk read happens before the head is sent, so a file evicted meanwhile turns into a
// fresh lookup instead of a broken response.
#pragma once

#include <memory>

#include "edge/cache/cache_source.h"
#include "edge/cache/deferred_calls.h"
#include "edge/cache/delivery_plan.h"

namespace edge::cache {

class StoredFetch final : public proxy::ObjectFetch {
 public:
  // `result` is what X-Cache says (HIT, or STALE); `attempt` counts lookups of this request.
  StoredFetch(CacheSource& cache, const proxy::ObjectRequest& request,
              proxy::ObjectObserver& observer, StoredObject stored, LookupResult result,
              int attempt);
  void resume() override;
  const proxy::SourceInfo& info() const override;

 private:
  void begin();
  void read_next();
  void on_read(std::expected<core::http::Chunk, std::string> chunk);
  void send_head();

  CacheSource& cache_;
  const proxy::ObjectRequest& request_;
  proxy::ObjectObserver& observer_;
  StoredObject stored_;
  int attempt_;
  DeliveryPlan plan_;
  uint64_t sent_ = 0;  // body bytes of the plan delivered so far
  bool head_sent_ = false;
  std::optional<core::http::Chunk> first_;           // a disk hit's first read, held until the head
  std::unique_ptr<proxy::ObjectFetch> replacement_;  // after the file vanished
  proxy::SourceInfo info_;
  DeferredCalls calls_;
};

}  // namespace edge::cache
