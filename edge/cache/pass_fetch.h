// A request the cache does not answer (not GET or HEAD, no usable key, a response that must not
// be shared): straight to the origins, with the origin's response marked as a miss
// (X-Cache: MISS, Age: 0 unless the origin said otherwise) like every other response of the
// edge.
#pragma once

#include <memory>

#include "edge/proxy/object_source.h"

namespace edge::cache {

class PassFetch final : public proxy::ObjectFetch, private proxy::ObjectObserver {
 public:
  // Starts the fetch at `origins`; `observer` outlives this fetch.
  PassFetch(proxy::ObjectSource& origins, const proxy::ObjectRequest& request,
            proxy::ObjectObserver& observer);
  void resume() override { fetch_->resume(); }
  const proxy::SourceInfo& info() const override { return fetch_->info(); }

 private:
  void on_head(core::http::ResponseHead head) override;
  void on_body(core::http::Chunk chunk) override { observer_.on_body(std::move(chunk)); }
  void on_complete() override { observer_.on_complete(); }
  void on_error(proxy::SourceError error) override { observer_.on_error(error); }

  proxy::ObjectObserver& observer_;
  std::unique_ptr<proxy::ObjectFetch> fetch_;
};

}  // namespace edge::cache
