// A viewer reading a fill: the head as soon as the origin's is here, then each chunk as it
// arrives, sliced to the viewer's range, one per resume(). Readers on any worker share the
// fill's chunks; a reader is woken through its own loop's mailbox.
#pragma once

#include <memory>
#include <optional>

#include "edge/cache/cache_source.h"
#include "edge/cache/deferred_calls.h"
#include "edge/cache/delivery_plan.h"
#include "edge/cache/fill.h"

namespace edge::cache {

class FillReader final : public proxy::ObjectFetch {
 public:
  // `result` is kMiss for the request that started the fill, kCoalesced for the others.
  // `stale` is what a failed revalidation may still serve (stale-if-error).
  // `reader` is this request's reader of `fill` (FillRegistry::Joined::reader).
  FillReader(CacheSource& cache, const proxy::ObjectRequest& request,
             proxy::ObjectObserver& observer, std::shared_ptr<Fill> fill, size_t reader,
             LookupResult result, std::optional<StoredObject> stale, int attempt);
  ~FillReader() override;
  FillReader(const FillReader&) = delete;
  FillReader& operator=(const FillReader&) = delete;
  void resume() override;
  const proxy::SourceInfo& info() const override;

 private:
  void pump();
  void start_head();
  void on_failed(proxy::SourceError error);
  void replace(std::unique_ptr<proxy::ObjectFetch> fetch);

  CacheSource& cache_;
  const proxy::ObjectRequest& request_;
  proxy::ObjectObserver& observer_;
  std::shared_ptr<Fill> fill_;  // null once replaced
  size_t reader_;
  LookupResult result_;
  std::optional<StoredObject> stale_;
  int attempt_;
  DeliveryPlan plan_;
  bool head_sent_ = false;
  // A chunk went to the observer and it has not asked for the next: a wake from the fill
  // must not deliver another (two queued steps would overwrite the observer's held chunk).
  bool awaiting_resume_ = false;
  size_t index_ = 0;     // the next fill chunk to look at
  uint64_t offset_ = 0;  // fill bytes before chunk index_
  uint64_t sent_ = 0;    // body bytes of the plan delivered
  std::unique_ptr<proxy::ObjectFetch> replacement_;
  proxy::SourceInfo info_;
  DeferredCalls calls_;
};

}  // namespace edge::cache
