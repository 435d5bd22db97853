// One warm fetch: a viewer that is never slow. Takes every chunk at once, keeps the body only
// of a media playlist it must follow (bounded), and tells the runner how it ended.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "edge/proxy/object_source.h"
#include "prefetch/warm_ledger.h"
#include "prefetch/warm_queue.h"

namespace edge::warm {

class WarmRunner;

class WarmFetch final : public proxy::ObjectObserver {
 public:
  // A playlist longer than this is not followed.
  static constexpr uint64_t kMaxPlaylistBytes = 1 << 20;

  WarmFetch(WarmRunner& runner, prefetch::WarmTask task, std::string key,
            proxy::ObjectRequest request);
  // Starts it through `source`. Callbacks never run inside.
  void start(proxy::ObjectSource& source);

  const prefetch::WarmTask& task() const { return task_; }
  const std::string& key() const { return key_; }

  void on_head(core::http::ResponseHead head) override;
  void on_body(core::http::Chunk chunk) override;
  void on_complete() override;
  void on_error(proxy::SourceError error) override;

 private:
  void end(prefetch::WarmOutcome outcome);

  WarmRunner& runner_;
  prefetch::WarmTask task_;
  std::string key_;  // the cache key, as the ledger and the cache's reports name the object
  proxy::ObjectRequest request_;
  std::unique_ptr<proxy::ObjectFetch> fetch_;
  int status_ = 0;
  uint64_t bytes_ = 0;
  std::string body_;  // only for a playlist to follow
};

}  // namespace edge::warm
