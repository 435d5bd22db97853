// One object fetched from the origins: attempts on the origins OriginSource::pick() names,
// retried after a backoff timer while nothing has reached the viewer, then relayed to the
// ObjectObserver chunk by chunk.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "core/base/unique_handle.h"
#include "core/client/origin_client.h"
#include "edge/proxy/object_source.h"
#include "edge/proxy/origin_source.h"

struct event;

namespace edge::proxy {

void free_timer(event* ev);

class OriginFetch final : public ObjectFetch, public core::client::FetchObserver {
 public:
  // Starts the first attempt; the source must outlive the fetch.
  OriginFetch(OriginSource& source, const ObjectRequest& request, ObjectObserver& observer);
  ~OriginFetch() override;
  OriginFetch(const OriginFetch&) = delete;
  OriginFetch& operator=(const OriginFetch&) = delete;

  // ObjectFetch
  void resume() override;
  const SourceInfo& info() const override { return info_; }

  // core::client::FetchObserver, for the current attempt
  void on_head(core::http::ResponseHead head) override;
  void on_body(core::http::Chunk chunk) override;
  void on_complete() override;
  void on_error(core::client::FetchError error) override;

 private:
  void attempt();
  bool may_retry(core::client::FetchError error) const;
  std::chrono::milliseconds backoff() const;
  static void on_retry_timer(int fd, short what, void* ctx);

  OriginSource& source_;
  const ObjectRequest& request_;
  ObjectObserver& observer_;
  std::unique_ptr<core::client::Fetch> fetch_;
  core::base::UniqueHandle<event, free_timer> retry_timer_;
  std::vector<size_t> tried_;  // origins of the attempts so far, in order
  SourceInfo info_;
  bool head_seen_ = false;
  bool idempotent_ = false;
};

}  // namespace edge::proxy
